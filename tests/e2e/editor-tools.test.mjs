// The body editor's tools in the real window, with real key presses (xdotool): a shortcode's
// param edited through its form changes only those bytes of the file; bold by Ctrl+B and by
// the toolbar; find and replace; `ref` completion by title; and room to write: the form folds
// so the body gets most of the column, and the lines a save will change (body hunks too) open
// on demand, and undo never crosses from one page into the next. Each step saves a screenshot
// and runs axe on what it shows.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations, focused, press, trackKeys, typeText } from "./a11y.mjs";
import { byTestId, frameHtml, launch, screenshot, textOf } from "./support.mjs";

const WAIT = { timeout: 15000, interval: 150 };
const SEED = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";

async function bodyText(browser) {
  return browser.execute(() => {
    const lines = [...document.querySelectorAll('[data-testid="body-editor"] .cm-line')];
    return lines.map((l) => l.textContent).join("\n");
  });
}

/** Writes a page into the sample site and opens it once the watcher has listed it. */
async function openNewPage(browser, dataDir, rel, text) {
  const file = path.join(dataDir, "sample-site", "content", rel);
  await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  const row = browser.$(`[data-testid="page-row"][data-path="${rel}"]`);
  await row.waitForExist({ ...WAIT, timeoutMsg: `${rel} never reached the page list` });
  await row.click();
  await browser.waitUntil(async () => (await textOf(byTestId(browser, "doc-path"))) === `content/${rel}`, WAIT);
  await browser.$('[data-testid="body-editor"] .cm-content').waitForExist(WAIT);
  return file;
}

async function saved(browser) {
  await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", {
    ...WAIT,
    timeoutMsg: "the page was not saved",
  });
}

