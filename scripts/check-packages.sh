#!/usr/bin/env bash
# Checks the packages scripts/package.sh built as a clerk would meet them:
# installs the .deb with apt (so its Depends must resolve), validates its
# desktop entry, runs the installed programs (the desktop one in its real
# window under Xvfb), removes it and finds the registry still there; lists
# the .rpm; runs the Windows parkreg.exe under Wine against the Linux build;
# runs each static parkreg (aarch64 under qemu-user) against
# the Linux build, serve included, and finds none of them dynamic.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
target="${CARGO_TARGET_DIR:-target}"
packages="$target/packages"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "check-packages: $*" >&2
  exit 1
}
version="$(cargo pkgid -p parkreg | sed 's/.*[#@]//')"
as_of=2013-06-30

echo "check-packages: the .deb"
deb="$(realpath "$packages"/parkreg-desktop_"$version"-*_amd64.deb)"
depends="$(dpkg-deb -f "$deb" Depends)"
for lib in libwebkit2gtk-4.1-0 libgtk-3-0 libc6; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --reinstall "$deb" >/dev/null
desktop-file-validate /usr/share/applications/parkreg-desktop.desktop
grep -qx 'Name\[zh_CN\]=园区党组织台账' /usr/share/applications/parkreg-desktop.desktop ||
  fail "the desktop entry has no Chinese name"
for size in 16x16 32x32 48x48 64x64 128x128 256x256 512x512; do
  [ -f "/usr/share/icons/hicolor/$size/apps/parkreg-desktop.png" ] || fail "no $size icon"
done
zcat /usr/share/man/man1/parkreg.1.gz | grep -q '^\.TH parkreg 1' || fail "no man page"
zcat /usr/share/man/man1/parkreg-fund-pay.1.gz | grep -qF '\-\-voucher' ||
  fail "the man page of fund pay lacks --voucher"
grep -q 'generate-assets' /usr/share/bash-completion/completions/parkreg &&
  fail "the completions offer the packaging command"
for f in /usr/share/bash-completion/completions/parkreg \
  /usr/share/zsh/vendor-completions/_parkreg \
  /usr/share/fish/vendor_completions.d/parkreg.fish; do
  grep -q 'summary' "$f" || fail "$f does not complete the commands"
done
[ -f /usr/share/doc/parkreg-desktop/copyright ] || fail "no copyright file"
[ "$(/usr/bin/parkreg --version)" = "parkreg $version" ] || fail "parkreg --version: $(/usr/bin/parkreg --version)"

# The installed programs, on a registry in the default place of a clerk.
home="$tmp/home"
mkdir -p "$home"
registry="$home/.local/share/cn.parkreg.registry/registry.db"
env -u PARKREG_DB HOME="$home" XDG_DATA_HOME= /usr/bin/parkreg demo
[ -f "$registry" ] || fail "demo did not write $registry"
/usr/bin/parkreg --db "$tmp/demo.db" demo >/dev/null
/usr/bin/parkreg --db "$tmp/demo.db" summary --json --as-of "$as_of" >"$tmp/linux-summary.json"
# A registry protected by a passphrase, made here: the Windows and the
# static builds below must read it alike (each from a copy of its own).
passphrase="correct horse battery staple"
PARKREG_NEW_PASSPHRASE="$passphrase" /usr/bin/parkreg --db "$tmp/protected.db" demo >/dev/null
[ "$(head -c 15 "$tmp/protected.db")" != "SQLite format 3" ] || fail "the protected registry is plain"
PARKREG_PASSPHRASE="$passphrase" /usr/bin/parkreg --db "$tmp/protected.db" summary --json \
  --as-of "$as_of" | cmp - "$tmp/linux-summary.json" || fail "the protected registry's summary differs"
# The installed desktop program in its real window: first run to the dashboard.
PARKREG_BIN_DIR=/usr/bin cargo test --quiet --test desktop first_run_loads_the_sample_park

DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq parkreg-desktop >/dev/null
[ ! -e /usr/bin/parkreg-desktop ] || fail "removing left /usr/bin/parkreg-desktop"
[ -f "$registry" ] || fail "removing the package removed the registry"
"$target/release/parkreg" --db "$registry" check >/dev/null || fail "the registry left behind fails check"

