// Accessibility checks for the end-to-end tests: axe-core (the npm package, not a copy) runs
// inside the real app window, injected through WebDriver, on whatever screen or dialog a test
// has reached. `expectNoAxeViolations(browser, "label")` fails listing every violation (rule,
// impact, the CSS targets of its nodes and axe's summary of what is wrong), and writes each
// screen's result to target/e2e/axe/<label>.json so a run leaves a per-screen record.
//
// The preview is a sandboxed frame holding the author's page, not the app: axe does not go
// into frames (it could not: the frame has no same origin), the frame element itself (its
// title) is checked like any other element. What the author's page lacks is the business of
// the site checks, not of this one.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { shotsDir } from "./support.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const axeDir = path.join(shotsDir, "axe");

/** Evaluates axe-core's source in the window, once per page load (window.axe survives until then). */
async function injectAxe(browser) {
  const present = await browser.execute(() => typeof window.axe === "object" && typeof window.axe.run === "function");
  if (present) return;
  // A string script runs as a function body in the window's global scope; axe's UMD wrapper
  // then sets window.axe.
  await browser.execute(axeSource);
  const ok = await browser.execute(() => typeof window.axe === "object");
  assert.ok(ok, "axe-core did not load into the window");
}

/**
 * Runs axe on the window (or on `include`, a CSS selector) and returns its violations, each as
 * `{ id, impact, help, nodes: [{ target, summary }] }`. `rules` turns rules off or on
 * (`{ "color-contrast": { enabled: false } }`): a test that does so must say why.
 */
export async function axeViolations(browser, { include, rules } = {}) {
  await injectAxe(browser);
  const result = await browser.execute(
    async (include, rules) => {
      const context = include ? { include: [include] } : document;
      const options = { iframes: false, resultTypes: ["violations"] };
      if (rules) options.rules = rules;
      try {
        const r = await window.axe.run(context, options);
        return {
          violations: r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary ?? "" })),
          })),
        };
      } catch (e) {
        return { error: String(e && e.stack ? e.stack : e) };
      }
    },
    include ?? null,
    rules ?? null,
  );
  if (result.error) throw new Error(`axe.run failed: ${result.error}`);
  return result.violations;
}

/** The violations as readable lines: one per node, under its rule. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    - ${n.target}${n.summary ? `\n      ${n.summary.replace(/\n/g, "\n      ")}` : ""}`);
      return `  ${v.id} (${v.impact}): ${v.help} [${v.nodes.length} node${v.nodes.length === 1 ? "" : "s"}]\n${nodes.join("\n")}`;
    })
    .join("\n");
}

/**
 * Fails with the list of axe violations on the current screen, labelled `label` (for the
 * message and the record file). Options as `axeViolations`.
 */
export async function expectNoAxeViolations(browser, label, options = {}) {
  const violations = await axeViolations(browser, options);
  mkdirSync(axeDir, { recursive: true });
  const file = label.replace(/[^A-Za-z0-9_.-]+/g, "-");
  writeFileSync(path.join(axeDir, `${file}.json`), `${JSON.stringify({ label, violations }, null, 2)}\n`);
  if (violations.length > 0) {
    assert.fail(`axe-core: ${violations.length} violation(s) on "${label}":\n${formatViolations(violations)}`);
  }
}

// ---- Keyboard ---------------------------------------------------------------------------
// Real key presses, as a keyboard user makes them: X key events through xdotool on the test's
// X display (WebKitWebDriver's key actions drop Shift and collapse repeated letters, see
// ../shared/notes/tauri-on-debian.md). The window has the X focus: it is the only one.

let keyBrowser = null;

/**
 * Makes `press` wait, after each key, until the window has handled it (a capturing keydown
 * counter in the window): on a loaded machine X events queue up, and a test reading the focus
 * too early sees where it was a key ago. Call once per session, after `launch`.
 */
export async function trackKeys(browser) {
  keyBrowser = browser;
  await browser.execute(() => {
    if (window.__pwKeys !== undefined) return;
    window.__pwKeys = 0;
    window.addEventListener("keydown", () => (window.__pwKeys += 1), true);
  });
}

async function keyCount() {
  return keyBrowser.execute(() => window.__pwKeys ?? -1);
}

/** Presses each key chord in turn (xdotool names: "Tab", "shift+Tab", "ctrl+s", "Escape"). */
export async function press(...chords) {
  for (const chord of chords) {
    let before = keyBrowser ? await keyCount() : null;
    if (before !== null && before < 0) {
      // The window's document was replaced since (or was not loaded yet): count again.
      await trackKeys(keyBrowser);
      before = await keyCount();
    }
    execFileSync("xdotool", ["key", "--clearmodifiers", chord]);
    if (before === null || before < 0) {
      await sleep(60);
      continue;
    }
    // One key at a time: the app handles each keydown before the next arrives. A key pressed
    // inside the preview frame is that document's, not counted here: the wait then just ends.
    const deadline = Date.now() + 1000;
    while (Date.now() < deadline && (await keyCount()) <= before) await sleep(15);
    await sleep(20);
  }
}

/** Types `text` as key presses (capitals, punctuation and doubled letters included). */
export async function typeText(text) {
  const before = keyBrowser ? await keyCount() : null;
  execFileSync("xdotool", ["type", "--delay", "40", "--clearmodifiers", text]);
  if (before === null || before < 0) return sleep(80);
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && (await keyCount()) < before + [...text].length) await sleep(20);
  await sleep(20);
}

/**
 * What has the keyboard focus, described for assertions: its data-testid (or the nearest
 * ancestor's, as "outer>"), tag, role, accessible name as far as attributes tell, and whether
 * it is the body (focus lost).
 */
export async function focused(browser) {
  return browser.execute(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { lost: true, testid: null, tag: "body" };
    const holder = el.closest("[data-testid]");
    const testid = el.getAttribute("data-testid") ?? (holder ? `${holder.getAttribute("data-testid")}>` : null);
    const label = el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 60) ?? "";
    const style = getComputedStyle(el);
    return {
      lost: false,
      testid,
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute("role"),
      label,
      path: el.getAttribute("data-path"),
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    };
  });
}

/**
 * Presses `chord` (Tab by default) until `want(focus)` holds, at most `max` times; fails with
 * the path the focus took. Returns the number of presses.
 */
export async function tabUntil(browser, want, { chord = "Tab", max = 40, what = "the control" } = {}) {
  const trail = [];
  for (let i = 1; i <= max; i++) {
    await press(chord);
    const now = await focused(browser);
    trail.push(now.lost ? "(body)" : `${now.testid ?? now.tag}${now.label ? ` "${now.label.slice(0, 24)}"` : ""}`);
    if (want(now)) return i;
  }
  assert.fail(`${chord} ×${max} never reached ${what}; focus went: ${trail.join(" → ")}`);
}
