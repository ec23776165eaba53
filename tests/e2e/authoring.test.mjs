// Issue 14's acceptance flow, in one run of the real window, keyboard and mouse as a writer
// uses them: a new news post (Ctrl+N, the type, a title) opens in the form; a field is filled;
// an image goes in through Ctrl+Shift+I (the system's file dialog, the image dialog asking for
// alt text); a shortcode goes in through the shortcode palette and its form (a param set in the
// form); the preview shows both, the image from the local file through the app's protocol and
// the shortcode through the site's template; the page is saved and committed from the changes
// panel, and the site's own Git repository has the commit with the page, the image record and
// the image file. Each step saves a screenshot; each dialog is checked with axe.
// And an image file dragged from another window (a GTK drag source offering text/uri-list, as a
// file manager does; tests/e2e/drag-source.py) and dropped on the body editor with the real X
// pointer goes through the same image dialog and lands where it was dropped.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations, press, trackKeys, typeText } from "./a11y.mjs";
import { byTestId, chooseFile, frameHtml, launch, png, repoRoot, screenshot, shotsDir, textOf } from "./support.mjs";

const WAIT = { timeout: 20000, interval: 150 };
const TITLE = "Launch day for the CX toolkit";
const SLUG = "launch-day-for-the-cx-toolkit";
const NEWS = new RegExp(`^news/\\d{4}/\\d{2}/\\d{4}-\\d{2}-\\d{2}-${SLUG}\\.md$`);
const SUMMARY = "The toolkit is out, with a photo of the team.";
const ALT = "Four people around a laptop showing the toolkit.";
const NOTE = "Send feedback by Friday.";

/** The README's pictures of the authoring screens, refreshed from this run when
 * POSTWRIGHT_README_SCREENSHOT is set (as the walking skeleton refreshes docs/screenshot.png). */
const README_SHOTS = {
  "authoring-1-new-page": "new-page.png",
  "authoring-3-image-dialog": "images-dialog.png",
  "authoring-5-shortcode-form": "shortcode-insert-form.png",
  "authoring-6-preview": "authoring-preview.png",
};

function refreshReadmeShots() {
  if (!process.env.POSTWRIGHT_README_SCREENSHOT) return;
  for (const [shot, doc] of Object.entries(README_SHOTS)) {
    copyFileSync(path.join(shotsDir, `${shot}.png`), path.join(repoRoot, "docs", doc));
  }
}

function git(dir, ...args) {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
}

async function bodyText(browser) {
  return browser.execute(() => {
    const lines = [...document.querySelectorAll('[data-testid="body-editor"] .cm-line')];
    return lines.map((l) => l.textContent).join("\n");
  });
}

