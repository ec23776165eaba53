// Images in the real window: Ctrl+Shift+I in the body editor opens the system's file dialog
// (driven with real X key presses), the image dialog shows the file and refuses it without alt
// text, then the image is added the sample site's way (a data/images record, the file in its
// media folder), the shortcode call lands at the cursor, and the preview frame shows the local
// file (not published yet) through the app's read-only protocol. And that protocol serves
// nothing outside the site's image folders.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations, press, trackKeys, typeText } from "./a11y.mjs";
import { byTestId, chooseFile, frameHtml, launch, png, screenshot, textOf } from "./support.mjs";

const WAIT = { timeout: 20000, interval: 150 };

async function srcdoc(browser) {
  // The frame's live document: the app patches each render into it, so `srcdoc` is stale.
  return frameHtml(browser);
}

test("an image picked with Ctrl+Shift+I gets its alt text, a record, the file, the call, and shows in the preview", { timeout: 180000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "images-"));
  const file = path.join(dir, "Team Photo.png");
  writeFileSync(file, png(40, 30));
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  const rel = "news/2016/09/2016-09-03-our-team.md";
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    const page = path.join(site, "content", rel);
    mkdirSync(path.dirname(page), { recursive: true });
    writeFileSync(page, `---\ntitle: "Our team"\ndate: 2016-09-03 09:00:00 -0400\n---\n\nMeet the team.\n`);
    const row = browser.$(`[data-testid="page-row"][data-path="${rel}"]`);
    await row.waitForExist(WAIT);
    await row.click();
    await browser.waitUntil(async () => (await srcdoc(browser)).includes("Meet the team."), WAIT);
    const button = byTestId(browser, "toolbar-image");
    assert.equal(await button.getAttribute("aria-label"), "Insert image…");
    assert.equal(await button.getAttribute("aria-keyshortcuts"), "Control+Shift+I");

    await trackKeys(browser);
    await browser.$('[data-testid="body-editor"] .cm-content').click();
    await press("ctrl+End");
    await press("ctrl+shift+i");
    chooseFile("Insert an image", file);

    const dialog = byTestId(browser, "image-dialog");
    await dialog.waitForDisplayed({ ...WAIT, timeoutMsg: "the image dialog never opened" });
    const facts = byTestId(browser, "image-dialog-facts");
    await facts.waitForExist(WAIT);
    assert.match(await textOf(facts), /Team Photo\.png — 40 × 30 PNG, saved as\s+team-photo/);
    assert.ok(await browser.execute(() => document.querySelector('[data-testid="image-dialog-preview"]').naturalWidth === 40));

    // No alt text: the core refuses, the dialog says why at the field, nothing is written.
    await byTestId(browser, "image-insert").click();
    const altError = byTestId(browser, "image-alt-error");
    await altError.waitForDisplayed(WAIT);
    assert.match(await textOf(altError), /alt text is required/);
    assert.equal(await byTestId(browser, "image-alt").getAttribute("aria-invalid"), "true");
    await expectNoAxeViolations(browser, "image-dialog", { include: '[data-testid="image-dialog"]' });
    assert.throws(() => readFileSync(path.join(site, "data/images/team-photo.yml")));

    await byTestId(browser, "image-alt").click();
    await typeText("Five people smiling in front of a whiteboard.");
    assert.equal(await altError.isExisting(), false, "the alt error stays after alt text was typed");
    await byTestId(browser, "image-caption").click();
    await typeText("The CX team in 2016.");
    await screenshot(browser, "image-dialog");
    await byTestId(browser, "image-insert").click();
    await dialog.waitForExist({ ...WAIT, reverse: true, timeoutMsg: "the image dialog stayed open" });

    // The record in the shape of the sample's own, the file in its media folder.
    const record = readFileSync(path.join(site, "data/images/team-photo.yml"), "utf8");
    assert.match(
      record,
      /^date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} -0500\nuid: team-photo\nwidth: 40\nheight: 30\nformat: png\ncredit: ""\ncaption: "The CX team in 2016\."\nalt: "Five people smiling in front of a whiteboard\."\n$/,
    );
    assert.deepEqual(readFileSync(path.join(site, "static/images/team-photo.png")), readFileSync(file));
    // The call at the cursor, in a paragraph of its own.
    const body = await browser.execute(() => document.querySelector('[data-testid="body-editor"] .cm-content').innerText);
    assert.match(body, /Meet the team\.\n+\{\{< img src="team-photo" >\}\}/);

    // The preview shows the local file, loaded, read inside the frame.
    await browser.waitUntil(async () => (await srcdoc(browser)).includes('src="pwmedia://localhost/static/images/team-photo.png"'), {
      ...WAIT,
      timeoutMsg: "the preview does not point at the local file",
    });
    await browser.switchToFrame(await byTestId(browser, "preview-frame"));
    try {
      await browser.waitUntil(
        async () =>
          browser.execute(() => {
            const img = document.querySelector('img[src^="pwmedia:"]');
            return img !== null && img.complete && img.naturalWidth === 40 && img.alt === "Five people smiling in front of a whiteboard.";
          }),
        { ...WAIT, timeoutMsg: "the image in the preview frame did not load" },
      );
    } finally {
      await browser.switchToParentFrame();
    }
    await screenshot(browser, "images");
  } catch (error) {
    await browser.switchToParentFrame().catch(() => {});
    await screenshot(browser, "images-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("the local-image protocol serves the site's images and nothing outside them", { timeout: 120000 }, async () => {
  const outside = mkdtempSync(path.join(tmpdir(), "images-outside-"));
  writeFileSync(path.join(outside, "secret.png"), png(7, 7));
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    writeFileSync(path.join(site, "static/images/ok.png"), png(5, 4));
    writeFileSync(path.join(site, "layouts/secret.png"), png(6, 6));
    symlinkSync(path.join(outside, "secret.png"), path.join(site, "static/images/link.png"));
    writeFileSync(path.join(dataDir, "beside.png"), png(8, 8));
    // Loads each URL as an image in the app's window; the natural width, or 0 when refused.
    const widths = await browser.executeAsync((urls, done) => {
      Promise.all(
        urls.map(
          (url) =>
            new Promise((resolve) => {
              const img = new Image();
              img.onload = () => resolve(img.naturalWidth);
              img.onerror = () => resolve(0);
              img.src = url;
            }),
        ),
      ).then(done);
    }, [
      "pwmedia://localhost/static/images/ok.png",
      "pwmedia://localhost/static/images/cx-journey-sketch.svg",
      "pwmedia://localhost/..%2Fbeside.png",
      "pwmedia://localhost/static/..%2F..%2Fbeside.png",
      "pwmedia://localhost/static/images/..%2F..%2F..%2Fbeside.png",
      `pwmedia://localhost/${encodeURIComponent(path.join(outside, "secret.png"))}`,
      "pwmedia://localhost/static/images/link.png",
      "pwmedia://localhost/layouts/secret.png",
      "pwmedia://localhost/hugo.yaml",
    ]);
    assert.equal(widths[0], 5, "a site image is served");
    assert.ok(widths[1] > 0, "the sample's SVG is served");
    assert.deepEqual(widths.slice(2), [0, 0, 0, 0, 0, 0, 0], `refused: ${JSON.stringify(widths)}`);
  } finally {
    await stop();
  }
});