echo "check-packages: the .rpm"
rpm="$(realpath "$packages"/parkreg-desktop-"$version"-*.x86_64.rpm)"
listed="$(rpm -qlp "$rpm" 2>/dev/null)"
for f in /usr/bin/parkreg /usr/bin/parkreg-desktop \
  /usr/share/applications/parkreg-desktop.desktop \
  /usr/share/icons/hicolor/256x256/apps/parkreg-desktop.png \
  /usr/share/icons/hicolor/scalable/apps/parkreg-desktop.svg \
  /usr/share/man/man1/parkreg.1.gz \
  /usr/share/bash-completion/completions/parkreg \
  /usr/share/licenses/parkreg-desktop/LICENSE; do
  grep -qx "$f" <<<"$listed" || fail "the .rpm lacks $f"
done
rpm -qp --requires "$rpm" 2>/dev/null | grep -q 'libwebkit2gtk-4.1.so.0' ||
  fail "the .rpm does not require WebKitGTK 4.1"

echo "check-packages: parkreg.exe under Wine"
/usr/bin/python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
  "$packages/parkreg-$version-windows-x64.zip" "$tmp/win"
exe="$tmp/win/parkreg-$version-windows-x64/parkreg.exe"
[ -f "$tmp/win/parkreg-$version-windows-x64/说明.txt" ] || fail "the zip has no 说明.txt"
# The desktop program cannot run under Wine (no WebView2 runtime there): it
# must be a Windows GUI program whose one non-system library is in the zip.
desktop_exe="$tmp/win/parkreg-$version-windows-x64/parkreg-desktop.exe"
headers="$(x86_64-w64-mingw32-objdump -p "$desktop_exe")"
grep -q 'Subsystem.*(Windows GUI)' <<<"$headers" || fail "parkreg-desktop.exe is not a GUI program"
grep -q 'DLL Name: WebView2Loader.dll' <<<"$headers" || fail "parkreg-desktop.exe does not load WebView2"
[ -f "$(dirname "$desktop_exe")/WebView2Loader.dll" ] || fail "the zip lacks WebView2Loader.dll"
# Wine 8.0 lacks a DLL that every Windows 10 and 11 has (see the source).
x86_64-w64-mingw32-gcc -O2 -shared -o "$(dirname "$exe")/bcryptprimitives.dll" \
  scripts/wine/bcryptprimitives.c -ladvapi32
export WINEPREFIX="$tmp/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# (wineserver may have stopped by itself already: not a failure)
trap 'wineserver -k 2>/dev/null || true; rm -rf "$tmp"' EXIT
wine() { command wine "$exe" "$@" </dev/null; }
[ "$(wine --version | tr -d '\r')" = "parkreg $version" ] || fail "parkreg.exe --version"
wine --db "Z:$tmp/wine-demo.db" demo >/dev/null
wine --db "Z:$tmp/wine-demo.db" summary --json --as-of "$as_of" >"$tmp/wine-summary.json"
cmp "$tmp/linux-summary.json" "$tmp/wine-summary.json" ||
  fail "summary --json differs between Linux and Windows"
cp "$tmp/protected.db" "$tmp/wine-protected.db"
PARKREG_PASSPHRASE="$passphrase" wine --db "Z:$tmp/wine-protected.db" summary --json --as-of "$as_of" \
  >"$tmp/wine-protected.json"
cmp "$tmp/linux-summary.json" "$tmp/wine-protected.json" ||
  fail "the protected registry made on Linux reads differently on Windows"
sum="$(sha256sum <"$tmp/wine-protected.db")"
PARKREG_PASSPHRASE="wrong passphrase" wine --db "Z:$tmp/wine-protected.db" summary >/dev/null 2>&1 &&
  fail "Windows opened the protected registry with a wrong passphrase"
[ "$(sha256sum <"$tmp/wine-protected.db")" = "$sum" ] || fail "a wrong passphrase changed the file"
# The same registry document, loaded by each.
"$target/release/parkreg" --db "$tmp/demo.db" dump --out "$tmp/park.json"
wine --db "Z:$tmp/wine-loaded.db" load "Z:$tmp/park.json" >/dev/null
wine --db "Z:$tmp/wine-loaded.db" summary --json --as-of "$as_of" >"$tmp/wine-loaded.json"
cmp "$tmp/linux-summary.json" "$tmp/wine-loaded.json" ||
  fail "summary --json of the loaded document differs between Linux and Windows"
