# shellcheck shell=bash
# Helpers shared by scripts/test and scripts/bench; sourced by bash after `set -euo pipefail`.
# Functions return non-zero instead of relying on `set -e`, which bash ignores inside `if` and `||`.

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=
apt_install() {
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq || return 1; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# ensure_debs 'GLOB=PACKAGE'...: installs, in one apt-get call, the packages whose file is missing.
ensure_debs() {
  local pair missing=()
  for pair in "$@"; do
    compgen -G "${pair%%=*}" >/dev/null || missing+=("${pair#*=}")
  done
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

ensure_python_tools() {
  python3 -c 'import pytest, selenium, schemathesis, axe_core_python, openpyxl, pypdf' 2>/dev/null && return 0
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip || return 1
  # Debian marks its Python as externally managed; these test-only tools may sit beside its packages.
  PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install -q pytest selenium schemathesis axe-core-python openpyxl pypdf
}

ensure_swift() {
  command -v swift >/dev/null || { echo "swift is not on PATH: install a Swift 6 toolchain first" >&2; return 1; }
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
