#!/usr/bin/env bash
# Tests the .deb that `make package` built (scripts/package.sh): extracts it with
# `dpkg-deb -x` into a temp folder, as dpkg would install it, and runs tests/package/ against
# it: control fields, desktop entry and icons, and the extracted binary opened under a virtual
# X display through tauri-driver on the sample site. Builds nothing; the package must exist.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-$PWD/target}"
tools="${POSTWRIGHT_TOOLS:-$HOME/.cache/postwright/tools}"
export PATH="$tools/bin:$HOME/.cargo/bin:$PATH"

deb="${POSTWRIGHT_DEB:-$(ls -t "$target"/debug/bundle/deb/*.deb 2>/dev/null | head -n 1 || true)}"
[ -n "$deb" ] && [ -f "$deb" ] || { echo "no .deb in $target/debug/bundle/deb: run make package first" >&2; exit 1; }
command -v tauri-driver >/dev/null || { echo "tauri-driver missing: run scripts/install-deps.sh" >&2; exit 1; }

work="$(mktemp -d)"
data="$work/data"
mkdir -p "$data"
cleanup() {
  for env in /proc/[0-9]*/environ; do
    if tr '\0' '\n' 2>/dev/null < "$env" | grep -q "^POSTWRIGHT_DATA_DIR=$data"; then
      pid="${env#/proc/}"; kill -KILL "${pid%/environ}" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
dpkg-deb -x "$deb" "$work/root"
echo "==> testing $deb"
export POSTWRIGHT_DEB="$deb" POSTWRIGHT_PACKAGE_ROOT="$work/root"
export POSTWRIGHT_APP="$work/root/usr/bin/postwright-desktop"
export POSTWRIGHT_DATA_DIR="$data"
env -u DISPLAY xvfb-run -a -s "-screen 0 1400x900x24" node --test --test-force-exit --test-concurrency=1 tests/package/
