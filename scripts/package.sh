#!/usr/bin/env bash
# Builds the release programs and packages them into target/packages/:
#   parkreg-desktop_<version>-1_amd64.deb   (cargo-deb; Depends from dpkg-shlibdeps)
#   parkreg-desktop-<version>-1.x86_64.rpm  (cargo-generate-rpm)
#   parkreg-<version>-windows-x64.zip       (parkreg.exe, x86_64-pc-windows-gnu)
# The tools come from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
target="${CARGO_TARGET_DIR:-target}"
out="$target/packages"
rm -rf "$out"
mkdir -p "$out"

cargo build --release --locked --quiet -p parkreg -p parkreg-desktop

# The man pages and completions, from the command's own definition.
assets="$target/release/assets"
rm -rf "$assets"
"$target/release/parkreg" generate-assets --out "$assets"
gzip -9n "$assets"/man/*.1

cargo deb --quiet -p parkreg-desktop --no-build --output "$out/"
cargo generate-rpm -p src-tauri -o "$out/"

# Windows: the command line, in a portable zip with its Chinese README.
win=x86_64-pc-windows-gnu
cargo build --release --locked --quiet --target "$win" -p parkreg
version="$(cargo pkgid -p parkreg | sed 's/.*[#@]//')"
/usr/bin/python3 - "$target/$win/release/parkreg.exe" "$out/parkreg-$version-windows-x64.zip" <<'PY'
import sys, zipfile
exe, zip_path = sys.argv[1:]
folder = zip_path.rsplit("/", 1)[-1][: -len(".zip")]
# Notepad on older Windows 10 wants CRLF and a byte-order mark.
readme = open("src-tauri/packaging/windows/说明.txt", encoding="utf-8").read()
with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
    z.write(exe, f"{folder}/parkreg.exe")
    z.writestr(f"{folder}/说明.txt", "\ufeff" + readme.replace("\n", "\r\n"))
    z.write("LICENSE", f"{folder}/LICENSE.txt")
PY
ls -l "$out"
