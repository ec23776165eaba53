// "watching without ever losing work", in the real window: unsaved typing survives a
// hard kill of the app (the journal in the data folder), the next start offers it back, and
// restoring merges it with what changed on disk meanwhile; saving puts both on disk. And when
// the watcher polls, the status bar says so.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { setTimeout as sleep } from "node:timers/promises";
import { byTestId, launch, screenshot, textOf, frameHtml } from "./support.mjs";

const SEED = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";
const TYPED = "A paragraph typed just before the crash.";
const WAIT = { timeout: 15000, interval: 150 };
const MIDDLE = "The CX-COP supports collaboration";
const OUTSIDE = "The CX-COP supports teamwork";

/** The journal entries (JSON texts) of the data folder. */
function journalEntries(dataDir) {
  const root = path.join(dataDir, "recovery");
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((site) =>
    readdirSync(path.join(root, site))
      .filter((name) => name.endsWith(".json"))
      .map((name) => readFileSync(path.join(root, site, name), "utf8")),
  );
}

/** The pids of the app processes started with `dataDir` (found in /proc: command and environment). */
function appPids(dataDir) {
  const app = process.env.POSTWRIGHT_APP;
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const argv0 = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
        const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
        return argv0 === app && env.includes(`POSTWRIGHT_DATA_DIR=${dataDir}`);
      } catch {
        return false; // gone meanwhile, or not ours to read
      }
    })
    .map(Number);
}

function isAlive(pid) {
  try {
    // A zombie still answers signal 0; its state in /proc says it is dead.
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function bodyText(browser) {
  return browser.execute(() => document.querySelector('[data-testid="body-editor"] .cm-content')?.textContent ?? "");
}

test("unsaved typing survives kill -9 and is offered back on the next start", { timeout: 240000 }, async () => {
  // 1. Type in a page and let the journal take it; then kill the app hard.
  const first = await launch();
  const dataDir = first.dataDir;
  const file = path.join(dataDir, "sample-site", "content", SEED);
  let original;
  try {
    const { browser } = first;
    const row = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await row.waitForExist(WAIT);
    original = readFileSync(file, "utf8");
    await row.click();
    const body = browser.$('[data-testid="body-editor"] .cm-content');
    await body.waitForExist(WAIT);
    assert.equal(await byTestId(browser, "polling-notice").isExisting(), false, "inotify works here: no polling notice");
    await body.click();
    await browser.keys(["Control", "End"]);
    await browser.keys(["Enter"]);
    await browser.keys(["Enter"]);
    await browser.keys(TYPED);
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))).startsWith("Unsaved"), WAIT);
    // The journal interval is 2 s: wait for the entry rather than guess.
    await browser.waitUntil(async () => journalEntries(dataDir).some((e) => e.includes(TYPED)), {
      ...WAIT,
      timeoutMsg: "the unsaved buffer was never journaled",
    });
    const pids = appPids(dataDir);
    assert.equal(pids.length, 1, `one app process for this data folder, found ${pids}`);
    process.kill(pids[0], "SIGKILL");
    const deadline = Date.now() + 10000;
    while (isAlive(pids[0]) && Date.now() < deadline) await sleep(100);
    assert.equal(isAlive(pids[0]), false, "the app survived SIGKILL");
  } finally {
    // The session's browser is gone: ending it may fail, the driver still stops.
    await Promise.race([first.stop(), sleep(10000)]).catch(() => {});
  }
  assert.equal(readFileSync(file, "utf8"), original, "nothing was saved before the crash");
  // While the app is down, someone else edits another paragraph of the page.
  assert.ok(original.includes(MIDDLE));
  const outside = original.replace(MIDDLE, OUTSIDE);
  writeFileSync(file, outside);

  // 2. Start again over the same data folder: the change is offered back, restored, saved.
  const second = await launch({ dataDir });
  try {
    const { browser } = second;
    const offer = browser.$(`[data-testid="recovery-row"][data-path="${SEED}"]`);
    await offer.waitForDisplayed({ ...WAIT, timeoutMsg: "no recovery offer after the crash" });
    assert.match(await textOf(byTestId(browser, "recovery-dialog")), /Recover unsaved changes/);
    assert.match(await textOf(offer), /changed on disk since; your changes merge with it/);
    await screenshot(browser, "recovery-offer");
    await expectNoAxeViolations(browser, "recovery-offer");
    await byTestId(offer, "recovery-restore").click();
    await byTestId(browser, "recovery-dialog").waitForDisplayed({ ...WAIT, reverse: true });
    // CodeMirror renders only the lines in view: go to the end, where the text was typed.
    await browser.$('[data-testid="body-editor"] .cm-content').click();
    await browser.keys(["Control", "End"]);
    await browser.waitUntil(async () => (await bodyText(browser)).includes(TYPED), {
      ...WAIT,
      timeoutMsg: "the recovered text is not in the editor",
    });
    await browser.waitUntil(async () => (await frameHtml(browser)).includes(TYPED), {
      ...WAIT,
      timeoutMsg: "the preview does not show the recovered text",
    });
    assert.equal(await textOf(byTestId(browser, "doc-path")), `content/${SEED}`);
    assert.ok((await textOf(byTestId(browser, "dirty-state"))).startsWith("Unsaved"), "restored text is unsaved");
    assert.equal(readFileSync(file, "utf8"), outside, "restoring writes nothing");
    await screenshot(browser, "recovery-restored");
    await expectNoAxeViolations(browser, "recovery-restored");
    await byTestId(browser, "save-button").click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", {
      ...WAIT,
      timeoutMsg: "the save did not complete",
    });
    const saved = readFileSync(file, "utf8");
    assert.ok(saved.trimEnd().endsWith(TYPED), "the recovered paragraph is saved");
    assert.equal(saved.replace(TYPED, "").trimEnd(), outside.trimEnd(), "merged with the outside edit, nothing else");
    assert.deepEqual(journalEntries(dataDir), [], "saving dropped the journal entry");
  } catch (error) {
    await screenshot(second.browser, "recovery-failed").catch(() => {});
    throw error;
  } finally {
    await second.stop();
  }
});

test("a watcher that polls shows a notice, and still sees outside changes", { timeout: 180000 }, async () => {
  const { browser, dataDir, stop } = await launch({ env: { POSTWRIGHT_WATCH_POLL: "1" } });
  try {
    const notice = byTestId(browser, "polling-notice");
    await notice.waitForDisplayed({ ...WAIT, timeoutMsg: "no polling notice" });
    assert.match(await textOf(notice), /^Watching by polling: the system's file-watch limit is reached/);
    const row = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await row.waitForExist(WAIT);
    const file = path.join(dataDir, "sample-site", "content", SEED);
    // notify's poller keeps modification times in whole seconds: a write in the second of its
    // first scan (the sample site was just extracted) would look unchanged. A writer's edit
    // comes later than that; so does this one.
    await sleep(1100);
    writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, 'title: "Seen by polling"'));
    await browser.waitUntil(async () => (await textOf(row)).includes("Seen by polling"), {
      ...WAIT,
      timeoutMsg: "the polling watcher did not report the outside change",
    });
    await screenshot(browser, "polling-notice");
    await expectNoAxeViolations(browser, "polling-notice");
  } catch (error) {
    await screenshot(browser, "polling-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
