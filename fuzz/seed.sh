#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from real inputs: the digital.gov pages ($POSTWRIGHT_CORPUS) for
# front_matter, shortcode and markdown, and the repository's own shortcode templates and
# layouts for template. The corpus is git-ignored: it is a copy of shared data, made here.
# Usage: fuzz/seed.sh [target...]   (default: all four)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
corpus_site="${POSTWRIGHT_CORPUS:-/work/shared/corpus/digitalgov}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(front_matter shortcode template markdown)

# A file name per source path, so pages with the same base name in different folders all land.
name_for() { printf '%s' "$1" | sha1sum | cut -c1-16; }

pages() {
  [ -d "$corpus_site/content" ] || { echo "no pages: set POSTWRIGHT_CORPUS to the digital.gov checkout" >&2; exit 1; }
  find "$corpus_site/content" -name '*.md' -type f | sort
}

for target in "${targets[@]}"; do
  out="$here/corpus/$target"
  mkdir -p "$out"
  case "$target" in
    front_matter)
      # Selector 0x00 (set `title` to a string), the value, a NUL, then the page.
      pages | while read -r f; do
        { printf '\000new value\000'; cat "$f"; } > "$out/$(name_for "$f")"
      done ;;
    shortcode)
      # Every page that calls a shortcode, as it is (front matter is just text to the parser).
      pages | while read -r f; do
        if grep -qE '\{\{[<%]' "$f"; then cp "$f" "$out/$(name_for "$f")"; fi
      done ;;
    markdown)
      # Bodies only (what render_page receives): the page after its front matter.
      pages | while read -r f; do
        awk 'NR==1 && /^---/ {fm=1; next} fm && /^---/ {fm=0; next} !fm' "$f" > "$out/$(name_for "$f")"
      done ;;
    template)
      find "$repo/content/layouts" "$repo/tests/fixtures" -path '*/layouts/*' -name '*.html' -type f | sort |
        while read -r f; do cp "$f" "$out/$(name_for "$f")"; done ;;
    *) echo "unknown target: $target" >&2; exit 2 ;;
  esac
  echo "$target: $(find "$out" -type f | wc -l) seeds in $out"
done
