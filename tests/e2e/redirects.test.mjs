// Redirects in the real window: changing the slug of a page published on the main branch adds
// its old URL to `aliases` — shown in "Lines that will change on save" before saving, written by
// the save — and undoing the change (before saving) takes the alias away again.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, screenshot, textOf } from "./support.mjs";

const WAIT = { timeout: 20000, interval: 150 };
const PAGE = "news/2016/05/2016-05-10-help-customer-experience-drive-change-at-your-agency.md";
const OLD_URL = "/2016/05/10/help-customer-experience-drive-change-at-your-agency/";

/** The lines the header's "Changes on save" list shows (opened when it is closed). */
async function pendingLines(browser) {
  const toggle = byTestId(browser, "pending-toggle");
  if ((await toggle.isExisting()) && (await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  if (!(await byTestId(browser, "save-diff").isExisting())) return [];
  return browser.$$('[data-testid="diff-line"]').map((line) => textOf(line));
}

test("a slug change on a published page keeps its old URL as an alias, shown before saving, gone on undo", { timeout: 240000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const file = path.join(dataDir, "sample-site", "content", PAGE);
  try {
    const row = browser.$(`[data-testid="page-row"][data-path="${PAGE}"]`);
    await row.waitForExist(WAIT);
    const original = readFileSync(file, "utf8");
    await row.click();
    const slug = byTestId(browser, "field-slug");
    await slug.waitForExist(WAIT);
    assert.equal(await slug.getValue(), "", "the page has no slug of its own: its URL comes from the file name");

    await slug.setValue("cx-drives-change");
    await browser.waitUntil(async () => (await pendingLines(browser)).some((l) => l.includes(OLD_URL)), {
      ...WAIT,
      timeoutMsg: "the alias never showed among the lines that will change",
    });
    const lines = await pendingLines(browser);
    assert.ok(lines.some((l) => /slug: cx-drives-change/.test(l)), lines.join("\n"));
    await expectNoAxeViolations(browser, "the form with the alias pending");
    await screenshot(browser, "redirect-pending");

    // Undone: the slug cleared again, the alias goes with it.
    await slug.clearValue();
    await slug.setValue(" ");
    await browser.keys(["Backspace"]);
    await browser.waitUntil(async () => !(await pendingLines(browser)).some((l) => l.includes(OLD_URL)), {
      ...WAIT,
      timeoutMsg: "the alias stayed after the slug change was undone",
    });

    // Changed again and saved: written.
    await slug.setValue("cx-drives-change");
    await browser.waitUntil(async () => (await pendingLines(browser)).some((l) => l.includes(OLD_URL)), WAIT);
    await byTestId(browser, "save-button").click();
    await browser.waitUntil(async () => readFileSync(file, "utf8") !== original, { ...WAIT, timeoutMsg: "never saved" });
    const saved = readFileSync(file, "utf8");
    assert.match(saved, /\nslug: cx-drives-change\n/);
    assert.ok(saved.includes(OLD_URL), saved);
    assert.match(saved, new RegExp(`\\naliases:\\n  - ${OLD_URL.replace(/\//g, "\\/")}\\n|\\naliases: \\[${OLD_URL.replace(/\//g, "\\/")}\\]\\n`));
    await screenshot(browser, "redirect-saved");

    // The date-time picker: named, it reads the page's date in its own offset, and a picked
    // time is written in that offset and the field's format — not moved to UTC.
    const date = byTestId(browser, "field-date");
    const picker = byTestId(browser, "field-date-picker");
    assert.match(await picker.getAttribute("aria-label"), /^Pick date \(UTC offset -04:00 kept\)$/);
    await browser.waitUntil(async () => (await picker.getValue()) === "2016-05-10T04:28", { ...WAIT, timeoutMsg: "the picker never showed the date" });
    await browser.execute(() => {
      const el = document.querySelector('[data-testid="field-date-picker"]');
      el.value = "2016-05-11T09:45";
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await browser.waitUntil(async () => (await date.getValue()) === "2016-05-11 09:45:03 -0400", {
      ...WAIT,
      timeoutMsg: "the picked date was not written in the page's offset and format",
    });
    assert.equal(await textOf(byTestId(browser, "field-date-offset")), "UTC-04:00");
  } finally {
    await stop();
  }
});
