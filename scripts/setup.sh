# Sourced by scripts/run and scripts/test: installs what this project needs and is missing,
# skips what is there. Safe to run again and again; prints one line per tool.
#
# Needs only the Rust toolchain (rustup, cargo). Everything else comes from the registries this
# project may reach: crates.io (trunk, wasm-bindgen-cli), npm (binaryen's wasm-opt), PyPI
# (schemathesis, for the tests only), crates.io again (geckodriver, for the tests only) and
# Debian's packages (chromium, chromium-driver, webkit2gtk-driver, firefox-esr, xvfb, brotli,
# nodejs/npm and python3-venv when absent).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
TRUNK_VERSION="0.21.14"
# Debian's binaryen (108) produces a module that fails with "Table.set(): Argument 1 is invalid";
# the npm build of a current binaryen works with trunk.
BINARYEN_VERSION="132.0.0"
# The end-to-end tests run axe-core's axe.min.js in every screen they reach (WCAG 2.2 AA).
AXE_VERSION="4.10.3"
# Checks the API reference against the server (scripts/api-conformance); the exact versions of
# it and its dependencies are in crates/idv-sandbox/conformance/requirements.txt.
SCHEMATHESIS_VERSION="4.32.5"
# Drives Firefox for the end-to-end tests on Gecko (crates.io; built into .tools/geckodriver).
GECKODRIVER_VERSION="0.37.1"
WEBKIT_BROWSER="/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"

export PATH="$TOOLS/binaryen/node_modules/.bin:$TOOLS/geckodriver/bin:$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

setup_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown target: present"
  else
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

setup_trunk() {
  if command -v trunk >/dev/null && trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
    say "trunk $TRUNK_VERSION: present"
  else
    say "installing trunk $TRUNK_VERSION (takes several minutes, once)"
    cargo install "trunk@$TRUNK_VERSION" --locked
  fi
}

setup_wasm_bindgen() {
  # trunk uses the wasm-bindgen on PATH only when it is exactly the lockfile's version.
  local want
  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
  if [ -z "$want" ]; then
    say "cannot read the wasm-bindgen version from Cargo.lock" >&2
    return 1
  fi
  if command -v wasm-bindgen >/dev/null && wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    say "wasm-bindgen-cli $want: present"
  else
    say "installing wasm-bindgen-cli $want (takes a few minutes, once)"
    # Without --locked: one of its locked dependencies is no longer in the registry.
    cargo install "wasm-bindgen-cli@$want" --force
  fi
}

setup_node() {
  if command -v npm >/dev/null; then
    return
  fi
  say "installing nodejs and npm (for binaryen's wasm-opt)"
  apt_install nodejs npm
}

setup_wasm_opt() {
  local bin="$TOOLS/binaryen/node_modules/.bin/wasm-opt"
  if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    say "wasm-opt (binaryen $BINARYEN_VERSION from npm): present"
  else
    setup_node
    say "installing wasm-opt (binaryen $BINARYEN_VERSION from npm) into .tools/"
    mkdir -p "$TOOLS/binaryen"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS/binaryen" "binaryen@$BINARYEN_VERSION" >/dev/null
  fi
}

setup_axe() {
  local pkg="$TOOLS/axe/node_modules/axe-core/package.json"
  if [ -f "$pkg" ] && grep -q "\"version\": \"$AXE_VERSION\"" "$pkg"; then
    say "axe-core $AXE_VERSION: present"
  else
    setup_node
    say "installing axe-core $AXE_VERSION from npm into .tools/"
    mkdir -p "$TOOLS/axe"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS/axe" "axe-core@$AXE_VERSION" >/dev/null
  fi
}

setup_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "chromium and chromedriver: present"
  else
    say "installing chromium and chromium-driver from Debian"
    apt_install chromium chromium-driver
  fi
}

# The other engines a phone user has (issue 19): WebKit (every browser on an iPhone) through
# WebKitGTK's driver and MiniBrowser, which need a display (Xvfb), and Gecko through Firefox ESR
# and geckodriver.
setup_engines() {
  if [ -x /usr/bin/WebKitWebDriver ] && [ -x "$WEBKIT_BROWSER" ] && command -v Xvfb >/dev/null &&
    [ -x /usr/bin/firefox-esr ]; then
    say "WebKitGTK, Xvfb and Firefox ESR: present"
  else
    say "installing webkit2gtk-driver, xvfb and firefox-esr from Debian"
    apt_install webkit2gtk-driver xvfb firefox-esr
  fi
  if [ -x "$TOOLS/geckodriver/bin/geckodriver" ] &&
    "$TOOLS/geckodriver/bin/geckodriver" --version | grep -q " $GECKODRIVER_VERSION"; then
    say "geckodriver $GECKODRIVER_VERSION: present"
  else
    say "installing geckodriver $GECKODRIVER_VERSION from crates.io into .tools/ (a few minutes, once)"
    cargo install "geckodriver@$GECKODRIVER_VERSION" --locked --root "$TOOLS/geckodriver"
  fi
}

# schemathesis checks the API reference against the running sandbox (scripts/api-conformance).
# Every package is pinned (conformance/requirements.txt, from `pip freeze`), so a new release of
# one of its dependencies cannot change what the test suite reports.
setup_schemathesis() {
  local venv="$TOOLS/schemathesis"
  local reqs="$ROOT/crates/idv-sandbox/conformance/requirements.txt"
  if [ -x "$venv/bin/schemathesis" ] && cmp -s "$reqs" "$venv/requirements.txt"; then
    say "schemathesis $SCHEMATHESIS_VERSION: present"
    return
  fi
  if ! command -v python3 >/dev/null || ! python3 -m venv --help >/dev/null 2>&1 ||
    ! python3 -c 'import ensurepip' 2>/dev/null; then
    say "installing python3 and python3-venv from Debian (for schemathesis)"
    apt_install python3 python3-venv
  fi
  say "installing schemathesis $SCHEMATHESIS_VERSION from PyPI into .tools/"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$reqs"
  cp "$reqs" "$venv/requirements.txt"
}

# `brotli` reports the bundle's brotli size next to gzip (scripts/bundle-size); the budget
# itself is gzip's.
setup_brotli() {
  if command -v brotli >/dev/null; then
    say "brotli: present"
  else
    say "installing brotli from Debian"
    apt_install brotli
  fi
}

setup_all() {
  setup_wasm_target
  setup_trunk
  setup_wasm_bindgen
  setup_wasm_opt
  setup_axe
  setup_chromium
  setup_brotli
}
