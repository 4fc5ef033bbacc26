"""The product's locale files as the pages should show them: placeholders filled and, for counts, the plural form that
CLDR's rules pick for the language (written here again, apart from the Swift, so a wrong rule there fails a test)."""
import json
import re

from conftest import ROOT

LOCALES = ROOT / "Sources/App/Resources/Locales"
TEXTS = {lang: json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8")) for lang in ("fr", "ar", "en")}
FR, AR = TEXTS["fr"], TEXTS["ar"]

BLOCK = re.compile(r"\{(\w+), plural,((?:\s*[=\w]+\s*\{[^{}]*(?:\{\w+\}[^{}]*)*\})+)\s*\}")
FORM = re.compile(r"\s*([=\w]+)\s*\{([^{}]*(?:\{\w+\}[^{}]*)*)\}")


def plural_category(lang, n):
    """CLDR's cardinal rules for whole numbers (https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html)."""
    if lang == "ar":
        if n in (0, 1, 2):
            return ("zero", "one", "two")[n]
        return "few" if 3 <= n % 100 <= 10 else "many" if 11 <= n % 100 <= 99 else "other"
    if lang == "fr":
        return "one" if n in (0, 1) else "many" if n % 1_000_000 == 0 else "other"
    return "one" if n == 1 else "other"


def say(texts, key, **values):
    """A locale text with its plural forms chosen and its {placeholders} filled in, as the page shows it."""
    lang = next(code for code, table in TEXTS.items() if table is texts)
    text = texts[key]

    def choose(match):
        shown = values[match.group(1)]
        forms = dict(FORM.findall(match.group(2)))
        n = int(re.sub(r"\D", "", shown.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))))
        return forms.get(f"={n}", forms.get(plural_category(lang, n), forms["other"])).replace("#", shown)

    text = BLOCK.sub(choose, text)
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    assert "{" not in text, text
    return text
