// The shortcodes in the body editor, in the real window: after `{{<` the editor offers
// the site's shortcodes (from the core's catalog), inside a call the params its template reads;
// the completed call renders in the preview through the site's own template. Keys are real X
// key presses (xdotool): WebDriver's key actions drop Shift and doubled letters.

import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations, press, typeText } from "./a11y.mjs";
import { byTestId, launch, screenshot, frameHtml } from "./support.mjs";

const WAIT = { timeout: 15000, interval: 150 };

/** What the preview frame shows (the app patches its document in place). */
const srcdoc = (browser) => frameHtml(browser);

/** The labels of the open completion list. */
async function completionLabels(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll(".cm-tooltip-autocomplete li .cm-completionLabel")].map((el) => el.textContent),
  );
}

test("shortcode names and params complete after {{< and the call renders in the preview", { timeout: 120000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const rel = "news/2016/09/2016-09-02-shortcode-completion.md";
  const file = path.join(dataDir, "sample-site", "content", rel);
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `---\ntitle: "Shortcode completion"\ndate: 2016-09-02 09:00:00 -0400\n---\n\nIntro.\n`);
    const row = browser.$(`[data-testid="page-row"][data-path="${rel}"]`);
    await row.waitForExist(WAIT);
    await row.click();
    await browser.waitUntil(async () => (await srcdoc(browser)).includes("Intro."), WAIT);

    await browser.$('[data-testid="body-editor"] .cm-content').click();
    await press("ctrl+End", "Return");
    await typeText("{{< no");
    await browser.waitUntil(async () => (await completionLabels(browser)).includes("note"), {
      ...WAIT,
      timeoutMsg: "no completion list offering the note shortcode",
    });
    // The completion list itself; the rest of the window is a11y.test's (its known findings on
    // main: the page list's contrast, the body editor's missing name, are not this feature's).
    await expectNoAxeViolations(browser, "shortcode name completion", { include: ".cm-tooltip-autocomplete" });
    await screenshot(browser, "shortcode-completion");
    // CodeMirror ignores Enter for 75 ms after the list opens (interactionDelay).
    await browser.pause(250);
    await press("Return");
    await typeText(" v");
    await browser.waitUntil(async () => (await completionLabels(browser)).join() === "variant", {
      ...WAIT,
      timeoutMsg: "the note shortcode's param was not offered",
    });
    await browser.pause(250);
    await press("Return");
    // The cursor is inside the param's quotes.
    await typeText("alert");
    await press("End");
    await typeText(" >}}Mind the gap.{{< /note >}}");
    // typeText counts keydowns, Shift's included: the last characters may still be on their way.
    await browser.waitUntil(
      async () => (await browser.execute(() => document.querySelector('[data-testid="body-editor"] .cm-content').textContent)).includes("{{< /note >}}"),
      { ...WAIT, timeoutMsg: "the closing tag never reached the editor" },
    );
    await browser.waitUntil(async () => {
      const html = await srcdoc(browser);
      return html.includes("note-alert") && html.includes("Mind the gap.");
    }, { ...WAIT, timeoutMsg: "the completed call did not render through the site's note template" });
    const text = await browser.execute(() => document.querySelector('[data-testid="body-editor"] .cm-content').textContent);
    assert.ok(text.includes('{{< note variant="alert" >}}Mind the gap.{{< /note >}}'), text);
    await screenshot(browser, "shortcode-completion-rendered");
  } catch (error) {
    await screenshot(browser, "shortcode-completion-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("the shortcode palette lists the site's shortcodes, its pick opens the form, the form inserts the call, and the preview renders it", { timeout: 120000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const rel = "news/2016/09/2016-09-03-shortcode-palette.md";
  const file = path.join(dataDir, "sample-site", "content", rel);
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `---\ntitle: "Shortcode palette"\ndate: 2016-09-03 09:00:00 -0400\n---\n\nIntro.\n`);
    const row = browser.$(`[data-testid="page-row"][data-path="${rel}"]`);
    await row.waitForExist(WAIT);
    await row.click();
    await browser.waitUntil(async () => (await srcdoc(browser)).includes("Intro."), WAIT);
    await browser.$('[data-testid="body-editor"] .cm-content').click();
    await press("ctrl+End", "Return");

    await byTestId(browser, "toolbar-shortcode").click();
    const palette = byTestId(browser, "shortcode-palette");
    await palette.waitForDisplayed(WAIT);
    const names = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="shortcode-option"]')].map((el) => el.getAttribute("data-name")),
    );
    // The sample site's three templates and Hugo's built-ins.
    for (const name of ["img", "legacy-img", "note", "figure", "youtube", "ref"]) assert.ok(names.includes(name), `${name} in ${names}`);
    await typeText("note");
    await browser.waitUntil(async () => {
      const shown = await browser.execute(() =>
        [...document.querySelectorAll('[data-testid="shortcode-option"]')].map((el) => el.getAttribute("data-name")),
      );
      return shown.join() === "note";
    }, { ...WAIT, timeoutMsg: "searching did not narrow the list to note" });
    await expectNoAxeViolations(browser, "shortcode palette", { include: '[data-testid="shortcode-palette"]' });
    await screenshot(browser, "shortcode-palette");
    await press("Return");
    await palette.waitForDisplayed({ ...WAIT, reverse: true });
    // The pick opens the shortcode's form: its params (the template's reads) and inner content.
    const form = byTestId(browser, "shortcode-form");
    await form.waitForDisplayed(WAIT);
    await byTestId(browser, "shortcode-param-variant").click();
    await typeText("alert");
    await press("Tab");
    await typeText("Mind the gap.");
    await expectNoAxeViolations(browser, "shortcode form for a new call", { include: '[data-testid="shortcode-form"]' });
    await press("ctrl+Return");
    await form.waitForDisplayed({ ...WAIT, reverse: true });
    await browser.waitUntil(async () => {
      const html = await srcdoc(browser);
      return html.includes("note-alert") && html.includes("Mind the gap.");
    }, { ...WAIT, timeoutMsg: "the inserted call did not render through the site's note template" });
    const text = await browser.execute(() => document.querySelector('[data-testid="body-editor"] .cm-content').innerText);
    assert.ok(text.includes('{{< note variant="alert" >}}Mind the gap.{{< /note >}}'), text);
    await screenshot(browser, "shortcode-palette-rendered");
  } catch (error) {
    await screenshot(browser, "shortcode-palette-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
