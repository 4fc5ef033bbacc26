// The coaching tools' small comforts: live budget totals while typing, and print buttons. Every page works without
// this script: the forms compute on the server.

// Amounts as people type them, like the server reads them: spaces, Arabic digits, "12.500,50" or "12,500.50".
function centimes(text) {
  let cleaned = '';
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code >= 0x660 && code <= 0x669) cleaned += String(code - 0x660);
    else if (code >= 0x6f0 && code <= 0x6f9) cleaned += String(code - 0x6f0);
    else if (ch === '\u066B') cleaned += ',';
    else if (/[0-9.,]/.test(ch)) cleaned += ch;
    else if (!/[\s\u066C\u202FDHdhMADmad]/.test(ch)) return null;
  }
  if (cleaned === '') return null;
  let integer = cleaned;
  let fraction = '';
  const mark = Math.max(cleaned.lastIndexOf(','), cleaned.lastIndexOf('.'));
  if (mark >= 0) {
    const after = cleaned.slice(mark + 1);
    if (after.length === 1 || after.length === 2) {
      integer = cleaned.slice(0, mark);
      fraction = after;
    } else if (after.length !== 3) return null;
  }
  const digits = integer.replace(/[.,]/g, '');
  if (digits === '' || digits.length > 13) return null;
  return Number(digits) * 100 + Number(fraction.padEnd(2, '0'));
}

// Arabic-Indic digits and the Arabic decimal separator, as Western ones.
function western(text) {
  return text.replace(/[\u0660-\u0669]/g, (d) => String(d.codePointAt(0) - 0x660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.codePointAt(0) - 0x6f0)).replace(/\u066B/g, '.');
}

function budget(form, box) {
  const lang = document.documentElement.lang || 'fr';
  const number = new Intl.NumberFormat(lang + '-MA', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const money = (c) => number.format(c / 100) + ' ' + box.dataset.currency;
  const read = (name, required) => {
    const input = form.elements[name];
    const text = input ? input.value.trim() : '';
    return text === '' ? (required ? null : 0) : centimes(text);
  };
  const show = (name, text) => { box.querySelector(`[data-total="${name}"]`).textContent = text; };
  const update = () => {
    const sales = Array.from({ length: 12 }, (_, i) => read(`sales_${i + 1}`, true));
    const percentText = western(form.elements.variable_percent?.value || '').trim().replace(',', '.');
    const percent = /^\d+(\.\d+)?$/.test(percentText) ? Number(percentText) : null;
    const fixed = read('fixed_costs', true);
    const investments = read('investments', true);
    const financing = ['own_funds', 'grant', 'loan_principal', 'honour_principal'].map((name) => read(name, false));
    const yearSales = sales.includes(null) ? null : sales.reduce((a, b) => a + b, 0);
    show('sales', yearSales === null ? '—' : money(yearSales));
    const usable = yearSales !== null && percent !== null && percent <= 100;
    show('margin', usable ? money(yearSales - Math.round(yearSales * percent / 100)) : '—');
    show('fixed', fixed === null ? '—' : money(fixed * 12));
    show('break_even', fixed !== null && percent !== null && percent < 100 ? money(Math.round(fixed * 100 / (100 - percent))) : '—');
    show('financing_gap', investments === null || financing.includes(null) ? '—' : money(financing.reduce((a, b) => a + b, 0) - investments));
  };
  form.addEventListener('input', update);
  box.hidden = false;
  update();
}

const form = document.getElementById('budget-form');
const box = document.getElementById('live-totals');
if (form && box) budget(form, box);

for (const button of document.querySelectorAll('[data-print]')) button.addEventListener('click', () => window.print());