wine --db "Z:$tmp/wine-loaded.db" export --as-of "$as_of" --out "Z:$tmp/wine.xlsx" >/dev/null
/usr/bin/python3 - "$tmp/wine.xlsx" "$tmp/linux-summary.json" <<'PY'
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
summary = json.load(open(sys.argv[2], encoding="utf-8"))
# Rows 1–3: the title, the 填报单位 line, the header.
units = [r for r in book["单位"].iter_rows(min_row=4, values_only=True) if r[0] is not None]
assert "汇总" in book.sheetnames, book.sheetnames
assert len(units) == summary["units"]["total"], (len(units), summary["units"]["total"])
print(f"check-packages: the workbook from Windows reads back: {len(units)} units")
PY
echo "check-packages: the static builds"
for arch in amd64 arm64; do
  case "$arch" in
    amd64) run=() ;;
    arm64) run=(qemu-aarch64-static) ;;
  esac
  tar -C "$tmp" -xzf "$packages/parkreg-$version-linux-$arch.tar.gz"
  bin="$tmp/parkreg-$version-linux-$arch/parkreg"
  # (ldd itself fails on a static binary, after saying so)
  linked="$(ldd "$bin" 2>&1 || true)"
  grep -q 'not a dynamic executable' <<<"$linked" || fail "$arch: ldd: $linked"
  readelf -l "$bin" | grep -q INTERP && fail "$arch: the binary asks for a dynamic loader"
  readelf -d "$bin" | grep -q NEEDED && fail "$arch: the binary needs shared libraries"
  [ "$("${run[@]}" "$bin" --version)" = "parkreg $version" ] || fail "$arch: --version"
  "${run[@]}" "$bin" --db "$tmp/$arch.db" demo >/dev/null
  "${run[@]}" "$bin" --db "$tmp/$arch.db" summary --json --as-of "$as_of" >"$tmp/$arch-summary.json"
  cmp "$tmp/linux-summary.json" "$tmp/$arch-summary.json" ||
    fail "$arch: summary --json differs from the Linux build's"
  cp "$tmp/protected.db" "$tmp/$arch-protected.db"
  PARKREG_PASSPHRASE="$passphrase" "${run[@]}" "$bin" --db "$tmp/$arch-protected.db" summary --json \
    --as-of "$as_of" | cmp - "$tmp/linux-summary.json" ||
    fail "$arch: the protected registry made by the glibc build reads differently"
  # serve: the link opens a session (cookie and page secret) that runs a
  # command; then it stops on Ctrl-C.
  "${run[@]}" "$bin" --db "$tmp/$arch.db" serve --no-open >"$tmp/$arch-serve.out" &
  serve_pid=$!
  for _ in $(seq 100); do grep -q '^parkreg serve: ' "$tmp/$arch-serve.out" && break; sleep 0.1; done
  url="$(sed -n 's/^parkreg serve: //p' "$tmp/$arch-serve.out")"
  [ -n "$url" ] || fail "$arch: serve printed no link"
  /usr/bin/python3 - "$url" <<'PY' || fail "$arch: serve did not answer its link"
import json, re, sys, urllib.request
# The link: the session cookie (HttpOnly) and the page's secret, then a
# command sent as the page sends it.
with urllib.request.urlopen(sys.argv[1]) as r:
    cookie = r.headers["Set-Cookie"]
    page = re.search(r"url=/#page=([0-9a-f]{64})", r.read().decode()).group(1)
assert "HttpOnly" in cookie, cookie
req = urllib.request.Request(sys.argv[1].split("/?")[0] + "/api/registry_status", data=b"{}", headers={
    "Cookie": cookie.split(";")[0], "X-Parkreg-Page": page, "Content-Type": "application/json"})
with urllib.request.urlopen(req) as r:
    assert json.load(r)["empty"] is False  # the sample park made above
PY
  kill -INT "$serve_pid"
  wait "$serve_pid" || fail "$arch: serve did not stop cleanly on Ctrl-C"
  deb="$(realpath "$packages"/parkreg_"$version"-*_"$arch".deb)"
  [ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || fail "$deb: not $arch"
  [ -z "$(dpkg-deb -f "$deb" Depends)" ] || fail "$deb depends on $(dpkg-deb -f "$deb" Depends)"
  contents="$(dpkg-deb -c "$deb")"
  grep -q '\./usr/bin/parkreg$' <<<"$contents" || fail "$deb lacks /usr/bin/parkreg"
  grep -q 'usr/share/man/man1/parkreg-serve.1.gz' <<<"$contents" || fail "$deb lacks the man page of serve"
  echo "check-packages: $arch: static, same summary, serve answers"
done
echo "check-packages: all packages checked"
