// The app's accessibility: the window by keyboard alone (real key presses through xdotool, no
// clicks) for the author's flow (find a page, open it, edit a field and the body, save,
// commit), the editor's (review queue, request changes) and the guest's (submit a story), with
// axe-core run at each screen and dialog reached, and the keyboard promises checked on the way:
// a skip link, the page list as one Tab stop with arrow keys, a picker whose open list lets Tab
// go on, the body editor's documented way out (Esc then Tab), focus back on the opener when a
// workflow view closes, visible focus, and a live region saying what a save or commit did.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations, focused, press, tabUntil, trackKeys, typeText } from "./a11y.mjs";
import { byTestId, launch, screenshot, textOf } from "./support.mjs";

const SEED = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";
const SEED_TITLE = "New Kid in Town: The Customer Experience Community";
const WAIT = { timeout: 15000, interval: 150 };

function git(dir, ...args) {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
}

async function announced(browser) {
  return browser.execute(() => document.querySelector('[data-testid="announcer"]')?.textContent ?? "");
}

async function bodyText(browser) {
  return browser.execute(() => document.querySelector('[data-testid="body-editor"] .cm-content')?.textContent ?? "");
}

const is = (testid) => (f) => f.testid === testid;

/** Tab to the role radios (the checked one takes the focus), then arrows choose `role`. */
async function chooseRole(browser, role) {
  await tabUntil(browser, (f) => f.testid?.startsWith("role-") ?? false, { what: "the role radios" });
  if ((await focused(browser)).testid !== `role-${role}`) {
    await tabUntil(browser, is(`role-${role}`), { chord: "Down", max: 3, what: `the ${role} radio` });
  }
  assert.equal(await byTestId(browser, `role-${role}`).isSelected(), true, `${role} is chosen`);
}

/** Settings by keyboard: name, e-mail and role; Enter saves; focus returns to the button. */
async function settingsByKeyboard(browser, role) {
  await tabUntil(browser, is("open-settings"), { what: "the Settings button" });
  await press("Return");
  await byTestId(browser, "settings-dialog").waitForDisplayed(WAIT);
  await browser.waitUntil(async () => (await focused(browser)).testid === "settings-name", { ...WAIT, timeoutMsg: "focus did not move into Settings" });
  await expectNoAxeViolations(browser, "keyboard: settings dialog");
  await typeText("Ada Editor");
  await press("Tab");
  await typeText("ada@example.gov");
  await chooseRole(browser, role);
  await tabUntil(browser, is("settings-save"), { what: "Save" });
  await press("Return");
  await byTestId(browser, "settings-dialog").waitForExist({ ...WAIT, reverse: true });
  await browser.waitUntil(async () => (await textOf(byTestId(browser, "commit-identity"))).includes("ada@example.gov"), WAIT);
  assert.equal((await focused(browser)).testid, "open-settings", "focus returns to the Settings button");
}

