#!/usr/bin/env bash
# Builds the release programs and packages them into target/packages/:
#   parkreg-desktop_<version>-1_amd64.deb   (cargo-deb; Depends from dpkg-shlibdeps)
#   parkreg-desktop-<version>-1.x86_64.rpm  (cargo-generate-rpm)
#   parkreg-<version>-windows-x64.zip       (parkreg.exe, parkreg-desktop.exe;
#                                            x86_64-pc-windows-gnu)
#   parkreg-<version>-linux-<arch>.tar.gz    (static parkreg, with `serve`;
#   parkreg_<version>-1_<arch>.deb            x86_64 and aarch64 musl,
#                                            compiled and linked by zig)
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

# Windows: the command line and the desktop program (which loads the
# WebView2 runtime of Windows 10 and 11 through WebView2Loader.dll, shipped
# beside it), stripped, in a portable zip with its Chinese README.
win=x86_64-pc-windows-gnu
cargo build --release --locked --quiet --target "$win" -p parkreg -p parkreg-desktop
version="$(cargo pkgid -p parkreg | sed 's/.*[#@]//')"
folder="$target/packages/parkreg-$version-windows-x64"
mkdir -p "$folder"
for exe in parkreg parkreg-desktop; do
  x86_64-w64-mingw32-strip -o "$folder/$exe.exe" "$target/$win/release/$exe.exe"
done
loader="$(ls -t "$target/$win"/release/build/webview2-com-sys-*/out/x64/WebView2Loader.dll | head -n1)"
cp "$loader" "$folder/"
/usr/bin/python3 - "$folder" <<'PY'
import os, sys, zipfile
folder = sys.argv[1]
name = os.path.basename(folder)
# Notepad on older Windows 10 wants CRLF and a byte-order mark.
readme = open("src-tauri/packaging/windows/说明.txt", encoding="utf-8").read()
with zipfile.ZipFile(folder + ".zip", "w", zipfile.ZIP_DEFLATED) as z:
    for f in ("parkreg.exe", "parkreg-desktop.exe", "WebView2Loader.dll"):
        z.write(os.path.join(folder, f), f"{name}/{f}")
    z.writestr(f"{name}/说明.txt", "\ufeff" + readme.replace("\n", "\r\n"))
    z.write("LICENSE", f"{name}/LICENSE.txt")
PY
rm -rf "$folder"

# Static parkreg for machines whose web view cannot run the window (UOS 20,
# Kylin V10, ARM64): musl, no glibc at all, zig as the C compiler (for the
# bundled SQLite) and the linker. (loongarch64 musl: Rust ships its std as
# a tier-2 target, but the toolchain's own download has none for this
# release, so it is not built.)
zig_dir="$(/usr/bin/python3 -c 'import os, ziglang; print(os.path.dirname(ziglang.__file__))')"
export PATH="$zig_dir:$PATH"
for triple in x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
  case "$triple" in
    x86_64-*) arch=amd64 ;;
    aarch64-*) arch=arm64 ;;
  esac
  CARGO_PROFILE_RELEASE_STRIP=symbols \
    cargo zigbuild --release --locked --quiet --target "$triple" -p parkreg
  rm -rf "$target/$triple/release/assets"
  cp -r "$assets" "$target/$triple/release/assets"
  cargo deb --quiet -p parkreg --target "$triple" --no-build --no-strip --output "$out/"
  folder="$target/packages/parkreg-$version-linux-$arch"
  mkdir -p "$folder"
  cp "$target/$triple/release/parkreg" README.md LICENSE "$folder/"
  cp -r "$assets/man" "$assets/completions" "$folder/"
  tar -C "$target/packages" -czf "$folder.tar.gz" "$(basename "$folder")"
  rm -rf "$folder"
done
ls -l "$out"
