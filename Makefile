# Two commands on a fresh Debian/Ubuntu machine:
#   make run   — install what is missing, build, open the app on the sample site
#   make test  — every test: core + integration, desktop adapter, UI unit tests, end-to-end
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# Build outside the clone so a fresh clone (CI) reuses earlier compiles.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/postwright/target
export POSTWRIGHT_TOOLS ?= $(HOME)/.cache/postwright/tools
export PATH := $(POSTWRIGHT_TOOLS)/bin:$(CURDIR)/.venv/bin:$(PATH)
# The real-site corpus, when the checkout has ../shared beside it; tests skip without it
# (only when the variable is unset: an empty one would be read as the current folder).
CORPUS_DIR := $(wildcard $(CURDIR)/../shared/corpus/digitalgov)
ifneq ($(CORPUS_DIR),)
export POSTWRIGHT_CORPUS ?= $(abspath $(CORPUS_DIR))
endif
HUGODOCS_DIR := $(wildcard $(CURDIR)/../shared/corpus/hugodocs)
ifneq ($(HUGODOCS_DIR),)
export POSTWRIGHT_HUGODOCS ?= $(abspath $(HUGODOCS_DIR))
endif

APP := $(CARGO_TARGET_DIR)/debug/postwright-desktop
# What `make run` opens: the optimised build (Cargo.toml's `fast` profile).
RUN_APP := $(CARGO_TARGET_DIR)/fast/postwright-desktop
TIMED := scripts/timed

.PHONY: run test deps ui app app-fast lint test-core test-desktop test-ui test-e2e test-bench-smoke test-package package fidelity bench

run: deps ui app-fast
	$(RUN_APP) $(SITE)

deps:
	@$(TIMED) deps scripts/install-deps.sh

ui:
	@$(TIMED) ui-build npm run build -w ui

# The custom-protocol feature makes the binary serve the built UI instead of a dev server.
app: ui
	@$(TIMED) app-build cargo build --locked -p postwright-desktop --features tauri/custom-protocol

app-fast: ui
	@$(TIMED) app-build-fast cargo build --locked --profile fast -p postwright-desktop --features tauri/custom-protocol

test: deps ui lint test-core test-desktop test-ui test-e2e test-bench-smoke test-package
	@echo "all test stages passed"

# Formatting, clippy with warnings denied (core, then the desktop crate, which needs the built
# UI), the core's docs with warnings denied, and the UI's type and Svelte checks.
lint: ui
	@$(TIMED) fmt cargo fmt --all --check
	@$(TIMED) clippy-core cargo clippy --locked --all-targets -- -D warnings
	@$(TIMED) clippy-desktop cargo clippy --locked --all-targets -p postwright-desktop -- -D warnings
	@$(TIMED) doc-core env RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps -p postwright
	@$(TIMED) ui-check npm run check -w ui

test-core:
	@$(TIMED) core-tests cargo test --locked

test-desktop: ui
	@$(TIMED) desktop-tests cargo test --locked -p postwright-desktop
	@$(TIMED) bindings-fresh scripts/check-bindings.sh

test-ui:
	@$(TIMED) ui-unit npm run test -w ui

test-e2e: app
	@$(TIMED) e2e scripts/e2e.sh

# The benchmark harness itself, every row once on the sample site with the debug app (no
# figures are judged; it fails only if a row is missing or malformed). `make bench` measures.
test-bench-smoke: app
	@$(TIMED) bench-smoke node scripts/bench/run.mjs --smoke

# The installable .deb (Tauri's bundler over the e2e build's binary: no second compile).
package: deps
	@$(TIMED) package scripts/package.sh

# Extracts the .deb, checks its control fields, desktop entry and icons, and runs the
# extracted binary on the sample site under Xvfb.
test-package: package
	@$(TIMED) package-test scripts/package-test.sh

# Renders our fixture sites with Postwright and with the real Hugo and compares the pages;
# then every page of the real sites (hugodocs, digital.gov with its theme) when present
# (`cargo test` compares every 4th digital.gov page).
fidelity:
	@$(TIMED) fidelity cargo test --locked --test it render::fidelity -- --nocapture
	@$(TIMED) fidelity-sites env POSTWRIGHT_FIDELITY_STRIDE=1 cargo test --locked --test it content_fidelity -- --nocapture --test-threads 1

# What users feel, on the corpus (POSTWRIGHT_CORPUS) and in the release build's window: one
# table, and the same rows in target/bench/<time>-<commit>.json (README "Performance"). It
# reports missed targets; it never fails on them. Never part of `make test`.
bench: deps ui
	node scripts/bench/run.mjs
