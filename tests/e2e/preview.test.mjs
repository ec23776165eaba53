// The preview in the real window: it reads pages with the site's own stylesheet, follows
// the body editor's scroll and keeps its place while the writer types (each keystroke is patched into
// the frame's document), and colours code as the site's highlight style does. And the promise for files that are not UTF-8: they open
// read-only with where the text breaks, nothing is written until the writer converts them.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, screenshot, textOf, frameHtml } from "./support.mjs";

const WAIT = { timeout: 15000, interval: 150 };

/** What the preview frame shows (the app patches its document in place). */
const srcdoc = (browser) => frameHtml(browser);

/** How far the preview frame is scrolled, read inside the frame. */
async function previewScrollY(browser) {
  await browser.switchToFrame(await byTestId(browser, "preview-frame"));
  try {
    return await browser.execute(() => window.scrollY);
  } finally {
    await browser.switchToParentFrame();
  }
}

test("the preview uses the site's stylesheet, follows the editor's scroll and keeps it while typing", { timeout: 120000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  // A long page, written as an author's other editor would (WebKitWebDriver drops a repeated
  // key, so long text is not typed).
  const rel = "news/2016/09/2016-09-01-a-long-read.md";
  const paragraphs = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of a long read about customer experience.`);
  const file = path.join(dataDir, "sample-site", "content", rel);
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `---\ntitle: "A long read"\ndate: 2016-09-01 09:00:00 -0400\n---\n\n${paragraphs.join("\n\n")}\n`);
    const row = browser.$(`[data-testid="page-row"][data-path="${rel}"]`);
    await row.waitForExist(WAIT);
    await row.click();
    await browser.waitUntil(async () => (await srcdoc(browser)).includes("Paragraph 60 of a long read"), WAIT);
    // The sample site names static/css/preview.css in params.postwright.previewCSS.
    const css = readFileSync(path.resolve(import.meta.dirname, "../../content/static/css/preview.css"), "utf8");
    assert.ok((await srcdoc(browser)).includes(css.trim().split("\n").at(-1)), "the site's stylesheet is in the preview");

    await browser.$('[data-testid="body-editor"] .cm-content').click();
    await browser.keys(["Control", "End"]);
    await browser.execute(() => {
      const scroller = document.querySelector('[data-testid="body-editor"] .cm-scroller');
      scroller.scrollTop = scroller.scrollHeight;
    });
    await browser.waitUntil(async () => (await previewScrollY(browser)) > 200, {
      ...WAIT,
      timeoutMsg: "the preview did not follow the editor to the end",
    });

    // Typing patches the frame's document in place (it is not loaded again: a mark left in
    // it survives) and the preview stays where it was, not at the top.
    await browser.switchToFrame(await byTestId(browser, "preview-frame"));
    await browser.execute(() => { window.__sameDocument = true; });
    await browser.switchToParentFrame();
    await browser.keys(" More.");
    await browser.waitUntil(async () => (await srcdoc(browser)).includes("More.</p>"), WAIT);
    await browser.pause(500);
    assert.ok((await previewScrollY(browser)) > 200, "the preview jumped back to the top while typing");
    await browser.switchToFrame(await byTestId(browser, "preview-frame"));
    assert.equal(await browser.execute(() => window.__sameDocument === true), true, "typing loaded the frame's document again");
    await browser.switchToParentFrame();

    // Scrolling the editor back up takes the preview up too.
    await browser.execute(() => {
      document.querySelector('[data-testid="body-editor"] .cm-scroller').scrollTop = 0;
    });
    await browser.waitUntil(async () => (await previewScrollY(browser)) < 20, { ...WAIT, timeoutMsg: "the preview stayed at the end" });
    await screenshot(browser, "preview-scroll");
    await expectNoAxeViolations(browser, "preview-scroll");
  } catch (error) {
    await browser.switchToParentFrame().catch(() => {});
    await screenshot(browser, "preview-scroll-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("code in the preview is coloured as the site's Chroma style colours it, and recolours as it is edited", { timeout: 120000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  // The sample site uses digital.gov's highlight style, lovelace: keywords #2838b0.
  const rel = "news/2016/09/2016-09-02-a-code-sample.md";
  const file = path.join(dataDir, "sample-site", "content", rel);
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `---\ntitle: "A code sample"\ndate: 2016-09-02 09:00:00 -0400\n---\n\n\`\`\`go {hl_lines=[2]}\nfunc main() {\n\treturn\n}\n\`\`\`\n`);
    const row = browser.$(`[data-testid="page-row"][data-path="${rel}"]`);
    await row.waitForExist(WAIT);
    await row.click();
    await browser.waitUntil(async () => (await srcdoc(browser)).includes('class="language-go"'), WAIT);
    const doc = await srcdoc(browser);
    assert.ok(doc.includes('<span style="color:#2838b0;font-style:italic">func</span>'), doc);
    // The frame's CSP lets the inline colours apply: read them as the writer sees them.
    const colours = async () => {
      await browser.switchToFrame(await byTestId(browser, "preview-frame"));
      try {
        return await browser.execute(() =>
          [...document.querySelectorAll(".highlight code span[style^='color']")].map((s) => [s.textContent, getComputedStyle(s).color]),
        );
      } finally {
        await browser.switchToParentFrame();
      }
    };
    const before = await colours();
    assert.deepEqual(before.find(([text]) => text === "func"), ["func", "rgb(40, 56, 176)"], JSON.stringify(before));
    assert.ok(doc.includes("display:flex; background-color:#e5e5e5"), "the highlighted line is marked");

    // Typing a string into the code colours it as a string (lovelace: #b83838).
    await browser.$('[data-testid="body-editor"]').$(".cm-line*=return").click();
    await browser.keys("End");
    await browser.keys(' "ok"');
    await browser.waitUntil(async () => (await colours()).some(([text, colour]) => text === '"ok"' && colour === "rgb(184, 56, 56)"), {
      ...WAIT,
      timeoutMsg: "the typed string was not coloured as a string",
    });
    await screenshot(browser, "preview-code");
    await expectNoAxeViolations(browser, "preview-code");
  } catch (error) {
    await browser.switchToParentFrame().catch(() => {});
    await screenshot(browser, "preview-code-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("a page that is not UTF-8 opens read-only with its position and converts on request", { timeout: 120000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const rel = "news/2016/08/2016-08-01-cafe-notes.md";
  const file = path.join(dataDir, "sample-site", "content", rel);
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    // A Windows-1252 é and a curly apostrophe (0x92) in an otherwise UTF-8 page.
    const bytes = Buffer.concat([
      Buffer.from("---\ntitle: Caf"),
      Buffer.from([0xe9]),
      Buffer.from(" notes\ndate: 2016-08-01 09:00:00 -0400\n---\n\nIt"),
      Buffer.from([0x92]),
      Buffer.from("s the caf\u00e9 we like.\n"),
    ]);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    const row = browser.$(`[data-testid="page-row"][data-path="${rel}"]`);
    await row.waitForExist(WAIT);
    await row.click();
    const banner = byTestId(browser, "encoding-problem");
    await banner.waitForExist({ ...WAIT, timeoutMsg: "no banner for a file that is not UTF-8" });
    assert.equal(await banner.getAttribute("data-line"), "2");
    assert.equal(await banner.getAttribute("data-column"), "11");
    assert.equal(await browser.$('[data-testid="body-editor"] .cm-content').getAttribute("contenteditable"), "false");
    assert.equal(await byTestId(browser, "field-title").isEnabled(), false, "the form is read-only");
    assert.ok(readFileSync(file).equals(bytes), "opening wrote nothing");
    await screenshot(browser, "not-utf8");
    await expectNoAxeViolations(browser, "not-utf8");

    await byTestId(browser, "convert-utf8").click();
    await banner.waitForExist({ ...WAIT, reverse: true, timeoutMsg: "the banner stayed after converting" });
    assert.equal(readFileSync(file, "utf8"), "---\ntitle: Café notes\ndate: 2016-08-01 09:00:00 -0400\n---\n\nIt’s the café we like.\n");
    assert.equal(await byTestId(browser, "field-title").getValue(), "Café notes");
    assert.equal(await browser.$('[data-testid="body-editor"] .cm-content').getAttribute("contenteditable"), "true");
    assert.match(await textOf(byTestId(browser, "editor-notice")), /Converted to UTF-8/);
  } catch (error) {
    await screenshot(browser, "not-utf8-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
