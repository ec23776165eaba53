// A pull that clashes, settled in the real window: the app's clone of a bare remote commits
// an edit to the same lines another clone already pushed; Sync stops and opens the conflicts
// view, which also comes back by itself after a restart; the writer keeps their summary and
// takes the other slug, finishes the merge, and git has a merge commit with exactly that text.

import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, repoRoot, screenshot, textOf } from "./support.mjs";

const SEED = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";
const REPO_PATH = `content/${SEED}`;
const WAIT = { timeout: 15000, interval: 150 };

function git(dir, ...args) {
  return gitRaw(dir, ...args).trim();
}

/** git's output as it is (a file's text from `git show`). */
function gitRaw(dir, ...args) {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" });
}

/** A bare remote holding the sample site, the clone the app opens, and a second clone. */
function remoteWithTwoClones() {
  const root = mkdtempSync(path.join(tmpdir(), "pull-conflicts-"));
  const seed = path.join(root, "seed");
  cpSync(path.join(repoRoot, "content"), seed, { recursive: true });
  execFileSync("git", ["init", "--quiet", "-b", "main", seed]);
  git(seed, "add", "-A");
  git(seed, "-c", "user.name=Seed", "-c", "user.email=seed@example.gov", "commit", "--quiet", "-m", "Sample site");
  const origin = path.join(root, "origin.git");
  execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", origin]);
  git(seed, "push", "--quiet", origin, "main");
  const clone = (name, who, email) => {
    const dir = path.join(root, name);
    execFileSync("git", ["clone", "--quiet", origin, dir]);
    git(dir, "config", "user.name", who);
    git(dir, "config", "user.email", email);
    return dir;
  };
  return { origin, site: clone("site", "Ada Author", "ada@example.gov"), other: clone("other", "Oscar Other", "oscar@example.gov") };
}

test("Sync stops on clashing edits, the conflicts view settles them and finishes the merge", { timeout: 300000 }, async () => {
  const { site, other } = remoteWithTwoClones();
  const page = (dir) => path.join(dir, REPO_PATH);

  // The other clone rewrites the summary and the slug, and pushes first.
  const original = readFileSync(page(other), "utf8");
  const theirs = original
    .replace(/^summary: .*$/m, "summary: The other clone's summary.")
    .replace(/^slug: .*$/m, "slug: cx-community-from-the-other-clone");
  assert.notEqual(theirs, original);
  writeFileSync(page(other), theirs);
  git(other, "commit", "--quiet", "-am", "Other: summary and slug");
  git(other, "push", "--quiet", "origin", "main");

  let ours = "";
  let oursTip = "";
  // An editor: the commit goes to main (after confirming), as the clash needs.
  const dataDir = mkdtempSync(path.join(process.env.POSTWRIGHT_DATA_DIR ?? tmpdir(), "editor-"));
  writeFileSync(path.join(dataDir, "settings.json"), JSON.stringify({ role: "editor" }));
  let run = await launch({ args: [site], dataDir });
  try {
    const { browser } = run;
    const row = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await row.waitForExist(WAIT);
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "current-branch"))) === "main", WAIT);

    // The app's writer edits the same two lines and commits.
    await row.click();
    const summary = byTestId(browser, "field-summary");
    await browser.waitUntil(async () => (await summary.getValue()).startsWith("Cross-Agency"), WAIT);
    await summary.setValue("My summary, written in the app.");
    await byTestId(browser, "field-slug").setValue("cx-community-from-the-app");
    await byTestId(browser, "save-button").click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", WAIT);
    const commitMessage = byTestId(browser, "commit-message");
    await browser.waitUntil(async () => (await commitMessage.getValue()) !== "", WAIT);
    await byTestId(browser, "commit-button").waitForEnabled(WAIT);
    await byTestId(browser, "commit-button").click();
    await byTestId(browser, "prompt-confirm").waitForDisplayed(WAIT);
    await byTestId(browser, "prompt-confirm").click();
    await byTestId(browser, "commit-done").waitForExist(WAIT);
    ours = gitRaw(site, "show", `HEAD:${REPO_PATH}`);
    assert.match(ours, /^summary: My summary, written in the app\.$/m);
    oursTip = git(site, "rev-parse", "HEAD");

    // Sync: the pull clashes and the conflicts view opens with both clashes.
    await byTestId(browser, "sync").click();
    const view = browser.$('[data-testid="workflow-view"][data-view="conflicts"]');
    await view.waitForExist({ ...WAIT, timeoutMsg: "Sync never opened the conflicts view" });
    assert.match(await textOf(byTestId(browser, "conflicts-intro")), /^The pull stopped/);
    assert.equal(await byTestId(browser, "workflow-notice").isExisting(), false, "no toast covers the view's buttons");
    const file = view.$(`[data-testid="conflict-file"][data-path="${REPO_PATH}"]`);
    await file.waitForExist(WAIT);
    assert.equal((await file.$$('[data-testid="merge-conflict"]')).length, 2);
    assert.match(readFileSync(page(site), "utf8"), /^<<<<<<< yours$/m, "the file holds both versions meanwhile");
    assert.match(git(site, "status", "--porcelain"), new RegExp(`^UU ${REPO_PATH}$`, "m"));
  } catch (error) {
    await screenshot(run.browser, "pull-conflicts-failed").catch(() => {});
    throw error;
  } finally {
    await run.stop();
  }

  // After a restart the unfinished merge is offered again.
  run = await launch({ args: [site] });
  try {
    const { browser } = run;
    const view = browser.$('[data-testid="workflow-view"][data-view="conflicts"]');
    await view.waitForExist({ ...WAIT, timeoutMsg: "the unfinished merge was not offered after a restart" });
    const clashes = view.$$(`[data-testid="conflict-file"][data-path="${REPO_PATH}"] [data-testid="merge-conflict"]`);
    await browser.waitUntil(async () => (await clashes.length) === 2, WAIT);
    // The first clash is the slug (line 2), the second the summary.
    assert.equal(await textOf((await clashes)[0].$('[data-testid="merge-theirs"]')), "slug: cx-community-from-the-other-clone");
    assert.equal(await textOf((await clashes)[1].$('[data-testid="merge-ours"]')), "summary: My summary, written in the app.");
    assert.equal(await byTestId(browser, "finish-merge").isEnabled(), false, "finishing waits for every side");
    await (await clashes)[0].$('[data-testid="take-theirs"]').click();
    await (await clashes)[1].$('[data-testid="take-ours"]').click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "conflicts-left"))) === "Every clash has a side.", WAIT);
    await screenshot(browser, "pull-conflicts");
    await expectNoAxeViolations(browser, "pull-conflicts");

    await byTestId(browser, "finish-merge").click();
    await browser.waitUntil(async () => /^Merge finished as /.test(await textOf(byTestId(browser, "workflow-notice"))), {
      ...WAIT,
      timeoutMsg: "finishing the merge never reported success",
    });
    // Ours moved a published page, so its slug line came with the old URL in `aliases`; that
    // block is one clash with their slug line, and taking theirs takes their one line.
    assert.match(ours, /^slug: .*\naliases:\n(  - .*\n)+/m, "the app kept the old URL as an alias");
    const expected = ours.replace(/^slug: .*\naliases:\n(  - .*\n)+/m, "slug: cx-community-from-the-other-clone\n");
    assert.equal(readFileSync(page(site), "utf8"), expected, "the file has exactly the chosen sides");
    assert.equal(gitRaw(site, "show", `HEAD:${REPO_PATH}`), expected);
    const parents = git(site, "log", "-1", "--format=%P").split(" ");
    assert.deepEqual(parents, [oursTip, git(site, "rev-parse", "origin/main")], "a merge commit of both sides");
    assert.match(git(site, "log", "-1", "--format=%s|%an"), /^Merge origin\/main into main\|Ada Author$/);
    assert.equal(git(site, "status", "--porcelain"), "");
    await byTestId(browser, "open-conflicts").waitForExist({ ...WAIT, reverse: true });
  } catch (error) {
    await screenshot(run.browser, "pull-conflicts-failed").catch(() => {});
    throw error;
  } finally {
    await run.stop();
  }
});

