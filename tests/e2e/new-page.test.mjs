// New pages in the real window: the New page dialog (button), Ctrl+N and the command palette
// (keyboard only), the file the app makes byte-for-byte the one `postwright new` makes, the form
// of the new page, and a new author made from the picker.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations, focused, press, trackKeys, typeText } from "./a11y.mjs";
import { byTestId, launch, lineDiff, screenshot, textOf } from "./support.mjs";

const WAIT = { timeout: 20000, interval: 150 };
const cli = path.join(path.dirname(process.env.POSTWRIGHT_APP ?? ""), "postwright");
const NEWS = /^news\/\d{4}\/\d{2}\/\d{4}-\d{2}-\d{2}-unicode-post\.md$/;

/** `2026-12-07 08:05:33 +0000` (the sample's news date format) as RFC 3339. */
function rfc3339(date) {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(date);
  assert.ok(m, `a date in the sample's format: ${date}`);
  return `${m[1]}T${m[2]}${m[3]}:${m[4]}`;
}

async function openedPath(browser) {
  await byTestId(browser, "doc-path").waitForExist(WAIT);
  return (await textOf(byTestId(browser, "doc-path"))).replace(/^content\//, "");
}

test("a new news post from the dialog is the file `postwright new` makes, and opens in the form", { timeout: 240000 }, async () => {
  assert.ok(existsSync(cli), `the CLI next to the app: ${cli}`);
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    const button = byTestId(browser, "new-page");
    await button.waitForEnabled(WAIT);
    await button.click();
    const dialog = byTestId(browser, "new-page-dialog");
    await dialog.waitForDisplayed(WAIT);
    const types = await byTestId(browser, "new-page-type").$$("option").map((o) => o.getProperty("value"));
    assert.deepEqual(types, ["authors", "news", "topics"], "each folder collection of the sample's Decap config");
    assert.equal(await byTestId(browser, "new-page-type").getValue(), "news");
    await byTestId(browser, "new-page-title-input").setValue("Ünïcode post");
    const planned = byTestId(browser, "new-page-path");
    await browser.waitUntil(async () => /unicode-post\.md/.test(await textOf(planned)), { ...WAIT, timeoutMsg: "the path never showed" });
    const shownPath = (await textOf(planned)).match(/news\/\S+\.md/)?.[0] ?? "";
    assert.match(shownPath, NEWS, "accents folded by the sample's Decap slug settings");
    await expectNoAxeViolations(browser, "the New page dialog");
    await screenshot(browser, "new-page-dialog");
    await byTestId(browser, "new-page-create").click();

    // It opens in the editor, with the news type's fields in the form.
    await browser.waitUntil(async () => (await byTestId(browser, "doc-path").isExisting()) && NEWS.test(await openedPath(browser)), {
      ...WAIT,
      timeoutMsg: "the new page never opened",
    });
    const rel = await openedPath(browser);
    assert.equal(rel, shownPath, "the path the dialog showed");
    assert.equal(await byTestId(browser, "field-title").getValue(), "Ünïcode post");
    for (const key of ["summary", "date", "authors", "topics", "slug"]) {
      assert.ok(await byTestId(browser, `field-${key}`).isExisting(), `the form has ${key}`);
    }
    assert.equal(await byTestId(browser, "field-slug").getValue(), "unicode-post");

    // Byte for byte what `postwright new` writes, dated the same instant, in a clone of the site.
    const made = readFileSync(path.join(site, "content", rel));
    const date = /\ndate: (.+)\n/.exec(made.toString("utf8"))?.[1] ?? "";
    const clone = path.join(mkdtempSync(path.join(tmpdir(), "new-page-")), "site");
    execFileSync("git", ["clone", "-q", site, clone]);
    const printed = execFileSync(cli, ["new", "--site", clone, "--type", "news", "--date", rfc3339(date), "Ünïcode post"], { encoding: "utf8" });
    assert.equal(printed.trim(), `content/${rel}`);
    assert.equal(readFileSync(path.join(clone, "content", rel)).toString("utf8"), made.toString("utf8"));
    assert.ok(readFileSync(path.join(clone, "content", rel)).equals(made), "the same bytes");

    // Filled in and saved: only the summary's line changes.
    await byTestId(browser, "field-summary").setValue("One sentence about it.");
    await byTestId(browser, "save-button").waitForEnabled(WAIT);
    await screenshot(browser, "new-page-form");
    await byTestId(browser, "save-button").click();
    await browser.waitUntil(async () => readFileSync(path.join(site, "content", rel), "utf8").includes("One sentence"), {
      ...WAIT,
      timeoutMsg: "the save never reached the disk",
    });
    const diff = lineDiff(made.toString("utf8"), readFileSync(path.join(site, "content", rel), "utf8"));
    assert.equal(diff.added.length, 1, JSON.stringify(diff));
    assert.match(diff.added[0][1], /^summary: .*One sentence about it\./);
  } finally {
    await stop();
  }
});

