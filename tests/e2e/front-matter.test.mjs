// The UI in the real window: a form edit shows, before saving (on demand, from the header's
// "Changes on save" button), exactly the lines the save will change (and the save changes exactly those); a page whose front matter cannot be
// read opens with the error at its line and column and a raw editor to fix it.

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, lineDiff, screenshot, textOf } from "./support.mjs";

const SEED = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";
const WAIT = { timeout: 15000, interval: 150 };

async function diffLines(browser) {
  const lines = [];
  for (const li of await browser.$$('[data-testid="diff-line"]')) {
    lines.push([await li.getAttribute("data-kind"), Number(await li.getAttribute("data-line")), await textOf(li.$("code"))]);
  }
  return lines;
}

test("editing a field shows the lines the save will change, and only those change", { timeout: 120000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const file = path.join(dataDir, "sample-site", "content", SEED);
  try {
    const row = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await row.waitForExist(WAIT);
    const original = readFileSync(file, "utf8");
    await row.click();
    const title = byTestId(browser, "field-title");
    await browser.waitUntil(async () => (await title.getValue()).startsWith("New Kid"), WAIT);
    assert.equal(await byTestId(browser, "save-diff").isExisting(), false, "no diff before any edit");

    await title.setValue("New Kid in Town: the CX Community");
    const titleLine = original.split("\n").findIndex((line) => line.startsWith("title:")) + 1;
    // The lines a save will change open on demand, from the header's button with their count.
    const toggle = byTestId(browser, "pending-toggle");
    await browser.waitUntil(async () => (await toggle.getAttribute("data-count")) === "2", { ...WAIT, timeoutMsg: "the count never said 2 lines" });
    await toggle.click();
    await browser.waitUntil(async () => (await diffLines(browser)).length === 2, { ...WAIT, timeoutMsg: "the live diff never showed" });
    const shown = await diffLines(browser);
    assert.deepEqual(shown[0], ["removed", titleLine, original.split("\n")[titleLine - 1]]);
    assert.deepEqual(shown[1].slice(0, 2), ["added", titleLine]);
    assert.match(shown[1][2], /^title: ["']New Kid in Town: the CX Community["']$/);
    await screenshot(browser, "front-matter-live-diff");
    await expectNoAxeViolations(browser, "front-matter-live-diff");

    await byTestId(browser, "save-button").click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", WAIT);
    const { removed, added } = lineDiff(original, readFileSync(file, "utf8"));
    assert.deepEqual(
      [...removed.map(([line, text]) => ["removed", line, text]), ...added.map(([line, text]) => ["added", line, text])],
      shown,
      "the save changed exactly the lines the live diff showed",
    );
  } catch (error) {
    await screenshot(browser, "front-matter-live-diff-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("a page with broken front matter opens with the error and a raw editor that fixes it", { timeout: 120000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const rel = "news/2024/01/2024-01-02-broken.md";
  const file = path.join(dataDir, "sample-site", "content", rel);
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    const { mkdirSync } = await import("node:fs");
    mkdirSync(path.dirname(file), { recursive: true });
    const broken = '---\ntitle: "A broken page"\nsummary: One\nsummary: Two\n---\n\nBody text.\n';
    writeFileSync(file, broken);

    // The watcher adds it to the list; opening it shows the error where it is.
    const row = browser.$(`[data-testid="page-row"][data-path="${rel}"]`);
    await row.waitForExist({ ...WAIT, timeoutMsg: "the new page never reached the list (watcher)" });
    await row.click();
    const banner = byTestId(browser, "front-matter-error");
    await banner.waitForDisplayed(WAIT);
    assert.equal(await banner.getAttribute("data-line"), "4");
    assert.match(await textOf(banner), /line 4, column 1: .*summary/i);
    assert.equal(await byTestId(browser, "front-matter-form").isExisting(), false, "no form for unreadable front matter");
    const raw = browser.$('[data-testid="raw-front-matter"] .cm-content');
    await raw.waitForExist(WAIT);
    assert.match(await textOf(raw), /summary: Two/);
    const marked = browser.$('[data-testid="raw-front-matter"] .cm-error-line');
    assert.equal(await textOf(marked), "summary: Two", "the error line is marked in the raw editor");
    await screenshot(browser, "front-matter-error");
    await expectNoAxeViolations(browser, "front-matter-error");

    // Fix it in the raw editor (the cursor starts at the error) and save: the form returns.
    await raw.click();
    await marked.click();
    await browser.keys(["Home"]);
    await browser.keys(["Shift", "End"]);
    await browser.keys("tagline: Two");
    await byTestId(browser, "save-button").click();
    await byTestId(browser, "front-matter-form").waitForExist({ ...WAIT, timeoutMsg: "the form did not return after the fix" });
    assert.equal(readFileSync(file, "utf8"), broken.replace("summary: Two", "tagline: Two"), "saved exactly as typed");
    assert.equal(await byTestId(browser, "field-summary").getValue(), "One");
  } catch (error) {
    await screenshot(browser, "front-matter-error-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