test("a shortcode's param edited through its form changes only those bytes of the file", { timeout: 180000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  try {
    await trackKeys(browser);
    const rel = "news/2016/10/2016-10-01-shortcode-form.md";
    const original =
      "---\ntitle: \"Shortcode form\"\ndate: 2016-10-01 09:00:00 -0400\n---\n\nIntro.\n\n" +
      "{{%  note   variant=`info`  %}}\nKeep *this*.\n{{% /note %}}\n\n" +
      "{{<img src=\"cx-journey-sketch\"   alt=\"Old alt\"\tcaption=`A raw caption` >}}\n";
    const file = await openNewPage(browser, dataDir, rel, original);
    await browser.$('[data-testid="body-editor"] .cm-content').click();
    // The last line is empty; Up puts the cursor at the start of the img call.
    await press("ctrl+End", "Up", "Right", "Right", "Right");
    await press("ctrl+alt+s");
    const form = byTestId(browser, "shortcode-form");
    await form.waitForDisplayed({ ...WAIT, timeoutMsg: "Ctrl+Alt+S did not open the form of the call under the cursor" });
    const params = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="shortcode-field"]')].map((f) => [f.getAttribute("data-param"), f.querySelector("input").value]),
    );
    // The template's three params, with the call's values (the raw string read as Hugo reads it).
    assert.deepEqual(params, [["alt", "Old alt"], ["caption", "A raw caption"], ["src", "cx-journey-sketch"]]);
    assert.match(await textOf(byTestId(browser, "shortcode-form-help")), /data\/images\/UID\.yml/);
    await expectNoAxeViolations(browser, "shortcode form editing a call", { include: '[data-testid="shortcode-form"]' });
    await screenshot(browser, "editor-tools-shortcode-form");

    await byTestId(browser, "shortcode-param-alt").click();
    await press("ctrl+a");
    await typeText("A new alt text");
    await press("ctrl+Return");
    await form.waitForDisplayed({ ...WAIT, reverse: true });
    await browser.waitUntil(async () => (await bodyText(browser)).includes('alt="A new alt text"'), {
      ...WAIT,
      timeoutMsg: "the form's edit never reached the editor",
    });
    assert.equal((await focused(browser)).testid, "body-editor>", "the focus is back in the editor");
    await press("ctrl+s");
    await saved(browser);
    assert.equal(
      readFileSync(file, "utf8"),
      original.replace('alt="Old alt"', 'alt="A new alt text"'),
      "every other byte of the file is as it was (spacing, tab, raw string, the note call)",
    );
  } catch (error) {
    await screenshot(browser, "editor-tools-shortcode-form-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("bold by Ctrl+B and the toolbar, find and replace, and ref completion by title", { timeout: 180000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  try {
    await trackKeys(browser);
    const rel = "news/2016/10/2016-10-02-editor-tools.md";
    const file = await openNewPage(
      browser,
      dataDir,
      rel,
      "---\ntitle: \"Editor tools\"\ndate: 2016-10-02 09:00:00 -0400\n---\nIntro word here.\n\nSecond teh line teh.\n",
    );
    await browser.$('[data-testid="body-editor"] .cm-content').click();
    // Ctrl+B on a selected word.
    await press("ctrl+Home", "ctrl+Right", "Right", "ctrl+shift+Right");
    await press("ctrl+b");
    await browser.waitUntil(async () => (await bodyText(browser)).includes("Intro **word** here."), {
      ...WAIT,
      timeoutMsg: "Ctrl+B did not make the word bold",
    });
    // The toolbar's Bold on a typed line.
    await press("ctrl+End");
    await typeText("loud");
    await press("shift+Home");
    await byTestId(browser, "toolbar-bold").click();
    await browser.waitUntil(async () => (await bodyText(browser)).includes("**loud**"), {
      ...WAIT,
      timeoutMsg: "the toolbar's Bold did not make the line bold",
    });
    assert.equal(await byTestId(browser, "toolbar-bold").getAttribute("aria-keyshortcuts"), "Control+B");
    await expectNoAxeViolations(browser, "editor toolbar", { include: '[data-testid="editor-toolbar"]' });

    // Find and replace (CodeMirror's search panel, opened by Ctrl+F).
    await browser.$('[data-testid="body-editor"] .cm-content').click();
    await press("ctrl+f");
    const searchField = browser.$('[data-testid="body-editor"] .cm-search input[name="search"]');
    await searchField.waitForDisplayed({ ...WAIT, timeoutMsg: "Ctrl+F did not open the search panel" });
    assert.equal((await focused(browser)).tag.toLowerCase(), "input", "the search field has the focus");
    await typeText("teh");
    await browser.$('[data-testid="body-editor"] .cm-search input[name="replace"]').click();
    await typeText("the");
    await expectNoAxeViolations(browser, "find and replace panel", { include: '[data-testid="body-editor"] .cm-search' });
    await screenshot(browser, "editor-tools-find-replace");
    await browser.$('[data-testid="body-editor"] .cm-search button[name="replaceAll"]').click();
    await browser.waitUntil(async () => (await bodyText(browser)).includes("Second the line the."), {
      ...WAIT,
      timeoutMsg: "Replace all did not replace",
    });
    await press("Escape");

    // ref completion: the page found by its title, its file name written.
    await browser.$('[data-testid="body-editor"] .cm-content').click();
    await press("ctrl+End", "Return");
    await typeText('See {{< ref "stephanie thum');
    const wanted = "Customer Experience Video Blog: Stephanie Thum, Export-Import Bank";
    await browser.waitUntil(
      async () =>
        (await browser.execute(() =>
          [...document.querySelectorAll(".cm-tooltip-autocomplete li .cm-completionLabel")].map((el) => el.textContent),
        )).includes(wanted),
      { ...WAIT, timeoutMsg: "the ref completion did not offer the page by its title" },
    );
    await expectNoAxeViolations(browser, "ref completion", { include: ".cm-tooltip-autocomplete" });
    await screenshot(browser, "editor-tools-ref-completion");
    await browser.pause(250); // CodeMirror ignores Enter for 75 ms after the list opens.
    await press("Return");
    const target = "2014-02-21-customer-experience-video-blog-stephanie-thum-export-import-bank.md";
    await browser.waitUntil(async () => (await bodyText(browser)).includes(`{{< ref "${target}`), {
      ...WAIT,
      timeoutMsg: "choosing the page did not write its target",
    });
    await typeText('" >}}');
    await browser.waitUntil(async () => (await bodyText(browser)).includes(`${target}" >}}`), WAIT);
    await press("ctrl+s");
    await saved(browser);
    const text = readFileSync(file, "utf8");
    assert.match(text, /Intro \*\*word\*\* here\./);
    assert.match(text, /Second the line the\./);
    assert.ok(text.includes(`See {{< ref "${target}" >}}`), text);
    // The preview resolved the ref (no broken-ref box).
    await browser.waitUntil(async () => (await frameHtml(browser)).includes("stephanie-thum"), {
      ...WAIT,
      timeoutMsg: "the preview did not link the page",
    });
  } catch (error) {
    await screenshot(browser, "editor-tools-formatting-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("room to write: the form folds and the body editor grows; the changes on save list a body hunk", { timeout: 180000 }, async () => {
  const { browser, stop } = await launch();
  try {
    await trackKeys(browser);
    const row = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await row.waitForExist(WAIT);
    await row.click();
    await browser.waitUntil(async () => (await byTestId(browser, "field-title").getValue()).startsWith("New Kid"), WAIT);
    const share = () =>
      browser.execute(() => {
        const column = document.querySelector("#editor").getBoundingClientRect().height;
        const body = document.querySelector('[data-testid="body-editor"]').getBoundingClientRect().height;
        return body / column;
      });
    const before = await share();
    assert.equal(await textOf(byTestId(browser, "body-editor-label")), "Body (Markdown)", "the body editor has a visible label");
    await byTestId(browser, "form-toggle").click();
    await byTestId(browser, "form-summary").waitForDisplayed(WAIT);
    assert.equal(await byTestId(browser, "form-toggle").getAttribute("aria-expanded"), "false");
    assert.match(await textOf(byTestId(browser, "form-summary")), /New Kid in Town/);
    const after = await share();
    assert.ok(after > 0.6, `the folded form leaves the body ${Math.round(after * 100)} % of the column (was ${Math.round(before * 100)} %)`);
    assert.ok(after > before + 0.15, `the body grew from ${before} to ${after}`);
    await screenshot(browser, "editor-tools-form-folded");

    // A body edit: the header's button counts it and opens the lines a save will change.
    await browser.$('[data-testid="body-editor"] .cm-content').click();
    await press("ctrl+End", "Return");
    await typeText("A line added to the body.");
    const toggle = byTestId(browser, "pending-toggle");
    await browser.waitUntil(async () => Number(await toggle.getAttribute("data-count")) > 0, {
      ...WAIT,
      timeoutMsg: "the body edit was not counted",
    });
    await toggle.click();
    await byTestId(browser, "save-diff").waitForDisplayed(WAIT);
    const lines = () =>
      browser.execute(() =>
        [...document.querySelectorAll('[data-testid="diff-line"]')].map((li) => [li.getAttribute("data-kind"), li.querySelector("code").textContent]),
      );
    // typeText counts keydowns, Shift's included: wait for the whole line to be diffed.
    await browser.waitUntil(async () => (await lines()).some(([kind, text]) => kind === "added" && text === "A line added to the body."), {
      ...WAIT,
      timeoutMsg: "the body hunk is not among the lines that will change",
    });
    await expectNoAxeViolations(browser, "editor tools: form folded, changes on save open");
    await screenshot(browser, "editor-tools-changes-on-save");

    // The fold is remembered for the session: another page opens folded too.
    await press("ctrl+s");
    await saved(browser);
    const other = await browser.execute(
      (seed) => [...document.querySelectorAll('[data-testid="page-row"]')].map((r) => r.getAttribute("data-path")).find((p) => p !== seed),
      SEED,
    );
    await browser.$(`[data-testid="page-row"][data-path="${other}"]`).click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "doc-path"))) === `content/${other}`, WAIT);
    assert.equal(await byTestId(browser, "form-toggle").getAttribute("aria-expanded"), "false", "the form stays folded");
    await byTestId(browser, "form-toggle").click();
    await byTestId(browser, "front-matter-form").waitForDisplayed(WAIT);

    // Undo stays with its page: in the page opened next, Ctrl+Z has nothing to undo. (It used
    // to bring back the last page's text, which saving would then write into this page.)
    const loaded = await bodyText(browser);
    await browser.execute(() => document.querySelector('[data-testid="body-editor"] .cm-content')?.focus());
    await press("ctrl+z", "ctrl+z", "ctrl+z");
    assert.equal(await bodyText(browser), loaded, "Ctrl+Z changed the text of a page just opened");
    assert.ok(!loaded.includes("A line added to the body."), "the last page's text is not in this one");
    assert.equal(await textOf(byTestId(browser, "dirty-state")), "All changes saved");
  } catch (error) {
    await screenshot(browser, "editor-tools-room-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
