// The Whole site tab as a list by rule: every `retired-topic` finding of the sample
// site fixed in one reviewed step. The combined diff names each file and line before anything
// is written; applying it changes exactly those lines of exactly those files (each through the
// lossless editor and the disk-hash guard) and, when asked, commits them as one commit. Each
// screen reached (the combined diff, the grouped list, New since main) is checked with axe.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, lineDiff, screenshot, textOf } from "./support.mjs";

const WAIT = { timeout: 30000, interval: 150 };

/** Every content file's text, by content-relative path. */
function snapshot(root) {
  const files = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(path.relative(root, full).split(path.sep).join("/"), readFileSync(full, "utf8"));
    }
  };
  walk(root);
  return files;
}

/**
 * axe-core in the real window on what this flow adds: the Fix all dialog when it is open, else
 * the whole-site list (the rest of the window is the other screens' tests' business).
 */
async function axeCheck(browser, name) {
  const dialog = await browser.$('[data-testid="fix-all-preview"]').isExisting();
  await expectNoAxeViolations(browser, name, { include: dialog ? '[data-testid="fix-all-preview"]' : '[data-testid="problems-list"]' });
}

test("Fix all fixes every retired topic of the sample site in one reviewed step", { timeout: 300000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  const content = path.join(site, "content");
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    await byTestId(browser, "problems-scope-site").click();

    // The whole site, grouped by rule with counts and severity.
    const group = browser.$('[data-testid="rule-group"][data-code="retired-topic"]');
    await group.waitForExist({ ...WAIT, timeoutMsg: "no retired-topic group in the Whole site tab" });
    assert.equal(await group.getAttribute("data-severity"), "warning");
    const count = Number(await group.getAttribute("data-count"));
    assert.ok(count >= 5, `the sample site has retired topics (${count})`);
    const codes = [];
    for (const g of await browser.$$('[data-testid="rule-group"]')) codes.push(await g.getAttribute("data-code"));
    assert.equal(new Set(codes).size, codes.length, "one group per rule");
    // Its pages are listed on demand.
    await byTestId(group, "rule-group-toggle").click();
    await browser.waitUntil(async () => (await group.$$('[data-testid="problem"]')).length === count, {
      ...WAIT,
      timeoutMsg: "the open group does not list its findings",
    });
    const pages = new Set();
    for (const row of await group.$$('[data-testid="problem"]')) pages.add(await row.getAttribute("data-path"));

    // Fix all: one combined diff, files and lines, before anything is written.
    const before = snapshot(content);
    await byTestId(group, "rule-fix-all").click();
    const dialog = byTestId(browser, "fix-all-preview");
    await dialog.waitForDisplayed(WAIT);
    const shown = new Map();
    for (const file of await browser.$$('[data-testid="fix-all-file"]')) {
      const lines = [];
      for (const line of await file.$$('[data-testid="fix-diff-line"]')) {
        lines.push([await line.getAttribute("data-kind"), Number(await line.getAttribute("data-line"))]);
      }
      shown.set(await file.getAttribute("data-path"), lines);
    }
    assert.deepEqual([...shown.keys()].sort(), [...pages].sort(), "the diff names every page of the group");
    assert.match(await textOf(byTestId(browser, "fix-all-lead")), new RegExp(`in ${shown.size} files`));
    assert.deepEqual(snapshot(content), before, "nothing is written before the review is confirmed");
    await axeCheck(browser, "fix-all-preview");
    await screenshot(browser, "fix-all-preview");

    // As one commit, with the message offered.
    await byTestId(browser, "fix-all-commit").click();
    const message = byTestId(browser, "fix-all-message");
    await message.waitForDisplayed(WAIT);
    assert.match(await message.getValue(), /^Fix retired-topic on \d+ pages$/);
    const head = execFileSync("git", ["-C", site, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    await byTestId(browser, "fix-all-confirm").click();
    await dialog.waitForExist({ ...WAIT, reverse: true, timeoutMsg: "the Fix all dialog stayed open" });
    await byTestId(browser, "fix-all-done").waitForDisplayed(WAIT);

    // Exactly the reviewed lines of exactly the reviewed files changed.
    const after = snapshot(content);
    for (const [rel, text] of after) {
      if (!shown.has(rel)) {
        assert.equal(text, before.get(rel), `${rel} was not in the review and must not change`);
        continue;
      }
      const { removed, added } = lineDiff(before.get(rel), text);
      assert.deepEqual(
        [...removed.map(([n]) => ["removed", n]), ...added.map(([n]) => ["added", n])],
        shown.get(rel),
        `${rel}: the lines written are the lines shown`,
      );
    }
    const committed = execFileSync("git", ["-C", site, "show", "--name-only", "--format=%s", "HEAD"], { encoding: "utf8" })
      .trim()
      .split("\n")
      .filter(Boolean);
    assert.match(committed[0], /^Fix retired-topic on \d+ pages$/);
    assert.deepEqual(committed.slice(1).sort(), [...shown.keys()].map((p) => `content/${p}`).sort());
    assert.equal(execFileSync("git", ["-C", site, "rev-parse", "HEAD~1"], { encoding: "utf8" }).trim(), head, "one commit");

    // The group is gone once the site is checked again.
    await group.waitForExist({ ...WAIT, reverse: true, timeoutMsg: "the retired-topic group stayed after Fix all" });
    await axeCheck(browser, "whole-site-after-fix-all");
    await screenshot(browser, "fix-all-done");
  } catch (error) {
    await screenshot(browser, "fix-all-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("New since main lists only the pages changed since the main branch and their referrers", { timeout: 180000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    await byTestId(browser, "problems-scope-site").click();
    await browser.$('[data-testid="rule-group"]').waitForExist(WAIT);
    const allCount = (await browser.$$('[data-testid="rule-group"]')).length;
    assert.ok(allCount > 1);

    // Nothing changed since main yet: nothing is new.
    await byTestId(browser, "site-view-new").click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "site-summary"))).includes("0 changed or referring pages checked"), {
      ...WAIT,
      timeoutMsg: "New since main did not report an empty check",
    });
    assert.equal((await browser.$$('[data-testid="rule-group"]')).length, 0);
    assert.equal(await byTestId(browser, "site-view-new").getAttribute("aria-pressed"), "true");

    // A seed post edited outside the app: its findings (and only its pages') are new.
    const seed = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";
    const file = path.join(site, "content", seed);
    const { writeFileSync } = await import("node:fs");
    writeFileSync(file, readFileSync(file, "utf8") + "\nOne more &mdash; line.\n");
    await byTestId(browser, "site-view-all").click();
    await byTestId(browser, "site-view-new").click();
    await browser.waitUntil(async () => (await browser.$$('[data-testid="rule-group"]')).length > 0, {
      ...WAIT,
      timeoutMsg: "the edited page's findings are not listed as new",
    });
    for (const group of await browser.$$('[data-testid="rule-group"]')) await byTestId(group, "rule-group-toggle").click();
    const paths = new Set();
    for (const row of await browser.$$('[data-testid="problem"]')) paths.add(await row.getAttribute("data-path"));
    // The seed and the one sample page whose ref leads to it: its findings may change too.
    const referrer = "news/2016/07/2016-07-29-whats-all-the-fuss-around-customer-experience.md";
    assert.match(readFileSync(path.join(site, "content", referrer), "utf8"), /ref "2015-07-31-new-kid-in-town/);
    assert.deepEqual([...paths].sort(), [seed, referrer]);
    assert.match(await textOf(byTestId(browser, "site-summary")), /^2 changed or referring pages checked/);
    await axeCheck(browser, "whole-site-new-since-main");
    await screenshot(browser, "whole-site-new-since-main");
  } catch (error) {
    await screenshot(browser, "new-since-main-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