test("the author's flow by keyboard alone: find, open, edit a field and the body, save, commit", { timeout: 300000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  await trackKeys(browser);
  const site = path.join(dataDir, "sample-site");
  try {
    await browser.$(`[data-testid="page-row"][data-path="${SEED}"]`).waitForExist(WAIT);
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "current-branch"))) === "main", WAIT);
    await expectNoAxeViolations(browser, "keyboard: main window, no page open");

    // The first Tab reaches the skip link, shown while focused.
    await press("Tab");
    let now = await focused(browser);
    assert.equal(now.testid, "skip-link", "the first Tab stop is the skip link");
    const top = await browser.execute(() => document.querySelector('[data-testid="skip-link"]').getBoundingClientRect().top);
    assert.ok(top >= 0, "the focused skip link is on screen");

    await settingsByKeyboard(browser, "author");

    // Search for the page, then the list is a single Tab stop: arrows move, Enter opens.
    await tabUntil(browser, is("page-filter"), { what: "the page search" });
    await typeText("new kid in town");
    await browser.waitUntil(async () => /^1 of /.test(await textOf(byTestId(browser, "page-count"))), {
      ...WAIT,
      timeoutMsg: "the search never narrowed the list to the one page",
    });
    await press("ctrl+a", "BackSpace");
    await browser.waitUntil(async () => !/^1 of /.test(await textOf(byTestId(browser, "page-count"))), WAIT);
    const rowStops = await browser.execute(
      () => [...document.querySelectorAll('[data-testid="page-row"]')].filter((row) => row.tabIndex === 0).length,
    );
    assert.equal(rowStops, 1, "exactly one page row is a Tab stop");
    await tabUntil(browser, is("page-row"), { what: "the page list" });
    const first = (await focused(browser)).path;
    await press("Down");
    now = await focused(browser);
    assert.equal(now.testid, "page-row", "Down stays in the list");
    assert.notEqual(now.path, first, "Down moves to the next row");
    assert.ok(now.outline, "the focused row shows a focus ring");
    await press("Up");
    assert.equal((await focused(browser)).path, first, "Up moves back");
    // Tab leaves the list in one press (to the changes panel), Shift+Tab comes back to the same row.
    await press("Down", "Tab");
    now = await focused(browser);
    assert.notEqual(now.testid, "page-row", "Tab leaves the list at once");
    await press("shift+Tab");
    now = await focused(browser);
    assert.equal(now.testid, "page-row", "Shift+Tab returns to the list");
    assert.notEqual(now.path, first, "…on the row last moved to");
    // Find the seed by typing in the search and opening the only row.
    await tabUntil(browser, is("page-filter"), { chord: "shift+Tab", what: "the page search" });
    await typeText("new kid in town");
    await browser.waitUntil(async () => /^1 of /.test(await textOf(byTestId(browser, "page-count"))), WAIT);
    await tabUntil(browser, is("page-row"), { what: "the found page" });
    assert.equal((await focused(browser)).path, SEED);
    await press("Return");
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "doc-path"))) === `content/${SEED}`, {
      ...WAIT,
      timeoutMsg: "Enter on the row did not open the page",
    });
    await browser.waitUntil(async () => (await byTestId(browser, "field-summary").getValue()).startsWith("Cross-Agency"), WAIT);
    await expectNoAxeViolations(browser, "keyboard: page open: form, body, preview, problems");

    // The skip link goes straight to the form.
    await tabUntil(browser, is("skip-link"), { chord: "shift+Tab", max: 60, what: "the skip link" });
    await press("Return");
    const firstField = await browser.execute(() => document.querySelector('[data-testid="front-matter-form"] input, [data-testid="front-matter-form"] textarea')?.getAttribute("data-testid"));
    assert.equal((await focused(browser)).testid, firstField, "the skip link lands on the form's first field");

    // Edit the summary.
    await tabUntil(browser, is("field-summary"), { what: "the summary field" });
    await press("ctrl+a");
    await typeText("A summary typed with the keyboard.");
    // The header's "Changes on save" button counts the lines a save will change.
    await browser.waitUntil(async () => (await byTestId(browser, "pending-toggle").getAttribute("data-count")) !== "0", WAIT);
    await expectNoAxeViolations(browser, "keyboard: form edited: changed marks and the lines a save changes");

    // The authors picker: typing opens its list; Tab goes on to the next control, not the document.
    await tabUntil(browser, is("field-authors-input"), { what: "the authors picker" });
    await typeText("a");
    await browser.waitUntil(async () => (await byTestId(browser, "field-authors-input").getAttribute("aria-expanded")) === "true", {
      ...WAIT,
      timeoutMsg: "typing in the picker did not open its list",
    });
    await expectNoAxeViolations(browser, "keyboard: author picker with its list open");
    const chipsBefore = await browser.$$('[data-testid="field-authors"] [data-testid="chip"]').length;
    await press("Tab");
    now = await focused(browser);
    assert.ok(!now.lost, "Tab from the open picker keeps the focus in the window");
    assert.notEqual(now.testid, "field-authors-input", "Tab left the picker");
    assert.equal(await byTestId(browser, "field-authors-input").getAttribute("aria-expanded"), "false", "the list closed");
    assert.equal(await browser.$$('[data-testid="field-authors"] [data-testid="chip"]').length, chipsBefore, "Tab picked nothing");

    // The body: Tab indents inside it; Esc then Tab leaves it, as the hint under it says.
    await tabUntil(browser, (f) => f.testid === "body-editor>", { what: "the body editor" });
    assert.ok((await focused(browser)).outline || (await browser.execute(() => {
      const editor = document.querySelector('[data-testid="body-editor"] .cm-editor');
      return getComputedStyle(editor).outlineStyle !== "none";
    })), "the focused body editor shows a focus ring");
    assert.match(await textOf(byTestId(browser, "body-editor-keys")), /Esc then Tab/);
    await press("ctrl+End", "Return", "Return");
    await typeText("A paragraph typed with the keyboard.");
    await browser.waitUntil(async () => (await bodyText(browser)).includes("A paragraph typed with the keyboard."), WAIT);
    await press("Tab");
    assert.equal((await focused(browser)).testid, "body-editor>", "Tab alone indents, staying in the editor");
    await browser.waitUntil(async () => (await bodyText(browser)).includes("  A paragraph typed with the keyboard."), {
      ...WAIT,
      timeoutMsg: "Tab did not indent the line",
    });
    await press("shift+Tab");
    assert.equal((await focused(browser)).testid, "body-editor>", "Shift+Tab un-indents, staying in the editor");
    await browser.waitUntil(async () => !(await bodyText(browser)).includes("  A paragraph typed with the keyboard."), WAIT);
    await press("Escape", "Tab");
    now = await focused(browser);
    assert.ok(!now.lost && now.testid !== "body-editor>", `Esc then Tab leaves the editor (focus: ${JSON.stringify(now)})`);
    assert.equal(now.testid, "preview-frame", "the next Tab stop is the preview, which scrolls by keyboard");
    await browser.waitUntil(async () => (await focused(browser)).outline, { ...WAIT, timeoutMsg: "the focused preview shows no focus ring" });
    await press("shift+Tab");
    assert.equal((await focused(browser)).testid, "body-editor>", "Shift+Tab comes back into the editor");
    // Before the editor, its formatting toolbar: one Tab stop, arrows move between the buttons.
    await press("Escape", "shift+Tab");
    assert.equal((await focused(browser)).testid, "toolbar-bold", "Esc then Shift+Tab reaches the toolbar");
    await press("Right");
    assert.equal((await focused(browser)).testid, "toolbar-italic", "Right moves along the toolbar");
    await press("Tab");
    assert.equal((await focused(browser)).testid, "body-editor>", "Tab from the toolbar enters the editor");

    // Save with Ctrl+S: the live region says so.
    await press("ctrl+s");
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", {
      ...WAIT,
      timeoutMsg: "Ctrl+S did not save",
    });
    await browser.waitUntil(async () => (await announced(browser)).includes("Saved"), { ...WAIT, timeoutMsg: "the save was not announced" });
    const saved = readFileSync(path.join(site, "content", SEED), "utf8");
    assert.match(saved, /^summary: A summary typed with the keyboard\.$/m);
    assert.match(saved, /\n\nA paragraph typed with the keyboard\.\n?$/, "the paragraph is saved as typed (the indent undone)");

    // Commit: back to the changes panel, the message the core suggests, then Commit.
    await browser.waitUntil(async () => (await byTestId(browser, "commit-message").getValue()) !== "", WAIT);
    // Out of the editor first (Esc, then Shift+Tab), then on back to the changes panel.
    await press("Escape", "shift+Tab");
    assert.notEqual((await focused(browser)).testid, "body-editor>", "Esc then Shift+Tab leaves the editor backwards");
    await tabUntil(browser, is("open-diff"), { chord: "shift+Tab", max: 60, what: "the changed file" });
    await expectNoAxeViolations(browser, "keyboard: changes panel with a saved change");
    // The file's diff opens and closes by keyboard; Escape gives the focus back to the file.
    await press("Return");
    await browser.$('[data-testid="workflow-view"][data-view="diff"] [data-testid="field-change"]').waitForExist(WAIT);
    await expectNoAxeViolations(browser, "keyboard: diff view");
    await press("Escape");
    await byTestId(browser, "workflow-view").waitForExist({ ...WAIT, reverse: true });
    assert.equal((await focused(browser)).testid, "open-diff", "Escape returns the focus to the changed file");
    await tabUntil(browser, is("commit-message"), { what: "the commit message" });
    await tabUntil(browser, is("commit-button"), { what: "Commit" });
    await press("Return");
    await byTestId(browser, "commit-done").waitForExist(WAIT);
    assert.equal(git(site, "log", "-1", "--format=%an <%ae>"), "Ada Editor <ada@example.gov>");
    assert.equal(git(site, "status", "--porcelain"), "");
    await browser.waitUntil(async () => /Committed [0-9a-f]{7}/.test(await announced(browser)), { ...WAIT, timeoutMsg: "the commit was not announced" });
    await expectNoAxeViolations(browser, "keyboard: after commit");

    // History by keyboard; Escape closes it and the focus is back on the History button.
    await tabUntil(browser, is("open-history"), { chord: "shift+Tab", max: 60, what: "the History button" });
    await press("Return");
    await browser.$('[data-testid="workflow-view"][data-view="history"] [data-testid="history-entry"]').waitForExist(WAIT);
    await expectNoAxeViolations(browser, "keyboard: page history");
    await press("Escape");
    await byTestId(browser, "workflow-view").waitForExist({ ...WAIT, reverse: true });
    assert.equal((await focused(browser)).testid, "open-history", "Escape returns the focus to the History button");
    await screenshot(browser, "keyboard-author-done");
  } catch (error) {
    await screenshot(browser, "keyboard-author-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("the editor's flow by keyboard alone: review queue, a draft's review, request changes", { timeout: 300000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  await trackKeys(browser);
  const site = path.join(dataDir, "sample-site");
  const repoPath = `content/${SEED}`;
  const branch = "draft/cx-keyboard-review";
  try {
    await browser.$(`[data-testid="page-row"][data-path="${SEED}"]`).waitForExist(WAIT);
    // An author's draft, made in another clone and pushed into the site's repository.
    const clone = path.join(mkdtempSync(path.join(tmpdir(), "author-")), "site");
    execFileSync("git", ["clone", "--quiet", site, clone]);
    git(clone, "checkout", "--quiet", "-b", branch);
    const file = path.join(clone, repoPath);
    writeFileSync(file, readFileSync(file, "utf8").replace("  - cx\n", "  - customer-experience\n"));
    git(clone, "-c", "user.name=Grace Author", "-c", "user.email=grace@example.gov", "commit", "--quiet", "-am", "Update the CX post");
    git(clone, "push", "--quiet", "origin", branch);

    await settingsByKeyboard(browser, "editor");
    await tabUntil(browser, is("open-queue"), { chord: "shift+Tab", what: "the Review queue button" });
    await press("Return");
    const item = browser.$(`[data-testid="queue-item"][data-branch="${branch}"]`);
    await item.waitForExist({ ...WAIT, timeoutMsg: "the draft never showed in the review queue" });
    assert.equal((await focused(browser)).testid, "workflow-view", "focus moved into the queue");
    await expectNoAxeViolations(browser, "keyboard: review queue");
    await tabUntil(browser, is("queue-review"), { what: "the draft's Review button" });
    await press("Return");
    await browser.$(`[data-testid="review-screen"][data-branch="${branch}"] [data-testid="field-change"]`).waitForExist(WAIT);
    await expectNoAxeViolations(browser, "keyboard: review screen");
    await tabUntil(browser, is("request-changes"), { what: "Request changes" });
    await press("Return");
    await browser.waitUntil(async () => (await focused(browser)).testid === "prompt-input", { ...WAIT, timeoutMsg: "focus did not move into the note" });
    await expectNoAxeViolations(browser, "keyboard: request changes dialog");
    await typeText("Please keep the cx topic too.");
    // Ctrl+Enter sends a multi-line note.
    await press("ctrl+Return");
    await browser.waitUntil(async () => (await byTestId(browser, "workflow-notice").getAttribute("data-kind")) === "ok", WAIT);
    assert.match(git(site, "log", "-1", "--format=%B", branch), /Please keep the cx topic too\.[\s\S]*Postwright-Review: changes-requested/);
    // The note is said to be on this machine until Sync delivers it (true, not a promise).
    await browser.waitUntil(async () => /recorded on this machine/.test(await announced(browser)), { ...WAIT, timeoutMsg: "the request was not announced" });
    assert.equal((await focused(browser)).testid, "request-changes", "focus returns to the button that opened the dialog");

    // Escape leaves the review (and the queue it came from): focus is back on the queue button.
    await press("Escape");
    await byTestId(browser, "workflow-view").waitForExist({ ...WAIT, reverse: true });
    assert.equal((await focused(browser)).testid, "open-queue", "Escape returns the focus to the Review queue button");
    await screenshot(browser, "keyboard-editor-done");
  } catch (error) {
    await screenshot(browser, "keyboard-editor-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

/** A bare remote holding the sample site and the clone the app opens (a guest pushes there). */
function siteWithRemote() {
  const root = mkdtempSync(path.join(tmpdir(), "guest-"));
  const origin = path.join(root, "origin.git");
  const seed = path.join(root, "seed");
  execFileSync("cp", ["-r", path.join(import.meta.dirname, "../../content"), seed]);
  execFileSync("git", ["init", "--quiet", "-b", "main", seed]);
  git(seed, "add", "-A");
  git(seed, "-c", "user.name=Seed", "-c", "user.email=seed@example.gov", "commit", "--quiet", "-m", "Sample site");
  execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", origin]);
  git(seed, "push", "--quiet", origin, "main");
  const site = path.join(root, "site");
  execFileSync("git", ["clone", "--quiet", origin, site]);
  return { origin, site };
}

test("the guest's flow by keyboard alone: edit a page, send the story, see it in My stories", { timeout: 300000 }, async () => {
  const { origin, site } = siteWithRemote();
  const { browser, stop } = await launch({ args: [site] });
  await trackKeys(browser);
  try {
    await browser.$(`[data-testid="page-row"][data-path="${SEED}"]`).waitForExist(WAIT);
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "current-branch"))) === "main", WAIT);

    // Settings: the guest role asks for the agency.
    await tabUntil(browser, is("open-settings"), { what: "the Settings button" });
    await press("Return");
    await browser.waitUntil(async () => (await focused(browser)).testid === "settings-name", WAIT);
    await typeText("Gil Guest");
    await press("Tab");
    await typeText("gil@agency.gov");
    await chooseRole(browser, "guest");
    await tabUntil(browser, is("settings-agency"), { what: "the agency field" });
    await typeText("gsa");
    await expectNoAxeViolations(browser, "keyboard: settings dialog, guest");
    await press("Return");
    await byTestId(browser, "settings-dialog").waitForExist({ ...WAIT, reverse: true });
    await byTestId(browser, "submit-story").waitForExist(WAIT);

    // Open the page from the list by keyboard and change its summary.
    await tabUntil(browser, is("page-filter"), { what: "the page search" });
    await typeText("new kid in town");
    await browser.waitUntil(async () => /^1 of /.test(await textOf(byTestId(browser, "page-count"))), WAIT);
    await tabUntil(browser, is("page-row"), { what: "the found page" });
    await press("Return");
    await browser.waitUntil(async () => (await byTestId(browser, "field-summary").getValue()).startsWith("Cross-Agency"), WAIT);
    await tabUntil(browser, is("field-summary"), { what: "the summary field" });
    await press("ctrl+a");
    await typeText("A guest's summary.");
    await press("ctrl+s");
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", WAIT);

    assert.equal((await focused(browser)).testid, "field-summary", "the focus stays in the field through the save");
    // Send story: the dialog asks for the story's name (empty: its title); "Send to the site" pushes.
    await tabUntil(browser, is("submit-story"), { chord: "shift+Tab", max: 60, what: "Send story" });
    await press("Return");
    await browser.waitUntil(async () => (await focused(browser)).testid === "prompt-input", WAIT);
    await expectNoAxeViolations(browser, "keyboard: submit story dialog");
    await tabUntil(browser, is("prompt-alternative"), { what: "Send to the site" });
    await press("Return");
    await browser.waitUntil(async () => /^Sent your story/.test(await textOf(byTestId(browser, "workflow-notice"))), {
      ...WAIT,
      timeoutMsg: "the story was never submitted",
    });
    assert.equal((await focused(browser)).testid, "submit-story", "focus is back on Send story");
    const pushed = git(origin, "branch", "--list", "submissions/*");
    assert.match(pushed, /submissions\/gsa\//, "the submission branch is on the remote");
    await browser.waitUntil(async () => /Sent your story/.test(await announced(browser)), { ...WAIT, timeoutMsg: "the submission was not announced" });

    // My stories lists it; Escape closes and focus returns to the button.
    await tabUntil(browser, is("open-queue"), { what: "My stories" });
    await press("Return");
    await byTestId(browser, "review-queue").waitForExist(WAIT);
    await expectNoAxeViolations(browser, "keyboard: my stories");
    await press("Escape");
    await byTestId(browser, "workflow-view").waitForExist({ ...WAIT, reverse: true });
    assert.equal((await focused(browser)).testid, "open-queue", "Escape returns the focus to My stories");
    await screenshot(browser, "keyboard-guest-done");
  } catch (error) {
    await screenshot(browser, "keyboard-guest-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("zoomed to 200 % (Ctrl+Plus), the window reflows to one column and nothing is cut off", { timeout: 180000 }, async () => {
  const { browser, stop } = await launch();
  await trackKeys(browser);
  try {
    const row = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await row.waitForExist(WAIT);
    await row.click();
    await browser.waitUntil(async () => (await byTestId(browser, "field-summary").getValue()).startsWith("Cross-Agency"), WAIT);
    const width100 = await browser.execute(() => window.innerWidth);
    await byTestId(browser, "field-summary").click();
    // 100 → 110 → 125 → 150 → 175 → 200 %.
    await press("ctrl+equal", "ctrl+equal", "ctrl+equal", "ctrl+equal", "ctrl+equal");
    await browser.waitUntil(async () => Math.abs((await browser.execute(() => window.innerWidth)) - width100 / 2) <= 2, {
      ...WAIT,
      timeoutMsg: "the window did not zoom to 200 %",
    });
    await browser.waitUntil(async () => /Zoom 200 %/.test(await announced(browser)), WAIT);
    const layout = await browser.execute(() => {
      const root = document.documentElement;
      const box = (id) => {
        const el = document.querySelector(`[data-testid="${id}"]`);
        if (!el) return null;
        el.scrollIntoView({ block: "center" });
        const r = el.getBoundingClientRect();
        return { left: r.left, right: r.right, width: r.width, height: r.height };
      };
      return {
        overflowX: root.scrollWidth - root.clientWidth,
        viewport: root.clientWidth,
        boxes: Object.fromEntries(
          ["open-settings", "page-filter", "page-list", "commit-button", "save-button", "field-summary", "body-editor", "preview-frame", "problems-panel", "status-bar"].map((id) => [id, box(id)]),
        ),
      };
    });
    assert.ok(layout.overflowX <= 1, `no sideways scrolling at 200 % (overflow ${layout.overflowX}px)`);
    for (const [id, b] of Object.entries(layout.boxes)) {
      assert.ok(b, `${id} is still in the window`);
      assert.ok(b.width > 0 && b.height > 0, `${id} is shown (${JSON.stringify(b)})`);
      assert.ok(b.left >= -1 && b.right <= layout.viewport + 1, `${id} fits the width (${JSON.stringify(b)})`);
    }
    await screenshot(browser, "zoom-200");
    await expectNoAxeViolations(browser, "zoomed to 200 %");
    await press("ctrl+0");
    await browser.waitUntil(async () => (await browser.execute(() => window.innerWidth)) === width100, { ...WAIT, timeoutMsg: "Ctrl+0 did not reset the zoom" });
  } catch (error) {
    await screenshot(browser, "zoom-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
