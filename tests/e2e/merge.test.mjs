// The UI in the real window: the open page changes on disk while it has unsaved edits.
// Changes to different parts merge on their own (front matter field by field, the body hunk by
// hunk); a clash is shown side by side as the field it is, the writer picks a side, and the
// saved file holds both edits exactly.

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, lineDiff, screenshot, textOf } from "./support.mjs";

const SEED = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";
const WAIT = { timeout: 15000, interval: 150 };
const MIDDLE = "The CX-COP supports collaboration";

async function waitSaved(browser) {
  await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", {
    ...WAIT,
    timeoutMsg: "the save did not complete",
  });
}

test("outside changes merge with unsaved edits; a clash is resolved in the UI", { timeout: 180000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const file = path.join(dataDir, "sample-site", "content", SEED);
  try {
    const row = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await row.waitForExist(WAIT);
    await row.click();
    const body = browser.$('[data-testid="body-editor"] .cm-content');
    await body.waitForExist(WAIT);
    assert.ok(readFileSync(file, "utf8").includes(MIDDLE));

    // 1. Ours: a paragraph at the end. Theirs: a sentence in the middle. Merged on its own.
    await body.click();
    await browser.keys(["Control", "End"]);
    await browser.keys(["Enter"]);
    await browser.keys(["Enter"]);
    await browser.keys("Our closing paragraph.");
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))).startsWith("Unsaved"), WAIT);
    writeFileSync(file, readFileSync(file, "utf8").replace(MIDDLE, "The CX-COP supports teamwork"));
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "editor-notice"))).startsWith("Merged"), {
      ...WAIT,
      timeoutMsg: "the clean merge was not applied",
    });
    assert.equal(await byTestId(browser, "merge-view").isExisting(), false, "no merge view for a clean merge");
    assert.equal(await byTestId(browser, "conflict-banner").isExisting(), false);
    await byTestId(browser, "save-button").click();
    await waitSaved(browser);
    let saved = readFileSync(file, "utf8");
    assert.ok(saved.includes("The CX-COP supports teamwork"), "their sentence is kept");
    assert.ok(saved.trimEnd().endsWith("Our closing paragraph."), "our paragraph is kept");

    // 2. Both change the summary (a clash); theirs also edits the middle again (merges).
    await byTestId(browser, "field-summary").setValue("Our summary.");
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))).startsWith("Unsaved"), WAIT);
    const theirs = saved
      .replace(/^summary: .*$/m, "summary: Their summary.")
      .replace("supports teamwork", "supports team work");
    writeFileSync(file, theirs);
    await byTestId(browser, "merge-view").waitForDisplayed({ ...WAIT, timeoutMsg: "no merge view for the clash" });
    await byTestId(browser, "conflict-banner").waitForDisplayed(WAIT);
    // The clash is shown as the field it is, not as lines of YAML; the body merged.
    const fields = await browser.$$('[data-testid="merge-field-conflict"]');
    assert.equal(fields.length, 1, "one clash: the summary");
    assert.equal(await fields[0].getAttribute("data-key"), "summary");
    assert.match(await textOf(fields[0]), /^Field summary/);
    assert.equal(await textOf(byTestId(fields[0], "merge-field-ours")), "Our summary.");
    assert.equal(await textOf(byTestId(fields[0], "merge-field-theirs")), "Their summary.");
    assert.equal((await browser.$$('[data-testid="merge-conflict"]')).length, 0, "no body clash");
    assert.equal(await byTestId(browser, "apply-merge").isEnabled(), false, "nothing applies before a choice");
    await screenshot(browser, "merge-conflict");
    await expectNoAxeViolations(browser, "merge-conflict");
    await byTestId(fields[0], "take-field-ours").click();
    await byTestId(browser, "apply-merge").click();
    await byTestId(browser, "merge-view").waitForExist({ ...WAIT, reverse: true });
    assert.equal(readFileSync(file, "utf8"), theirs, "nothing is written before Save");
    await byTestId(browser, "save-button").click();
    await waitSaved(browser);

    saved = readFileSync(file, "utf8");
    const { removed, added } = lineDiff(theirs, saved);
    assert.deepEqual(removed.map(([, text]) => text), ["summary: Their summary."]);
    assert.deepEqual(added.map(([, text]) => text), ["summary: Our summary."]);
    assert.ok(saved.includes("supports team work"), "their clean change is in");
    assert.ok(saved.trimEnd().endsWith("Our closing paragraph."));
  } catch (error) {
    await screenshot(browser, "merge-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
