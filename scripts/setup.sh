#!/usr/bin/env bash
# Installs what building, packaging and testing the registry needs on
# Debian 12, and nothing that is already there: system packages (WebKitGTK,
# Xvfb, the WebKit WebDriver, CJK fonts, rpm, mingw-w64, Wine, Chromium and
# its WebDriver, qemu-user, LibreOffice Calc and poppler, which read and
# print the workbook as an office does), the Windows and musl targets of Rust, zig as
# the C cross compiler of the static builds, tauri-driver, cargo-deb,
# cargo-generate-rpm and cargo-zigbuild; for the browser mode's tests, the
# old Chromium engines (PyQtWebEngine wheels) and the pinned UI checkers
# (npm). Safe to run again.
set -euo pipefail

PACKAGES=(
  build-essential pkg-config
  libwebkit2gtk-4.1-dev libssl-dev librsvg2-dev libayatana-appindicator3-dev
  xvfb xauth x11-utils webkit2gtk-driver dbus-x11 fonts-noto-cjk
  python3 python3-openpyxl locales
  dpkg-dev rpm desktop-file-utils gcc-mingw-w64-x86-64 wine wine64
  chromium chromium-driver qemu-user-static python3-pip
  libreoffice-calc-nogui poppler-utils
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The locales the date test starts the window under.
for l in en_US zh_CN; do
  if ! locale -a 2>/dev/null | grep -qi "^$l\.utf-\?8$"; then
    echo "setup: generating $l.UTF-8"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO localedef -i "$l" -c -f UTF-8 "$l.UTF-8"
  fi
done

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
for tool in tauri-driver@2 cargo-deb@3 cargo-generate-rpm@0.21; do
  if ! command -v "${tool%@*}" >/dev/null 2>&1; then
    echo "setup: installing ${tool%@*}"
    cargo install "${tool%@*}" --version "^${tool#*@}" --locked
  fi
done

# The Windows builds of both programs and the static builds of parkreg
# (scripts/package.sh).
for target in x86_64-pc-windows-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
  if ! rustup target list --installed | grep -qx "$target"; then
    echo "setup: adding the Rust target $target"
    rustup target add "$target"
  fi
done

# zig compiles the bundled SQLite for the musl targets and links them;
# cargo-zigbuild drives it. Both are prebuilt wheels on PyPI (a build of
# cargo-zigbuild from source took minutes).
if ! /usr/bin/python3 -m ziglang version >/dev/null 2>&1; then
  echo "setup: installing zig (PyPI ziglang)"
  /usr/bin/python3 -m pip install --quiet --break-system-packages "ziglang==0.14.1"
fi
if ! command -v cargo-zigbuild >/dev/null 2>&1; then
  echo "setup: installing cargo-zigbuild (PyPI)"
  /usr/bin/python3 -m pip install --quiet --break-system-packages "cargo-zigbuild==0.24.1"
fi

# The old Chromium engines the browser mode is tested in (tests/old_engines.rs):
# QtWebEngine 5.12 is Chromium 69, 5.15.2 is Chromium 83, as UOS 20 and
# Kylin V10 ship them. Each in its own folder, found by PYTHONPATH.
engines="${PARKREG_OLD_ENGINES:-$HOME/.cache/parkreg/old-engines}"
install_engine() {
  local dir="$engines/$1"
  shift
  if [ ! -f "$dir/.installed" ]; then
    echo "setup: installing the old engine $(basename "$dir") ($*)"
    rm -rf "$dir"
    /usr/bin/python3 -m pip install --quiet --disable-pip-version-check --target "$dir" "$@"
    touch "$dir/.installed"
  fi
}
install_engine qt512 PyQt5==5.12.3 PyQtWebEngine==5.12.1 PyQt5-sip==12.20.1
install_engine qt515 PyQt5==5.15.2 PyQtWebEngine==5.15.2 PyQt5-sip==12.20.1

# Node for the UI's static gate (tests/compat), whose checkers are pinned
# in its lockfile and installed by tests/compat/check.sh.
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: installing nodejs and npm"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
