// The walking skeleton, end to end in the real window: open the sample site, edit seed 000's
// summary and body, watch the preview follow, save, check the bytes on disk, commit from the
// UI, check `git log`, then change another post outside the app and see the list follow.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, lineDiff, textOf, repoRoot, screenshot, shotsDir, frameHtml } from "./support.mjs";

const SEED = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";
const NEW_SUMMARY = "A new summary, written in Postwright.";
const PARAGRAPH = "A paragraph typed in the Postwright editor.";
const WAIT = { timeout: 15000, interval: 150 };

function git(dir, ...args) {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
}

/** What the preview frame shows (the app patches its document in place). */
const srcdoc = (browser) => frameHtml(browser);

test("edit, preview, save, commit, and follow an outside change", { timeout: 180000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  try {
    // 1. The sample site opens by itself; the seed post is in the list.
    const seedRow = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await seedRow.waitForExist(WAIT);
    const original = readFileSync(path.join(site, "content", SEED), "utf8");

    // 2. Open it: the form shows its front matter and the preview its body.
    await seedRow.click();
    const summary = byTestId(browser, "field-summary");
    await summary.waitForExist(WAIT);
    await browser.waitUntil(async () => (await summary.getValue()).startsWith("Cross-Agency Priority"), {
      ...WAIT,
      timeoutMsg: "the summary field never showed the seed's summary (front-matter engine)",
    });
    const frame = byTestId(browser, "preview-frame");
    await frame.waitForExist(WAIT);
    const sandbox = (await frame.getAttribute("sandbox")).split(/\s+/);
    for (const forbidden of ["allow-same-origin", "allow-top-navigation", "allow-forms", "allow-popups-to-escape-sandbox"]) {
      assert.ok(!sandbox.includes(forbidden), `the preview frame must not have ${forbidden}`);
    }
    // Scripts are on only for the frame's own CSP to let exactly one through, ours, by hash.
    assert.match(await srcdoc(browser), /default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+';/);
    await expectNoAxeViolations(browser, "walking skeleton: page open");

    // 3. Change the summary and type a paragraph at the end of the body.
    await summary.setValue(NEW_SUMMARY);
    await browser.$('[data-testid="body-editor"] .cm-content').click();
    await browser.keys(["Control", "End"]);
    // WebKitWebDriver drops "\n"; the WebDriver Enter key makes a real new line. One key per
    // call, so CodeMirror handles each keydown before the next arrives.
    await browser.keys(["Enter"]);
    await browser.keys(["Enter"]);
    await browser.keys(PARAGRAPH);
    await browser.waitUntil(async () => (await srcdoc(browser)).includes(`<p>${PARAGRAPH}</p>`), {
      ...WAIT,
      timeoutMsg: "the preview never showed the typed paragraph",
    });
    assert.ok((await srcdoc(browser)).includes(NEW_SUMMARY), "the preview heads with the edited summary");
    await screenshot(browser, "walking-skeleton-edited");
    await expectNoAxeViolations(browser, "walking skeleton: edited, unsaved");
    if (process.env.POSTWRIGHT_README_SCREENSHOT) {
      mkdirSync(path.join(repoRoot, "docs"), { recursive: true });
      copyFileSync(path.join(shotsDir, "walking-skeleton-edited.png"), path.join(repoRoot, "docs", "screenshot.png"));
    }

    // 4. Save with Ctrl+S: only the summary line and the end of the body change on disk.
    await browser.keys(["Control", "s"]);
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", {
      ...WAIT,
      timeoutMsg: "the save did not complete",
    });
    const saved = readFileSync(path.join(site, "content", SEED), "utf8");
    const { removed, added } = lineDiff(original, saved);
    const summaryLine = original.split("\n").findIndex((line) => line.startsWith("summary:")) + 1;
    assert.deepEqual(removed, [[summaryLine, original.split("\n")[summaryLine - 1]]], "only the summary line was replaced");
    assert.deepEqual(added[0], [summaryLine, `summary: ${NEW_SUMMARY}`], "the new summary is on the old one's line");
    const bodyAdded = added.slice(1);
    assert.ok(bodyAdded.length > 0 && bodyAdded.every(([line]) => line > original.split("\n").length - 1), "the body only grew at its end");
    assert.deepEqual(bodyAdded.map(([, text]) => text).filter((text) => text !== ""), [PARAGRAPH], "the typed paragraph is all that was added");

    // 5. Set the commit identity in Settings, then commit from the changes panel.
    await byTestId(browser, "open-settings").click();
    await byTestId(browser, "settings-name").waitForDisplayed(WAIT);
    await expectNoAxeViolations(browser, "walking skeleton: settings dialog");
    await byTestId(browser, "settings-name").setValue("Ada Editor");
    await byTestId(browser, "settings-email").setValue("ada@example.gov");
    await byTestId(browser, "settings-save").click();
    await byTestId(browser, "settings-dialog").waitForExist({ ...WAIT, reverse: true });
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "commit-identity"))).includes("ada@example.gov"), WAIT);
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "changes-count"))) !== "0", {
      ...WAIT,
      timeoutMsg: "the changes panel never listed the saved file (git status)",
    });
    await byTestId(browser, "commit-message").setValue("Update the CX community post");
    await byTestId(browser, "commit-button").click();
    await byTestId(browser, "commit-done").waitForExist(WAIT);
    assert.equal(git(site, "log", "-1", "--format=%s|%an <%ae>"), "Update the CX community post|Ada Editor <ada@example.gov>");
    assert.equal(git(site, "status", "--porcelain"), "", "the commit took every change");
    await expectNoAxeViolations(browser, "walking skeleton: committed");

    // 6. Another post changes outside the app: the list shows its new title.
    let otherPath = null;
    for (const row of await browser.$$('[data-testid="page-row"]')) {
      const rowPath = await row.getAttribute("data-path");
      if (rowPath !== SEED) {
        otherPath = rowPath;
        break;
      }
    }
    assert.ok(otherPath, "the list has another post");
    const otherFile = path.join(site, "content", otherPath);
    const text = readFileSync(otherFile, "utf8");
    assert.match(text, /^title\s*[:=]/m, `${otherPath} has a title line`);
    writeFileSync(otherFile, text.replace(/^(title\s*[:=]\s*).*$/m, (_m, key) => `${key}"Changed Outside The App"`));
    const otherTitle = byTestId(browser.$(`[data-testid="page-row"][data-path="${otherPath}"]`), "page-title");
    await browser.waitUntil(async () => (await textOf(otherTitle)) === "Changed Outside The App", {
      ...WAIT,
      timeoutMsg: "the list never showed the title changed outside the app (watcher)",
    });
    await screenshot(browser, "walking-skeleton-done");
  } catch (error) {
    await screenshot(browser, "walking-skeleton-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("an outside change to a page with unsaved edits is never overwritten", { timeout: 120000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const file = path.join(dataDir, "sample-site", "content", SEED);
  try {
    const seedRow = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await seedRow.waitForExist(WAIT);
    await seedRow.click();
    await browser.$('[data-testid="body-editor"] .cm-content').waitForExist(WAIT);
    await browser.$('[data-testid="body-editor"] .cm-content').click();
    await browser.keys(["Control", "End"]);
    await browser.keys("Unsaved words.");
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))).startsWith("Unsaved"), WAIT);

    const outside = `${readFileSync(file, "utf8")}\nAdded by another program.\n`;
    writeFileSync(file, outside);

    // The watcher sees the change and shows the conflict without any action in the app.
    await byTestId(browser, "conflict-banner").waitForDisplayed({ ...WAIT, timeoutMsg: "no conflict banner (watcher)" });
    await screenshot(browser, "conflict");
    await expectNoAxeViolations(browser, "walking skeleton: outside change conflict banner");
    // Saving anyway is refused: the file changed since it was loaded.
    await byTestId(browser, "save-button").click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "editor-notice"))).includes("Save refused"), {
      ...WAIT,
      timeoutMsg: "the save was not refused",
    });
    assert.equal(readFileSync(file, "utf8"), outside, "the outside change is intact");

    // Reloading takes the disk's version and clears the conflict.
    await expectNoAxeViolations(browser, "walking skeleton: save refused");
    await byTestId(browser, "conflict-reload").click();
    await byTestId(browser, "conflict-banner").waitForExist({ ...WAIT, reverse: true });
    assert.equal(await textOf(byTestId(browser, "dirty-state")), "All changes saved");
  } catch (error) {
    await screenshot(browser, "conflict-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