test("new news post → form → image with alt text → shortcode through its form → preview shows both → save → commit", { timeout: 300000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "authoring-"));
  const image = path.join(dir, "Toolkit Launch.png");
  writeFileSync(image, png(48, 32));
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    await byTestId(browser, "new-page").waitForEnabled(WAIT);
    const headBefore = git(site, "rev-parse", "HEAD");

    // 1. New page by Ctrl+N: the type (News, the first folder collection offered), a title.
    await trackKeys(browser);
    await press("ctrl+n");
    const newPage = byTestId(browser, "new-page-dialog");
    await newPage.waitForDisplayed({ ...WAIT, timeoutMsg: "Ctrl+N did not open the New page dialog" });
    const type = byTestId(browser, "new-page-type");
    await type.selectByVisibleText("Post (News)");
    assert.equal(await type.getValue(), "news");
    await byTestId(browser, "new-page-title-input").click();
    await typeText(TITLE);
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "new-page-path"))).includes(`${SLUG}.md`), {
      ...WAIT,
      timeoutMsg: "the dialog never showed the file it will create",
    });
    await expectNoAxeViolations(browser, "authoring: New page dialog", { include: '[data-testid="new-page-dialog"]' });
    await screenshot(browser, "authoring-1-new-page");
    await press("Return");

    // 2. The new post opens in the editor; a form field is filled.
    await browser.waitUntil(async () => NEWS.test((await textOf(byTestId(browser, "doc-path"))).replace(/^content\//, "")), {
      ...WAIT,
      timeoutMsg: "the new post never opened",
    });
    const rel = (await textOf(byTestId(browser, "doc-path"))).replace(/^content\//, "");
    const repoPath = `content/${rel}`;
    assert.equal(await byTestId(browser, "field-title").getValue(), TITLE);
    await byTestId(browser, "field-summary").click();
    await typeText(SUMMARY);
    await browser.waitUntil(async () => (await byTestId(browser, "field-summary").getValue()) === SUMMARY, {
      ...WAIT,
      timeoutMsg: "the summary field never held what was typed",
    });
    await screenshot(browser, "authoring-2-form");

    // 3. An image through Ctrl+Shift+I: the system's file dialog, then the image dialog, which
    // will not add it without alt text.
    await browser.$('[data-testid="body-editor"] .cm-content').click();
    await press("ctrl+End");
    await typeText("We launched the toolkit today.");
    await press("Return", "Return");
    await press("ctrl+shift+i");
    chooseFile("Insert an image", image);
    const imageDialog = byTestId(browser, "image-dialog");
    await imageDialog.waitForDisplayed({ ...WAIT, timeoutMsg: "the image dialog never opened" });
    await byTestId(browser, "image-dialog-facts").waitForExist(WAIT);
    assert.match(await textOf(byTestId(browser, "image-dialog-facts")), /Toolkit Launch\.png — 48 × 32 PNG, saved as\s+toolkit-launch/);
    await byTestId(browser, "image-insert").click();
    await byTestId(browser, "image-alt-error").waitForDisplayed({ ...WAIT, timeoutMsg: "no alt text was accepted" });
    await byTestId(browser, "image-alt").click();
    await typeText(ALT);
    await byTestId(browser, "image-credit").click();
    await typeText("GSA");
    await expectNoAxeViolations(browser, "authoring: image dialog", { include: '[data-testid="image-dialog"]' });
    await screenshot(browser, "authoring-3-image-dialog");
    await byTestId(browser, "image-insert").click();
    await imageDialog.waitForExist({ ...WAIT, reverse: true, timeoutMsg: "the image dialog stayed open" });
    await browser.waitUntil(async () => (await bodyText(browser)).includes('{{< img src="toolkit-launch" >}}'), {
      ...WAIT,
      timeoutMsg: "the image's call never reached the body",
    });

    // 4. A shortcode through the palette and its form, a param set in the form. On a paragraph
    // of its own: with the cursor on the img call, the toolbar's Shortcode edits that call.
    await press("ctrl+End", "Return", "Return");
    await byTestId(browser, "toolbar-shortcode").click();
    const palette = byTestId(browser, "shortcode-palette");
    await palette.waitForDisplayed({ ...WAIT, timeoutMsg: "the shortcode palette never opened" });
    await typeText("note");
    await browser.waitUntil(
      async () =>
        (await browser.execute(() => [...document.querySelectorAll('[data-testid="shortcode-option"]')].map((el) => el.getAttribute("data-name")))).join() ===
        "note",
      { ...WAIT, timeoutMsg: "searching the palette did not narrow it to note" },
    );
    await expectNoAxeViolations(browser, "authoring: shortcode palette", { include: '[data-testid="shortcode-palette"]' });
    await screenshot(browser, "authoring-4-shortcode-palette");
    await press("Return");
    const form = byTestId(browser, "shortcode-form");
    await form.waitForDisplayed({ ...WAIT, timeoutMsg: "picking note did not open its form" });
    await byTestId(browser, "shortcode-param-variant").click();
    await typeText("alert");
    await press("Tab");
    await typeText(NOTE);
    await expectNoAxeViolations(browser, "authoring: shortcode form", { include: '[data-testid="shortcode-form"]' });
    await screenshot(browser, "authoring-5-shortcode-form");
    await press("ctrl+Return");
    await form.waitForDisplayed({ ...WAIT, reverse: true, timeoutMsg: "the shortcode form stayed open" });
    const call = `{{< note variant="alert" >}}${NOTE}{{< /note >}}`;
    await browser.waitUntil(async () => (await bodyText(browser)).includes(call), {
      ...WAIT,
      timeoutMsg: "the form's call never reached the body",
    });

    // 5. The preview shows both: the image from the local file, the note through the site's template.
    await browser.waitUntil(
      async () => {
        const html = await frameHtml(browser);
        return html.includes('src="pwmedia://localhost/static/images/toolkit-launch.png"') && html.includes("note-alert") && html.includes(NOTE);
      },
      { ...WAIT, timeoutMsg: "the preview does not show both the image and the note" },
    );
    await browser.switchToFrame(await byTestId(browser, "preview-frame"));
    try {
      await browser.waitUntil(
        async () =>
          browser.execute((alt) => {
            const img = document.querySelector('img[src^="pwmedia:"]');
            return img !== null && img.complete && img.naturalWidth === 48 && img.alt === alt;
          }, ALT),
        { ...WAIT, timeoutMsg: "the image in the preview frame did not load from the local file" },
      );
      const label = await browser.execute(() => document.querySelector(".note-alert .note-label")?.textContent ?? "");
      assert.equal(label, "Alert", "the note rendered by the site's template with the param set in the form");
    } finally {
      await browser.switchToParentFrame();
    }
    await screenshot(browser, "authoring-6-preview");

    // 6. Save: the page on disk has the field, the image call and the shortcode call.
    await press("ctrl+s");
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", {
      ...WAIT,
      timeoutMsg: "the page was not saved",
    });
    const saved = readFileSync(path.join(site, repoPath), "utf8");
    assert.match(saved, new RegExp(`\\nsummary: "?${SUMMARY.replace(/\./g, "\\.")}"?\\n`));
    assert.match(saved, /\nWe launched the toolkit today\.\n\n\{\{< img src="toolkit-launch" >\}\}\n/);
    assert.ok(saved.includes(call), saved);

    // 7. Commit from the changes panel (the identity from Settings, the default role: author).
    await byTestId(browser, "open-settings").click();
    await byTestId(browser, "settings-name").waitForDisplayed(WAIT);
    await byTestId(browser, "settings-name").setValue("Ada Author");
    await byTestId(browser, "settings-email").setValue("ada@example.gov");
    await byTestId(browser, "settings-save").click();
    await byTestId(browser, "settings-dialog").waitForExist({ ...WAIT, reverse: true });
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "commit-identity"))).includes("ada@example.gov"), WAIT);
    for (const changed of [repoPath, "data/images/toolkit-launch.yml", "static/images/toolkit-launch.png"]) {
      await browser.$(`[data-testid="changed-file"][data-path="${changed}"]`).waitForExist({
        ...WAIT,
        timeoutMsg: `the changes panel never listed ${changed}`,
      });
    }
    await byTestId(browser, "commit-message").setValue(`Add ${TITLE}`);
    await byTestId(browser, "commit-button").click();
    await byTestId(browser, "commit-done").waitForExist({ ...WAIT, timeoutMsg: "the commit did not complete" });
    await screenshot(browser, "authoring-7-committed");

    // An author's commit starts the page's draft branch (main is the editors'). The site's
    // repository: one new commit on top of main, holding exactly the three new files.
    assert.equal(await byTestId(browser, "commit-done").getAttribute("data-branch"), `draft/${SLUG}`);
    assert.equal(git(site, "rev-parse", "--abbrev-ref", "HEAD"), `draft/${SLUG}`);
    assert.equal(git(site, "rev-parse", "main"), headBefore, "main is untouched");
    assert.equal(git(site, "rev-parse", "HEAD~1"), headBefore, "one commit on top of the sample's");
    assert.equal(git(site, "log", "-1", "--format=%s|%an <%ae>"), `Add ${TITLE}|Ada Author <ada@example.gov>`);
    const files = git(site, "show", "--name-status", "--format=", "HEAD").split("\n").sort();
    assert.deepEqual(files, [`A\t${repoPath}`, "A\tdata/images/toolkit-launch.yml", "A\tstatic/images/toolkit-launch.png"].sort());
    assert.equal(git(site, "show", `HEAD:${repoPath}`), saved.trimEnd());
    const record = git(site, "show", "HEAD:data/images/toolkit-launch.yml");
    assert.match(record, /\nuid: toolkit-launch\nwidth: 48\nheight: 32\nformat: png\ncredit: "GSA"\ncaption: ""\nalt: "Four people around a laptop showing the toolkit\."$/);
    const committedImage = execFileSync("git", ["-C", site, "show", "HEAD:static/images/toolkit-launch.png"]);
    assert.ok(committedImage.equals(readFileSync(image)), "the committed image is the picked file, byte for byte");
    assert.equal(git(site, "status", "--porcelain"), "", "the commit took every change");
    await expectNoAxeViolations(browser, "authoring: committed");
    refreshReadmeShots();
  } catch (error) {
    await browser.switchToParentFrame().catch(() => {});
    await screenshot(browser, "authoring-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

/** Moves the X pointer from (x0, y0) to (x1, y1) in small steps, as a hand does. */
function glide(x0, y0, x1, y1, steps = 24) {
  for (let i = 1; i <= steps; i++) {
    const x = Math.round(x0 + ((x1 - x0) * i) / steps);
    const y = Math.round(y0 + ((y1 - y0) * i) / steps);
    execFileSync("xdotool", ["mousemove", String(x), String(y), "sleep", "0.04"]);
  }
}

test("an image file dropped on the body editor goes through the image dialog and lands where it was dropped", { timeout: 180000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "authoring-drop-"));
  const image = path.join(dir, "Dropped Chart.png");
  writeFileSync(image, png(36, 24));
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  const rel = "news/2016/09/2016-09-04-dropped.md";
  let source = null;
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    mkdirSync(path.dirname(path.join(site, "content", rel)), { recursive: true });
    writeFileSync(path.join(site, "content", rel), `---\ntitle: "Dropped"\ndate: 2016-09-04 09:00:00 -0400\n---\n\nFirst line.\n\nLast line.\n`);
    const row = browser.$(`[data-testid="page-row"][data-path="${rel}"]`);
    await row.waitForExist(WAIT);
    await row.click();
    await browser.$('[data-testid="body-editor"] .cm-content').waitForExist(WAIT);
    await trackKeys(browser);
    await browser.$('[data-testid="body-editor"] .cm-content').click();
    await press("ctrl+End");

    // The drop goes on the end of the first line, the cursor being at the end of the body: the
    // image lands where it was dropped. On the screen (no window manager: the window's content
    // starts at its screen position).
    const target = await browser.execute(() => {
      const line = [...document.querySelectorAll('[data-testid="body-editor"] .cm-line')].find((l) => l.textContent === "First line.");
      const box = line.getBoundingClientRect();
      return { x: Math.round(window.screenX + box.right - 12), y: Math.round(window.screenY + box.top + box.height / 2) };
    });
    // A file manager's drag: a GTK window offering the file as text/uri-list, dragged with
    // the real X pointer onto the editor.
    const lines = [];
    // The system Python, which python3-gi serves (a virtualenv on PATH may lack it).
    source = spawn("/usr/bin/python3", [path.join(import.meta.dirname, "drag-source.py"), image, "1150", "40"], { stdio: ["ignore", "pipe", "inherit"] });
    source.stdout.on("data", (chunk) => lines.push(...chunk.toString().split("\n").filter(Boolean)));
    const deadline = Date.now() + 15000;
    while (!lines.includes("ready") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(lines.includes("ready"), "the drag source window never showed");
    execFileSync("xdotool", ["mousemove", "1210", "70", "sleep", "0.2", "mousedown", "1", "sleep", "0.2"]);
    glide(1210, 70, target.x, target.y);
    execFileSync("xdotool", ["sleep", "0.3", "mousemove", String(target.x + 2), String(target.y), "sleep", "0.3", "mouseup", "1"]);

    const dialog = byTestId(browser, "image-dialog");
    await dialog.waitForDisplayed({ ...WAIT, timeoutMsg: `the drop did not open the image dialog (drag source said: ${lines.join(", ")})` });
    await byTestId(browser, "image-dialog-facts").waitForExist(WAIT);
    assert.match(await textOf(byTestId(browser, "image-dialog-facts")), /Dropped Chart\.png — 36 × 24 PNG, saved as\s+dropped-chart/);
    await byTestId(browser, "image-alt").click();
    await typeText("A bar chart of visits by month.");
    await screenshot(browser, "authoring-drop-dialog");
    await byTestId(browser, "image-insert").click();
    await dialog.waitForExist({ ...WAIT, reverse: true, timeoutMsg: "the image dialog stayed open" });
    await browser.waitUntil(async () => (await bodyText(browser)).includes('{{< img src="dropped-chart" >}}'), {
      ...WAIT,
      timeoutMsg: "the dropped image's call never reached the body",
    });
    assert.match(await bodyText(browser), /^\n?First line\.\n\n\{\{< img src="dropped-chart" >\}\}\n\nLast line\.\n/, "at the drop point, in a paragraph of its own");
    assert.deepEqual(readFileSync(path.join(site, "static/images/dropped-chart.png")), readFileSync(image));
    await screenshot(browser, "authoring-dropped");
  } catch (error) {
    await screenshot(browser, "authoring-drop-failed").catch(() => {});
    throw error;
  } finally {
    if (source && source.exitCode === null) source.kill("SIGTERM");
    await stop();
  }
});
