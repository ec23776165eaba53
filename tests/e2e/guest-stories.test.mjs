// The guest's side in the real window: no Git word needed. The guest sets the site's
// remote in Settings (and tests the connection), names two stories — one saved as a bundle
// file, one sent straight to the site — each on its own branch, lists them under My stories
// and switches between them keeping each one's text; the editors' reply (a bundle carrying
// their note) comes back and the story shows "Changes requested" with the note. The native
// file dialogs are answered with real X key presses (xdotool) under the test's Xvfb display.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { byTestId, launch, repoRoot, screenshot, textOf } from "./support.mjs";

const WAIT = { timeout: 15000, interval: 150 };
const CLI = path.join(path.dirname(process.env.POSTWRIGHT_APP ?? ""), "postwright");

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

test("a guest names two stories, sends one as a file and one to the site, and gets the editors' reply back", { timeout: 300000 }, async () => {
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
    await browser.waitUntil(async () => (await byTestId(browser, "changes-panel").getAttribute("data-clean")) === "true", WAIT);

    // Story two, sent to the site: its own branch, from the main branch.
    story("sun.md", "Sun day", "To the sun.");
    await browser.$('[data-testid="changed-file"][data-path="content/news/sun.md"]').waitForExist(WAIT);
    await byTestId(browser, "submit-story").click();
    await byTestId(browser, "prompt-input").waitForDisplayed(WAIT);
    await byTestId(browser, "prompt-input").setValue("Sun day");
    await byTestId(browser, "prompt-alternative").click();
    await notice(browser, /^Sent your story to the editors \(submissions\/nasa\/sun-day\)\./);
    assert.match(git(origin, "branch", "--list", "submissions/*"), /submissions\/nasa\/sun-day/);
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

    // The editors import the file, ask for a change, and send the story back with their note.
    execFileSync(CLI, ["bundle", "import", sentFile, "--site", editor]);
    execFileSync(CLI, ["review", "request-changes", "submissions/nasa/moon-day", "-m", "Add a photo credit.", "--site", editor]);
    execFileSync("git", ["-C", editor, "bundle", "create", "-q", replyFile, "main..submissions/nasa/moon-day"]);

    await byTestId(browser, "import-bundle").click();
    await answerFileDialog("Import a submission bundle", replyFile, { open: true });
    await notice(browser, /^Imported the editors' reply to submissions\/nasa\/moon-day/);
    const requested = browser.$('[data-testid="queue-item"][data-branch="submissions/nasa/moon-day"][data-state="changesRequested"]');
    await requested.waitForExist({ ...WAIT, timeoutMsg: "the editors' reply never showed" });
    assert.match(await textOf(requested.$('[data-testid="queue-note"]')), /Add a photo credit\./);
    await screenshot(browser, "guest-stories-reply");
  } catch (error) {
    await screenshot(browser, "guest-stories-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
