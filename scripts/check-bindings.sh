#!/usr/bin/env bash
# The TypeScript bindings (ui/src/lib/ipc/bindings.ts) are generated from the Rust commands
# and committed; this regenerates them and fails if the committed file is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked -p postwright-desktop export_bindings -- --exact tests::export_bindings
if ! git diff --exit-code -- ui/src/lib/ipc/bindings.ts; then
  echo "ui/src/lib/ipc/bindings.ts is stale: commit the regenerated file" >&2
  exit 1
fi
if git ls-files --error-unmatch ui/src/lib/ipc/bindings.ts >/dev/null 2>&1; then :; else
  echo "ui/src/lib/ipc/bindings.ts is not committed" >&2
  exit 1
fi
