// The guest's side in the real window: no Git word needed. The guest sets the site's
// remote in Settings (and tests the connection), names two stories — one saved as a bundle
// file, one sent straight to the site — each on its own branch, lists them under My stories
// and switches between them keeping each one's text. Then the editors, in their own app
// window, import the file, ask for a change and save their reply with the button for it, and
// approve the pushed story; back in the guest's window, Sync shows that story accepted (read
// from the repository) and the imported reply shows the other with the editors' note. The
// native file dialogs are answered with real X key presses (xdotool) under the test's Xvfb
// display.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { byTestId, launch, repoRoot, screenshot, textOf } from "./support.mjs";

const WAIT = { timeout: 15000, interval: 150 };

function git(dir, ...args) {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers the native file dialog titled `title` with `file` (a full path), once it shows. */
async function answerFileDialog(title, file, { open = false } = {}) {
  execFileSync("xdotool", ["search", "--sync", "--onlyvisible", "--name", title, "windowfocus", "--sync"], { timeout: 20000 });
  await sleep(800);
  execFileSync("xdotool", ["key", open ? "ctrl+l" : "ctrl+a"]);
  await sleep(300);
  execFileSync("xdotool", ["type", "--delay", "30", file]);
  await sleep(300);
  execFileSync("xdotool", ["key", "Return"]);
}

async function notice(browser, pattern) {
  await browser.waitUntil(async () => pattern.test(await textOf(byTestId(browser, "workflow-notice"))), {
    ...WAIT,
    timeoutMsg: `the notice never matched ${pattern}`,
  });
  return textOf(byTestId(browser, "workflow-notice"));
}

test("a guest names two stories, sends one as a file and one to the site, and gets the editors' reply back", { timeout: 480000 }, async () => {
  const root = mkdtempSync(path.join(tmpdir(), "guest-stories-"));
  const seed = path.join(root, "seed");
  cpSync(path.join(repoRoot, "content"), seed, { recursive: true });
  execFileSync("git", ["init", "--quiet", "-b", "main", seed]);
  git(seed, "add", "-A");
  git(seed, "-c", "user.name=Seed", "-c", "user.email=seed@example.gov", "commit", "--quiet", "-m", "Sample site");
  const origin = path.join(root, "origin.git");
  execFileSync("git", ["init", "--quiet", "--bare", "-b", "main", origin]);
  git(seed, "push", "--quiet", origin, "main");
  const guest = path.join(root, "guest");
  execFileSync("git", ["clone", "--quiet", origin, guest]);
  git(guest, "remote", "remove", "origin"); // the guest sets it in the app
  const editor = path.join(root, "editor");
  execFileSync("git", ["clone", "--quiet", origin, editor]);
  git(editor, "config", "user.name", "Eddie Editor");
  git(editor, "config", "user.email", "eddie@example.gov");
  const dataDir = mkdtempSync(path.join(process.env.POSTWRIGHT_DATA_DIR ?? tmpdir(), "guest-"));
  writeFileSync(
    path.join(dataDir, "settings.json"),
    JSON.stringify({ identity: { name: "Grace Guest", email: "grace@nasa.gov" }, role: "guest", agency: "nasa", sites: {} }),
  );
  const editorData = mkdtempSync(path.join(process.env.POSTWRIGHT_DATA_DIR ?? tmpdir(), "editor-"));
  writeFileSync(
    path.join(editorData, "settings.json"),
    JSON.stringify({ identity: { name: "Eddie Editor", email: "eddie@example.gov" }, role: "editor", agency: null, sites: {} }),
  );
  const sentFile = path.join(root, "moon.bundle");
  const replyFile = path.join(root, "moon-reply.bundle");
  const story = (name, title, text) =>
    writeFileSync(path.join(guest, "content/news", name), `---\ntitle: "${title}"\nsummary: A story from NASA.\n---\n\n${text}\n`);

  const { browser, stop } = await launch({ args: [guest], dataDir });
  try {
    await byTestId(browser, "submit-story").waitForDisplayed(WAIT);

    // The remote, set and tested in the app.
    await byTestId(browser, "open-settings").click();
    await byTestId(browser, "settings-remote-url").waitForDisplayed(WAIT);
    await byTestId(browser, "settings-remote-url").setValue(origin);
    await byTestId(browser, "settings-remote-test").click();
    await browser.waitUntil(async () => /^Connected: origin has 1 branch\.$/.test(await textOf(byTestId(browser, "settings-remote-status"))), {
      ...WAIT,
      timeoutMsg: "the connection test never succeeded",
    });
    await byTestId(browser, "settings-save").click();
    await byTestId(browser, "settings-dialog").waitForExist({ ...WAIT, reverse: true });
    assert.equal(git(guest, "config", "remote.origin.url"), origin);

    // Story one, named by the guest (entities and all), saved as a file for the editors.
    story("moon.md", "Moon&#8217;s day", "To the moon.");
    await browser.$('[data-testid="changed-file"][data-path="content/news/moon.md"]').waitForExist(WAIT);
    await byTestId(browser, "submit-story").click();
    await byTestId(browser, "prompt-input").waitForDisplayed(WAIT);
    await byTestId(browser, "prompt-input").setValue("Moon day");
    await byTestId(browser, "prompt-confirm").click();
    await answerFileDialog("Save the story as a bundle file", sentFile);
    await notice(browser, /^Saved your story as .*moon\.bundle \(submissions\/nasa\/moon-day\): send this file to the editors\./);
    assert.ok(existsSync(sentFile), "the bundle was written");
    // The panel follows the repository: the story is committed, nothing is left to commit.
    const panelClean = async () => {
      await browser.waitUntil(async () => (await byTestId(browser, "changes-panel").getAttribute("data-clean")) === "true", WAIT);
      assert.equal(await textOf(byTestId(browser, "changed-files-state")), "No uncommitted changes");
      assert.equal(await byTestId(browser, "commit-button").isEnabled(), false, "nothing to commit on a clean tree");
    };
    await panelClean();

    // Story two, sent to the site: its own branch, from the main branch.
    story("sun.md", "Sun day", "To the sun.");
    await browser.$('[data-testid="changed-file"][data-path="content/news/sun.md"]').waitForExist(WAIT);
    await byTestId(browser, "submit-story").click();
    await byTestId(browser, "prompt-input").waitForDisplayed(WAIT);
    await byTestId(browser, "prompt-input").setValue("Sun day");
    await byTestId(browser, "prompt-alternative").click();
    await notice(browser, /^Sent your story to the editors \(submissions\/nasa\/sun-day\)\./);
    assert.match(git(origin, "branch", "--list", "submissions/*"), /submissions\/nasa\/sun-day/);
    await panelClean();
    assert.doesNotMatch(git(guest, "ls-tree", "-r", "--name-only", "submissions/nasa/sun-day"), /moon\.md/);

    // My stories: both, each sent; switching keeps each one's text.
    await byTestId(browser, "open-queue").click();
    const moon = browser.$('[data-testid="queue-item"][data-branch="submissions/nasa/moon-day"]');
    await moon.waitForExist(WAIT);
    assert.equal(await textOf(moon.$('[data-testid="queue-state"]')), "Sent");
    assert.equal(await browser.$$('[data-testid="queue-item"]').length, 2);
    await moon.$('[data-testid="queue-switch"]').click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "current-branch"))) === "submissions/nasa/moon-day", WAIT);
    assert.ok(existsSync(path.join(guest, "content/news/moon.md")) && !existsSync(path.join(guest, "content/news/sun.md")));
    const sun = browser.$('[data-testid="queue-item"][data-branch="submissions/nasa/sun-day"]');
    await sun.$('[data-testid="queue-switch"]').click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "current-branch"))) === "submissions/nasa/sun-day", WAIT);
    assert.ok(existsSync(path.join(guest, "content/news/sun.md")) && !existsSync(path.join(guest, "content/news/moon.md")));
  } catch (error) {
    await screenshot(browser, "guest-stories-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }

  // The editors, in their window: import the file, ask for a change, save the reply with the
  // button; approve the story that came by push and publish it with Sync.
  const editorRun = await launch({ args: [editor], dataDir: editorData });
  try {
    const { browser } = editorRun;
    await byTestId(browser, "open-queue").waitForDisplayed(WAIT);
    await byTestId(browser, "sync").click();
    await notice(browser, /^Synced/);
    await byTestId(browser, "open-queue").click();
    await byTestId(browser, "import-bundle").click();
    await answerFileDialog("Import a submission bundle", sentFile, { open: true });
    await notice(browser, /^Imported submissions\/nasa\/moon-day/);
    const moon = browser.$('[data-testid="queue-item"][data-branch="submissions/nasa/moon-day"][data-state="ready"]');
    await moon.waitForExist(WAIT);
    await moon.$('[data-testid="queue-review"]').click();
    const screen = browser.$('[data-testid="review-screen"][data-branch="submissions/nasa/moon-day"]');
    await screen.waitForExist(WAIT);
    await byTestId(browser, "request-changes").waitForEnabled(WAIT);
    await byTestId(browser, "request-changes").click();
    await byTestId(browser, "prompt-input").waitForDisplayed(WAIT);
    await byTestId(browser, "prompt-input").setValue("Add a photo credit.");
    await byTestId(browser, "prompt-confirm").click();
    await notice(browser, /^Your note on submissions\/nasa\/moon-day is recorded on this machine/);
    await byTestId(browser, "save-reply").click();
    await answerFileDialog("Save the reply as a bundle file", replyFile);
    await notice(browser, /^Saved the reply to submissions\/nasa\/moon-day as .*moon-reply\.bundle: send it to the guest/);
    assert.ok(existsSync(replyFile), "the reply was written");
    git(editor, "bundle", "verify", "-q", replyFile);

    await byTestId(browser, "review-back").click();
    const sun = browser.$('[data-testid="queue-item"][data-branch="submissions/nasa/sun-day"]');
    await sun.waitForExist(WAIT);
    await sun.$('[data-testid="queue-review"]').click();
    await browser.$('[data-testid="review-screen"][data-branch="submissions/nasa/sun-day"]').waitForExist(WAIT);
    await byTestId(browser, "approve").waitForEnabled(WAIT);
    await byTestId(browser, "approve").click();
    await byTestId(browser, "prompt-confirm").waitForDisplayed(WAIT);
    await byTestId(browser, "prompt-confirm").click();
    await notice(browser, /^Approved submissions\/nasa\/sun-day: merged into the main branch on this machine/);
    await byTestId(browser, "sync").click();
    await notice(browser, /^Synced: .*pushed main/);
    assert.match(git(origin, "show", "main:content/news/sun.md"), /To the sun\./);
    assert.doesNotMatch(git(origin, "branch", "--list", "submissions/*"), /sun-day/, "the approved story's branch left the site");
  } catch (error) {
    await screenshot(editorRun.browser, "guest-stories-editor-failed").catch(() => {});
    throw error;
  } finally {
    await editorRun.stop();
  }

  // The guest again: Sync shows the pushed story accepted; the reply brings the note.
  const again = await launch({ args: [guest], dataDir });
  try {
    const { browser } = again;
    await byTestId(browser, "sync").waitForDisplayed(WAIT);
    await byTestId(browser, "open-queue").click();
    const sun = browser.$('[data-testid="queue-item"][data-branch="submissions/nasa/sun-day"]');
    await sun.waitForExist(WAIT);
    assert.equal(await textOf(sun.$('[data-testid="queue-state"]')), "Sent", "nothing says accepted before the news arrives");
    await byTestId(browser, "sync").click();
    const synced = await notice(browser, /^Synced/);
    assert.doesNotMatch(synced, /pushed submissions/, "the accepted story is not sent again");
    const accepted = browser.$('[data-testid="queue-item"][data-branch="submissions/nasa/sun-day"][data-state="accepted"]');
    await accepted.waitForExist({ ...WAIT, timeoutMsg: "the approved story never showed as accepted" });
    assert.equal(await textOf(accepted.$('[data-testid="queue-state"]')), "Accepted");

    await byTestId(browser, "import-bundle").click();
    await answerFileDialog("Import a submission bundle", replyFile, { open: true });
    await notice(browser, /^Imported the editors' reply to submissions\/nasa\/moon-day/);
    const requested = browser.$('[data-testid="queue-item"][data-branch="submissions/nasa/moon-day"][data-state="changesRequested"]');
    await requested.waitForExist({ ...WAIT, timeoutMsg: "the editors' reply never showed" });
    assert.match(await textOf(requested.$('[data-testid="queue-note"]')), /Add a photo credit\./);
    assert.equal(await textOf(requested.$('[data-testid="queue-state"]')), "Changes requested");
    assert.equal(await byTestId(browser, "changes-panel").getAttribute("data-clean"), "true");
    await screenshot(browser, "guest-stories-reply");
  } catch (error) {
    await screenshot(again.browser, "guest-stories-failed").catch(() => {});
    throw error;
  } finally {
    await again.stop();
  }
});
