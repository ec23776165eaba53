// The UI in the real window: a field edit shows up in the changes panel field by field
// and is committed (by an editor, who confirms a commit to main) with the message the core
// suggests; an editor reviews a draft branch
// (field-level diff, preview of the branch's version), requests changes, then approves it:
// the main branch has the change and the draft branch is gone.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, screenshot, textOf } from "./support.mjs";

const SEED = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";
const SEED_TITLE = "New Kid in Town: The Customer Experience Community";
const WAIT = { timeout: 15000, interval: 150 };

function git(dir, ...args) {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
}

async function setIdentityAndRole(browser, role) {
  await byTestId(browser, "open-settings").click();
  await byTestId(browser, "settings-name").waitForDisplayed(WAIT);
  await byTestId(browser, "settings-name").setValue("Ada Editor");
  await byTestId(browser, "settings-email").setValue("ada@example.gov");
  await byTestId(browser, `role-${role}`).click();
  await byTestId(browser, "settings-save").click();
  await byTestId(browser, "settings-dialog").waitForExist({ ...WAIT, reverse: true });
  await browser.waitUntil(async () => (await textOf(byTestId(browser, "commit-identity"))).includes("ada@example.gov"), WAIT);
}

test("a field edit shows field by field in the changes panel and commits with the suggested message", { timeout: 180000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  const repoPath = `content/${SEED}`;
  try {
    const row = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await row.waitForExist(WAIT);
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "current-branch"))) === "main", {
      ...WAIT,
      timeoutMsg: "the top bar never showed the current branch",
    });
    await setIdentityAndRole(browser, "editor");
    await row.click();
    const summary = byTestId(browser, "field-summary");
    await browser.waitUntil(async () => (await summary.getValue()).startsWith("Cross-Agency"), WAIT);
    await summary.setValue("A shorter summary of the CX community.");
    await byTestId(browser, "save-button").click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", WAIT);

    // The panel lists the file with its field-level change.
    const file = browser.$(`[data-testid="changed-file"][data-path="${repoPath}"]`);
    await file.waitForExist({ ...WAIT, timeoutMsg: "the saved page never reached the changes panel" });
    await browser.waitUntil(async () => (await textOf(file.$('[data-testid="field-change-summary"]'))).startsWith("summary: Cross-Agency"), WAIT);
    assert.match(await textOf(file.$('[data-testid="field-change-summary"]')), /→ A shorter summary of the CX community\.$/);

    // The message is the core's template, and the full diff shows the field old → new.
    const message = byTestId(browser, "commit-message");
    await browser.waitUntil(async () => (await message.getValue()) === `Update ${SEED_TITLE}: summary`, {
      ...WAIT,
      timeoutMsg: "the commit message was not prefilled from the template",
    });
    await file.$('[data-testid="open-diff"]').click();
    const view = browser.$('[data-testid="workflow-view"][data-view="diff"]');
    await view.waitForExist(WAIT);
    const field = view.$('[data-testid="field-change"][data-key="summary"]');
    await field.waitForExist(WAIT);
    assert.match(await textOf(field.$("del")), /^Cross-Agency Priority/);
    assert.equal(await textOf(field.$("ins")), "A shorter summary of the CX community.");
    assert.equal(await view.$$('[data-testid="body-hunk"]').length, 0, "the body did not change");
    await screenshot(browser, "git-field-diff");
    await expectNoAxeViolations(browser, "diff view of a changed file");

    // A co-author typed in the panel is credited with a trailer.
    await byTestId(browser, "commit-co-authors").setValue("Bo Guest <bo@agency.gov>");
    // An editor on the main branch confirms a commit straight to it.
    await byTestId(browser, "diff-commit-button").click();
    await byTestId(browser, "prompt-confirm").waitForDisplayed(WAIT);
    assert.equal(await textOf(byTestId(browser, "prompt-confirm")), "Commit to main");
    assert.equal(git(site, "log", "--format=%s", "-1"), "Sample site", "nothing committed before confirming");
    await byTestId(browser, "prompt-confirm").click();
    await byTestId(browser, "commit-done").waitForExist(WAIT);
    assert.match(await textOf(byTestId(browser, "commit-done")), /^Committed [0-9a-f]{7} on main$/);
    assert.equal(git(site, "log", "-1", "--format=%s|%an <%ae>"), `Update ${SEED_TITLE}: summary|Ada Editor <ada@example.gov>`);
    assert.match(git(site, "log", "-1", "--format=%B"), /\n\nCo-authored-by: Bo Guest <bo@agency\.gov>$/);
    assert.equal(await byTestId(browser, "commit-co-authors").getValue(), "", "co-authors are cleared with the message");
    assert.equal(git(site, "status", "--porcelain"), "", "the commit took the change");
    assert.match(git(site, "show", "HEAD:" + repoPath), /^summary: A shorter summary of the CX community\.$/m);
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "changes-count"))) === "0", WAIT);

    // The page's history lists the commit first.
    await byTestId(browser, "workflow-close").click();
    await byTestId(browser, "open-history").click();
    const entry = browser.$('[data-testid="history-entry"]');
    await entry.waitForExist(WAIT);
    assert.equal(await entry.getAttribute("data-commit"), git(site, "rev-parse", "HEAD"));
    await expectNoAxeViolations(browser, "page history");
    await entry.$('[data-testid="history-restore"]').click();
    await byTestId(browser, "prompt-dialog").waitForDisplayed(WAIT);
    await expectNoAxeViolations(browser, "restore confirmation dialog");
    await byTestId(browser, "prompt-cancel").click();
    await byTestId(browser, "prompt-dialog").waitForExist({ ...WAIT, reverse: true });

    // The site's history lists every commit on the branch, newest first, read-only.
    await byTestId(browser, "workflow-close").click();
    await byTestId(browser, "site-history-button").click();
    const siteView = browser.$('[data-testid="workflow-view"][data-view="siteHistory"]');
    await siteView.waitForExist(WAIT);
    await browser.waitUntil(async () => (await siteView.$$('[data-testid="history-entry"]').length) === 2, {
      ...WAIT,
      timeoutMsg: "the site history does not list both commits",
    });
    const ids = [];
    for (const entry of await siteView.$$('[data-testid="history-entry"]')) ids.push(await entry.getAttribute("data-commit"));
    assert.deepEqual(ids, git(site, "log", "--format=%H").split("\n"));
    assert.equal(await siteView.$$('[data-testid="history-restore"]').length, 0, "the site history offers no restore");
    await expectNoAxeViolations(browser, "site history");
  } catch (error) {
    await screenshot(browser, "git-field-diff-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("an editor reviews a draft, requests changes, then approves it into main", { timeout: 240000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  const repoPath = `content/${SEED}`;
  const branch = "draft/cx-community-update";
  try {
    await browser.$(`[data-testid="page-row"][data-path="${SEED}"]`).waitForExist(WAIT);

    // An author's draft, made in another clone and pushed into the site's repository.
    const clone = path.join(mkdtempSync(path.join(tmpdir(), "author-")), "site");
    execFileSync("git", ["clone", "--quiet", site, clone]);
    git(clone, "checkout", "--quiet", "-b", branch);
    const file = path.join(clone, repoPath);
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace("  - cx\n", "  - customer-experience\n")
        .concat("\nA paragraph the author added on the draft.\n"),
    );
    git(clone, "-c", "user.name=Grace Author", "-c", "user.email=grace@example.gov", "commit", "--quiet", "-am", "Update the CX post");
    git(clone, "push", "--quiet", "origin", branch);
    assert.equal(git(site, "rev-parse", "--abbrev-ref", "HEAD"), "main");

    await setIdentityAndRole(browser, "editor");
    await byTestId(browser, "open-queue").click();
    const item = browser.$(`[data-testid="queue-item"][data-branch="${branch}"]`);
    await item.waitForExist({ ...WAIT, timeoutMsg: "the draft never showed in the review queue" });
    assert.equal(await item.getAttribute("data-state"), "draft");
    await expectNoAxeViolations(browser, "review queue (editor)");
    await item.$('[data-testid="queue-review"]').click();

    // The review screen: the topic change field by field, the body hunk, the branch's preview.
    const screen = browser.$(`[data-testid="review-screen"][data-branch="${branch}"]`);
    await screen.waitForExist(WAIT);
    const topics = screen.$('[data-testid="field-change"][data-key="topics"]');
    await topics.waitForExist(WAIT);
    assert.match(await textOf(topics.$("del")), /cx/);
    assert.match(await textOf(topics.$("ins")), /customer-experience/);
    assert.equal(await screen.$$('[data-testid="body-hunk"]').length, 1);
    await browser.waitUntil(
      async () => ((await byTestId(browser, "review-preview").getAttribute("srcdoc")) ?? "").includes("A paragraph the author added on the draft."),
      { ...WAIT, timeoutMsg: "the preview never showed the branch's version" },
    );
    await screenshot(browser, "git-review-screen");
    await expectNoAxeViolations(browser, "review screen");

    // Request changes: the note is recorded on the branch and shows in the queue.
    await byTestId(browser, "request-changes").click();
    await byTestId(browser, "prompt-input").waitForDisplayed(WAIT);
    await expectNoAxeViolations(browser, "request changes dialog");
    await byTestId(browser, "prompt-input").setValue("Please keep the cx topic as well.");
    await byTestId(browser, "prompt-confirm").click();
    await browser.waitUntil(async () => (await byTestId(browser, "workflow-notice").getAttribute("data-kind")) === "ok", WAIT);
    assert.match(git(site, "log", "-1", "--format=%B", branch), /Please keep the cx topic as well\.[\s\S]*Postwright-Review: changes-requested/);
    await byTestId(browser, "review-back").click();
    const requested = browser.$(`[data-testid="queue-item"][data-branch="${branch}"][data-state="changesRequested"]`);
    await requested.waitForExist(WAIT);
    assert.match(await textOf(requested.$('[data-testid="queue-note"]')), /Please keep the cx topic as well\./);
    await expectNoAxeViolations(browser, "review queue with a changes-requested note and a notice");

    // Approve: merged into main per the site's setting, the branch removed.
    await requested.$('[data-testid="queue-review"]').click();
    await screen.waitForExist(WAIT);
    await byTestId(browser, "approve").waitForEnabled(WAIT);
    await byTestId(browser, "approve").click();
    await byTestId(browser, "prompt-confirm").waitForDisplayed(WAIT);
    await byTestId(browser, "prompt-confirm").click();
    await browser.waitUntil(async () => /^Approved /.test(await textOf(byTestId(browser, "workflow-notice"))), {
      ...WAIT,
      timeoutMsg: "approving never reported success",
    });
    const onMain = git(site, "show", `main:${repoPath}`);
    assert.match(onMain, /^ {2}- customer-experience$/m);
    assert.match(onMain, /A paragraph the author added on the draft\./);
    assert.equal(git(site, "branch", "--list", branch), "", "the draft branch is gone");
    assert.equal(git(site, "status", "--porcelain"), "", "the work tree follows main");
    assert.match(readFileSync(path.join(site, repoPath), "utf8"), /A paragraph the author added on the draft\./);
    await browser.$(`[data-testid="queue-item"][data-branch="${branch}"]`).waitForExist({ ...WAIT, reverse: true });
    await byTestId(browser, "queue-empty").waitForExist(WAIT);
    await expectNoAxeViolations(browser, "review queue, empty");
    await screenshot(browser, "git-review-approved");
  } catch (error) {
    await screenshot(browser, "git-review-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