test("New page by Ctrl+N and through the command palette, keyboard only", { timeout: 240000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    await byTestId(browser, "new-page").waitForEnabled(WAIT);
    await trackKeys(browser);

    // Ctrl+N: the dialog, the focus in the title; Enter creates.
    await press("ctrl+n");
    await byTestId(browser, "new-page-dialog").waitForDisplayed(WAIT);
    assert.equal((await focused(browser)).testid, "new-page-title-input");
    await typeText("Keyboard post");
    await browser.waitUntil(async () => /keyboard-post\.md/.test(await textOf(byTestId(browser, "new-page-path"))), WAIT);
    await press("Return");
    await browser.waitUntil(async () => /keyboard-post\.md$/.test(await openedPath(browser)), { ...WAIT, timeoutMsg: "Ctrl+N's page never opened" });
    assert.ok(existsSync(path.join(site, "content", await openedPath(browser))));

    // The command palette (Ctrl+Shift+P): named, searchable, Enter runs the highlighted command.
    await press("ctrl+shift+p");
    const palette = byTestId(browser, "command-palette");
    await palette.waitForDisplayed(WAIT);
    assert.equal((await focused(browser)).testid, "command-search");
    const listed = await browser.$$('[data-testid="command-option"]').map((o) => o.getAttribute("data-id"));
    for (const id of ["new-page", "save", "check-site", "import", "settings", "insert-shortcode"]) {
      assert.ok(listed.includes(id), `the palette lists ${id}: ${listed}`);
    }
    await expectNoAxeViolations(browser, "the command palette");
    await typeText("new page");
    const first = await browser.$('[data-testid="command-option"]');
    assert.equal(await first.getAttribute("data-id"), "new-page");
    assert.equal(await first.getAttribute("aria-selected"), "true");
    await screenshot(browser, "command-palette");
    await press("Return");
    await byTestId(browser, "new-page-dialog").waitForDisplayed(WAIT);
    await typeText("Palette post");
    await browser.waitUntil(async () => /palette-post\.md/.test(await textOf(byTestId(browser, "new-page-path"))), WAIT);
    await press("Return");
    await browser.waitUntil(async () => /palette-post\.md$/.test(await openedPath(browser)), { ...WAIT, timeoutMsg: "the palette's page never opened" });

    // Ctrl+K opens it too; Escape closes it and gives the focus back.
    await byTestId(browser, "field-summary").click();
    await press("ctrl+k");
    await palette.waitForDisplayed(WAIT);
    await press("Escape");
    await browser.waitUntil(async () => !(await byTestId(browser, "command-palette").isExisting()), WAIT);
    assert.equal((await focused(browser)).testid, "field-summary");
  } finally {
    await stop();
  }
});

test("a guest author credits themselves: Create new in the authors picker", { timeout: 240000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  try {
    const row = browser.$('[data-testid="page-row"]');
    await row.waitForExist(WAIT);
    await row.click();
    const input = byTestId(browser, "field-authors-input");
    await input.waitForExist(WAIT);
    await trackKeys(browser);
    await input.click();
    await typeText("Zoe Guest");
    const create = byTestId(browser, "field-authors-create");
    await create.waitForDisplayed(WAIT);
    assert.match(await textOf(create), /Create new: “Zoe Guest”/);
    await expectNoAxeViolations(browser, "the authors picker offering Create new");
    await screenshot(browser, "new-author-picker");
    // The option is the last one: down to it, Enter.
    await browser.waitUntil(async () => {
      await press("Down");
      return (await create.getAttribute("aria-selected")) === "true";
    }, { ...WAIT, timeoutMsg: "Create new was never highlighted" });
    await press("Return");
    const chip = browser.$('[data-testid="field-authors"] [data-testid="chip"][data-slug="zoe-guest"]');
    await chip.waitForExist({ ...WAIT, timeoutMsg: "the new author was never picked" });
    assert.match(await textOf(chip), /Zoe Guest/, "shown by its name: the term is listed");
    const page = readFileSync(path.join(site, "content/authors/zoe-guest/_index.md"), "utf8");
    assert.match(page, /^---\n/);
    assert.match(page, /\ndisplay_name: "Zoe Guest"\n/);
    assert.match(page, /\nfirst_name: "Zoe"\n/);
    assert.match(page, /\nlast_name: "Guest"\n/);
    assert.match(page, /slug: zoe-guest\n/);
    await screenshot(browser, "new-author-picked");
  } finally {
    await stop();
  }
});
