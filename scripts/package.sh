#!/usr/bin/env bash
# Builds the installable .deb with Tauri's bundler from the debug binary the end-to-end tests
# already build (`cargo build -p postwright-desktop --features tauri/custom-protocol`, which
# serves the built UI): `tauri bundle` packages that binary without compiling it again, so CI
# pays for one desktop build, not two. Prints the package's path.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"

npm run build -w ui
cargo build --locked -p postwright-desktop --features tauri/custom-protocol
# The UI is built above; the bundler need not run build.beforeBundleCommand/beforeBuildCommand.
npx tauri bundle --debug --bundles deb --ci --features tauri/custom-protocol >&2
ls -t "$target"/debug/bundle/deb/*.deb | head -n 1
