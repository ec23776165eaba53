#!/usr/bin/env bash
# End-to-end tests of the real desktop app: builds the UI and the debug binary (serving the
# built UI: --features tauri/custom-protocol), installs tauri-driver when missing, and runs
# tests/e2e/ under a virtual X display with a fresh data folder.
# POSTWRIGHT_README_SCREENSHOT=1 also refreshes docs/screenshot.png and the authoring screens
# (docs/new-page.png, images-dialog.png, shortcode-insert-form.png, authoring-preview.png). Arguments name test files
# to run instead of the whole suite (scripts/e2e.sh tests/e2e/merge.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-$PWD/target}"
tools="${POSTWRIGHT_TOOLS:-$HOME/.cache/postwright/tools}"
export PATH="$tools/bin:$HOME/.cargo/bin:$PATH"

[ -d node_modules ] || npm ci
npm run build -w ui
cargo build --locked -p postwright-desktop --features tauri/custom-protocol
if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --locked --root "$tools"
fi
command -v WebKitWebDriver >/dev/null || { echo "WebKitWebDriver missing: apt-get install webkit2gtk-driver" >&2; exit 1; }

data="$(mktemp -d)"
# Apps that outlived their session (support.mjs stops them; this is the net under it).
cleanup() {
  for env in /proc/[0-9]*/environ; do
    if tr '\0' '\n' 2>/dev/null < "$env" | grep -q "^POSTWRIGHT_DATA_DIR=$data"; then
      pid="${env#/proc/}"; kill -KILL "${pid%/environ}" 2>/dev/null || true
    fi
  done
  rm -rf "$data"
}
trap cleanup EXIT
export POSTWRIGHT_DATA_DIR="$data"
# The tests' own temporary sites and clones live in the run's folder too, so the trap removes them.
mkdir -p "$data/tmp"
export TMPDIR="$data/tmp"
export POSTWRIGHT_APP="$target/debug/postwright-desktop"
mkdir -p target/e2e
# No DISPLAY from the caller: a missing display makes session creation hang, xvfb-run gives one.
# --test-force-exit: the run ends when the tests do, whatever handle a test left open.
env -u DISPLAY xvfb-run -a -s "-screen 0 1400x900x24" node --test --test-force-exit --test-concurrency=1 "${@:-tests/e2e/}"
