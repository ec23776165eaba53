// The editorial workflow in the real window: every state shown is true and every action does what it says.
// An author's commit on the protected main branch goes to a new draft (the panel says so
// before, and the line after names the branch committed to); the header and status bar follow
// each edit and save; "Submit for review" with saved, uncommitted work shows it, commits it and
// marks the draft ready, and a second submission with nothing new is refused with the reason.
// Then two app instances on one bare remote: the author's submission reaches the editor by
// Sync — whose review screen links the pushed branch's published preview (from the URL
// template set in Settings) beside the local one — and the editor's note reaches the author
// by Sync.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, repoRoot, screenshot, textOf } from "./support.mjs";

const SEED = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";
const REPO_PATH = `content/${SEED}`;
const TITLE = "New Kid in Town: The Customer Experience Community";
const DRAFT = "draft/new-kid-in-town-the-customer-experience-community";
const WAIT = { timeout: 15000, interval: 150 };
/** digital.gov's preview builds, as seed 002's feed shows them. */
const PREVIEW_TEMPLATE = "https://federalist-proxy.app.cloud.gov/preview/gsa/digitalgov.gov/{branch}/";

function git(dir, ...args) {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
}

/** A data folder whose settings give the identity and role (as the settings dialog stores them). */
function dataDirFor(name, email, role) {
  const dir = mkdtempSync(path.join(process.env.POSTWRIGHT_DATA_DIR ?? tmpdir(), `${role}-`));
  writeFileSync(path.join(dir, "settings.json"), JSON.stringify({ identity: { name, email }, role, agency: null, sites: {} }));
  return dir;
}

/** A bare remote holding the sample site, and an author's and an editor's clone of it. */
function remoteWithClones() {
  const root = mkdtempSync(path.join(tmpdir(), "workflow-roles-"));
  const seed = path.join(root, "seed");
  cpSync(path.join(repoRoot, "content"), seed, { recursive: true });
  execFileSync("git", ["init", "--quiet", "-b", "main", seed]);
  git(seed, "add", "-A");
  git(seed, "-c", "user.name=Seed", "-c", "user.email=seed@example.gov", "commit", "--quiet", "-m", "Sample site");
  const origin = path.join(root, "origin.git");
  execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", origin]);
  git(seed, "push", "--quiet", origin, "main");
  const clone = (name) => {
    const dir = path.join(root, name);
    execFileSync("git", ["clone", "--quiet", origin, dir]);
    return dir;
  };
  return { origin, author: clone("author"), editor: clone("editor") };
}

async function editSummary(browser, text) {
  const summary = byTestId(browser, "field-summary");
  await summary.waitForDisplayed(WAIT);
  await summary.setValue(text);
}

async function save(browser) {
  await byTestId(browser, "save-button").click();
  await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", WAIT);
}

async function panelClean(browser) {
  await browser.waitUntil(async () => (await byTestId(browser, "changes-panel").getAttribute("data-clean")) === "true", {
    ...WAIT,
    timeoutMsg: "the changes panel never became clean",
  });
  assert.equal(await textOf(byTestId(browser, "changed-files-state")), "No uncommitted changes");
  assert.equal(await byTestId(browser, "commit-button").isEnabled(), false, "nothing to commit on a clean tree");
}

async function notice(browser, pattern) {
  await browser.waitUntil(async () => pattern.test(await textOf(byTestId(browser, "workflow-notice"))), {
    ...WAIT,
    timeoutMsg: `the notice never matched ${pattern}`,
  });
  return textOf(byTestId(browser, "workflow-notice"));
}

/** Edits the seed page's summary, saves it, and submits for review from the dialog. */
async function submitWithSavedWork(browser, site, summary) {
  await editSummary(browser, summary);
  await save(browser);
  await browser.$(`[data-testid="changed-file"][data-path="${REPO_PATH}"]`).waitForExist(WAIT);
  const before = git(site, "rev-parse", "HEAD");
  await byTestId(browser, "submit-for-review").click();
  const dialog = byTestId(browser, "submit-dialog");
  await dialog.waitForDisplayed(WAIT);
  await dialog.$(`[data-testid="submit-uncommitted"] li[data-path="${REPO_PATH}"]`).waitForExist(WAIT);
  assert.equal(await byTestId(browser, "submit-message").getValue(), `Update ${TITLE}: summary`);
  await expectNoAxeViolations(browser, "submit dialog", { include: '[data-testid="submit-dialog"]' });
  await byTestId(browser, "submit-confirm").click();
  const said = await notice(browser, /^Submitted draft\/.* for review with your saved work/);
  assert.match(said, /recorded on this machine: Sync to deliver it/);
  // One commit holds the work, one marker says it is ready; nothing is left behind.
  assert.equal(git(site, "log", "--format=%s", `${before}..HEAD`), `Ready for review\nUpdate ${TITLE}: summary`);
  assert.match(git(site, "show", `HEAD~1:${REPO_PATH}`), new RegExp(`^summary: ${summary}$`, "m"));
  assert.equal(git(site, "status", "--porcelain"), "");
  await panelClean(browser);
}