test("Abort merge in the conflicts view puts the files back as they were before the pull", { timeout: 180000 }, async () => {
  const { site, other } = remoteWithTwoClones();
  const page = (dir) => path.join(dir, REPO_PATH);
  const edit = (dir, summary, message) => {
    writeFileSync(page(dir), readFileSync(page(dir), "utf8").replace(/^summary: .*$/m, `summary: ${summary}`));
    git(dir, "commit", "--quiet", "-am", message);
  };
  edit(other, "The other clone's summary.", "Other: summary");
  git(other, "push", "--quiet", "origin", "main");
  edit(site, "This clone's summary.", "Site: summary");
  const before = readFileSync(page(site), "utf8");
  const tip = git(site, "rev-parse", "HEAD");

  const run = await launch({ args: [site] });
  try {
    const { browser } = run;
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "current-branch"))) === "main", WAIT);
    await byTestId(browser, "sync").click();
    const view = browser.$('[data-testid="workflow-view"][data-view="conflicts"]');
    await view.waitForExist({ ...WAIT, timeoutMsg: "Sync never opened the conflicts view" });
    await view.$('[data-testid="merge-conflict"]').waitForExist(WAIT);
    await byTestId(browser, "abort-merge").click();
    await byTestId(browser, "prompt-confirm").waitForDisplayed(WAIT);
    await expectNoAxeViolations(browser, "abort merge confirmation");
    await byTestId(browser, "prompt-confirm").click();
    await browser.waitUntil(async () => /^Merge aborted/.test(await textOf(byTestId(browser, "workflow-notice"))), {
      ...WAIT,
      timeoutMsg: "aborting the merge never reported success",
    });
    assert.equal(readFileSync(page(site), "utf8"), before);
    assert.equal(git(site, "rev-parse", "HEAD"), tip, "no commit was made");
    assert.equal(git(site, "status", "--porcelain"), "");
    assert.throws(() => git(site, "rev-parse", "-q", "--verify", "MERGE_HEAD"), "the merge is forgotten");
    await view.waitForExist({ ...WAIT, reverse: true });
    await byTestId(browser, "open-conflicts").waitForExist({ ...WAIT, reverse: true });
  } catch (error) {
    await screenshot(run.browser, "pull-conflicts-abort-failed").catch(() => {});
    throw error;
  } finally {
    await run.stop();
  }
});