test("an author's commit on main goes to a draft, every status line stays true, and a submission carries the saved work", { timeout: 240000 }, async () => {
  const { author } = remoteWithClones();
  const dataDir = dataDirFor("Ada Author", "ada@example.gov", "author");
  const { browser, stop } = await launch({ args: [author], dataDir });
  try {
    const row = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await row.waitForExist(WAIT);
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "current-branch"))) === "main", WAIT);
    await panelClean(browser);
    await row.click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", WAIT);

    // Edited → saved → edited again: the header's "Saved" goes with the next edit.
    await editSummary(browser, "A first edit.");
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "Unsaved changes (1 field)", WAIT);
    await save(browser);
    assert.equal(await textOf(byTestId(browser, "editor-notice")), "Saved");
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "changed-files-state"))) === "1 changed file", WAIT);
    await editSummary(browser, "A second edit.");
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "Unsaved changes (1 field)", WAIT);
    assert.equal(await byTestId(browser, "editor-notice").isExisting(), false, "no 'Saved' beside unsaved changes");
    await save(browser);

    // On main, an author's commit is diverted to a new draft, said before and after.
    const commit = byTestId(browser, "commit-button");
    await browser.waitUntil(async () => (await textOf(commit)) === `Commit to ${DRAFT}`, {
      ...WAIT,
      timeoutMsg: "the commit button never named the draft the commit goes to",
    });
    assert.match(await textOf(byTestId(browser, "commit-hint")), /^main is protected: only editors commit to it\./);
    const mainBefore = git(author, "rev-parse", "main");
    await commit.click();
    const done = byTestId(browser, "commit-done");
    await done.waitForExist(WAIT);
    const tip = git(author, "rev-parse", DRAFT);
    assert.equal(await textOf(done), `Committed ${tip.slice(0, 7)} on ${DRAFT} (a new draft: main is protected)`);
    assert.equal(git(author, "rev-parse", "main"), mainBefore, "main did not move");
    assert.equal(git(author, "rev-parse", "--abbrev-ref", "HEAD"), DRAFT);
    assert.match(git(author, "show", `${DRAFT}:${REPO_PATH}`), /^summary: A second edit\.$/m);
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "current-branch"))) === DRAFT, WAIT);
    await panelClean(browser);
    // The line names the branch committed to, whatever is current later.
    assert.equal(await done.getAttribute("data-branch"), DRAFT);

    // Submit with saved, uncommitted work: shown, committed, marked ready.
    await submitWithSavedWork(browser, author, "Ready for the editors.");
    await screenshot(browser, "workflow-submitted");

    // Again, with nothing new: refused with the reason, nothing recorded.
    const tipAfter = git(author, "rev-parse", "HEAD");
    await byTestId(browser, "submit-for-review").click();
    await byTestId(browser, "submit-refusal").waitForDisplayed(WAIT);
    assert.match(await textOf(byTestId(browser, "submit-refusal")), /already submitted, with nothing new since/);
    assert.equal(await byTestId(browser, "submit-confirm").isExisting(), false);
    await expectNoAxeViolations(browser, "submit refused", { include: '[data-testid="submit-dialog"]' });
    await byTestId(browser, "submit-cancel").click();
    await byTestId(browser, "submit-dialog").waitForExist({ ...WAIT, reverse: true });
    assert.equal(git(author, "rev-parse", "HEAD"), tipAfter);
  } catch (error) {
    await screenshot(browser, "workflow-roles-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("two instances on one remote: the submission reaches the editor and the editor's note reaches the author by Sync", { timeout: 420000 }, async () => {
  const { origin, author, editor } = remoteWithClones();
  const authorData = dataDirFor("Ada Author", "ada@example.gov", "author");
  const editorData = dataDirFor("Eddie Editor", "eddie@example.gov", "editor");
  const note = "Please name the community's first event.";

  // The author starts a draft, submits it with saved work and syncs.
  let run = await launch({ args: [author], dataDir: authorData });
  try {
    const { browser } = run;
    await browser.$(`[data-testid="page-row"][data-path="${SEED}"]`).waitForExist(WAIT);
    await byTestId(browser, "start-draft").click();
    await byTestId(browser, "prompt-input").waitForDisplayed(WAIT);
    await byTestId(browser, "prompt-input").setValue("CX community&mdash;update");
    await byTestId(browser, "prompt-confirm").click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "current-branch"))) === "draft/cx-community-update", WAIT);
    await browser.$(`[data-testid="page-row"][data-path="${SEED}"]`).click();
    await submitWithSavedWork(browser, author, "Meet the community.");
    await byTestId(browser, "sync").click();
    await notice(browser, /pushed draft\/cx-community-update/);
    assert.match(git(origin, "log", "-1", "--format=%B", "draft/cx-community-update"), /Postwright-Review: ready/);
  } finally {
    await run.stop();
  }

  // The editor syncs, finds it ready, asks for changes; the note leaves on the next Sync.
  run = await launch({ args: [editor], dataDir: editorData });
  try {
    const { browser } = run;
    await byTestId(browser, "sync").waitForDisplayed(WAIT);
    // The site's published-preview address, set in Settings: pushed branches link to theirs.
    await byTestId(browser, "open-settings").click();
    await byTestId(browser, "settings-preview-url").waitForDisplayed(WAIT);
    await byTestId(browser, "settings-preview-url").setValue(PREVIEW_TEMPLATE);
    await byTestId(browser, "settings-save").click();
    await byTestId(browser, "settings-dialog").waitForExist({ ...WAIT, reverse: true });
    await byTestId(browser, "sync").click();
    await notice(browser, /^Synced/);
    await byTestId(browser, "open-queue").click();
    const item = browser.$('[data-testid="queue-item"][data-branch="draft/cx-community-update"][data-state="ready"]');
    await item.waitForExist(WAIT);
    await item.$('[data-testid="queue-review"]').click();

    // Beside the local preview of the branch's version, the link to its published preview.
    const screen = browser.$('[data-testid="review-screen"][data-branch="draft/cx-community-update"]');
    await screen.waitForExist(WAIT);
    const published = screen.$('[data-testid="published-preview"]');
    await published.waitForDisplayed({ ...WAIT, timeoutMsg: "the review screen never linked the pushed branch's published preview" });
    const url = "https://federalist-proxy.app.cloud.gov/preview/gsa/digitalgov.gov/draft/cx-community-update/";
    assert.equal(await published.getAttribute("title"), url);
    assert.equal(await textOf(published), "Published preview ↗");
    await screen.$('[data-testid="review-preview"]').waitForExist(WAIT);
    assert.match(await textOf(screen.$("section.preview .pane-header")), /^Preview on draft\/cx-community-update/);
    await screenshot(browser, "workflow-published-preview");
    await published.click();
    await byTestId(browser, "link-dialog").waitForDisplayed(WAIT);
    assert.equal(await textOf(byTestId(browser, "link-url")), url);
    await expectNoAxeViolations(browser, "published preview link dialog", { include: '[data-testid="link-dialog"]' });
    await byTestId(browser, "link-cancel").click();
    await byTestId(browser, "link-dialog").waitForDisplayed({ ...WAIT, reverse: true });
    await byTestId(browser, "request-changes").waitForEnabled(WAIT);
    await byTestId(browser, "request-changes").click();
    await byTestId(browser, "prompt-input").waitForDisplayed(WAIT);
    await byTestId(browser, "prompt-input").setValue(note);
    await byTestId(browser, "prompt-confirm").click();
    assert.match(await notice(browser, /^Your note on draft\/cx-community-update/), /recorded on this machine; Sync to deliver it/);
    assert.doesNotMatch(git(origin, "log", "-1", "--format=%B", "draft/cx-community-update"), /changes-requested/, "not delivered yet");
    await byTestId(browser, "sync").click();
    await notice(browser, /pushed draft\/cx-community-update/);
    assert.match(git(origin, "log", "-1", "--format=%B", "draft/cx-community-update"), /Postwright-Review: changes-requested/);
  } finally {
    await run.stop();
  }

  // The author syncs and sees the note in their queue.
  run = await launch({ args: [author], dataDir: authorData });
  try {
    const { browser } = run;
    await byTestId(browser, "sync").waitForDisplayed(WAIT);
    await byTestId(browser, "sync").click();
    await notice(browser, /^Synced: pulled new commits/);
    await byTestId(browser, "open-queue").click();
    const item = browser.$('[data-testid="queue-item"][data-branch="draft/cx-community-update"][data-state="changesRequested"]');
    await item.waitForExist({ ...WAIT, timeoutMsg: "the editor's note never reached the author" });
    assert.match(await textOf(item.$('[data-testid="queue-note"]')), new RegExp(note.replace(/[.']/g, "\\$&")));
    await screenshot(browser, "workflow-note-delivered");
  } catch (error) {
    await screenshot(run.browser, "workflow-two-instances-failed").catch(() => {});
    throw error;
  } finally {
    await run.stop();
  }
});
