// Import… in the real window: choose an old Jekyll post in the system's file dialog (driven with
// real X key presses), see the page it becomes (path, fields, what remains, the preview) with
// nothing written yet, then save it and find it on disk and open in the editor.

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, chooseFile, launch, screenshot, textOf } from "./support.mjs";

const WAIT = { timeout: 20000, interval: 150 };
const TARGET = "news/2016/08/2016-08-02-lessons-from-our-first-cx-year.md";

const POST = `---
date: 2016-08-02 09:15:00 -0400
title: 'Lessons From Our First CX Year&hellip;'
summary: 'What we learned &mdash; in one page.'
authors: [rflagg]
categories:
  - Managing Digital
tags:
  - CX
  - customer service
---

We started with [a community](https://www.example.gov/2015/07/31/new-kid-in-town-the-customer-experience-community/) and a survey.
{% include image/full-width.html img="https://s3.amazonaws.com/sitesusa/wp-content/uploads/sites/212/2016/08/team.jpg" alt="The team at work" %}

It&rsquo;s been a good year.
`;

test("Import… shows the new page before writing it, then saves it", { timeout: 180000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "import-"));
  const file = path.join(dir, "2016-08-02-lessons-from-our-first-cx-year.md");
  writeFileSync(file, POST);
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    const button = byTestId(browser, "import-posts");
    await button.waitForEnabled(WAIT);
    await button.click();
    chooseFile("Import old posts", file);

    // The preview of the import: nothing on disk yet.
    const dialog = byTestId(browser, "import-dialog");
    await browser.waitUntil(async () => (await dialog.isDisplayed()) || (await byTestId(browser, "import-failed").isExisting()), {
      ...WAIT,
      timeoutMsg: "the import dialog never opened",
    });
    if (await byTestId(browser, "import-failed").isExisting()) assert.fail(await textOf(byTestId(browser, "import-failed")));
    assert.equal(await textOf(byTestId(browser, "import-path")), TARGET);
    const fields = await textOf(byTestId(browser, "import-fields"));
    assert.match(fields, /Lessons From Our First CX Year…/);
    assert.match(fields, /customer-experience/, "tags map to the site's topics by their aliases");
    assert.match(fields, /rflagg/);
    const body = await byTestId(browser, "import-body").getValue();
    assert.match(body, /\[a community\]\(\{\{< ref "2015-07-31-new-kid-in-town-the-customer-experience-community\.md" >\}\}\)/);
    assert.match(body, /\{\{< legacy-img src="2016\/08\/team\.jpg" alt="The team at work" >\}\}/);
    assert.match(body, /It’s been a good year\./);
    const problems = await textOf(byTestId(browser, "import-problems"));
    assert.match(problems, /Managing Digital/, "the category the site has no term for is listed");
    const frame = byTestId(browser, "import-preview");
    const sandbox = ((await frame.getAttribute("sandbox")) ?? "").split(/\s+/);
    assert.ok(!sandbox.includes("allow-same-origin"), "the import preview is sandboxed like the editor's");
    await browser.waitUntil(async () => ((await frame.getAttribute("srcdoc")) ?? "").includes("good year"), {
      ...WAIT,
      timeoutMsg: "the preview never showed the imported body",
    });
    assert.equal(existsSync(path.join(site, "content", TARGET)), false, "nothing is written before saving");
    await screenshot(browser, "import-dialog");
    // The dialog itself (the page list behind it is the a11y work of its own screen).
    await expectNoAxeViolations(browser, "import-dialog", { include: '[data-testid="import-dialog"]' });

    // Save: the page is written and opens in the editor.
    await byTestId(browser, "import-save").click();
    await dialog.waitForExist({ ...WAIT, reverse: true, timeoutMsg: "the import dialog stayed open" });
    await browser.waitUntil(() => existsSync(path.join(site, "content", TARGET)), { ...WAIT, timeoutMsg: "the page was not written" });
    const written = readFileSync(path.join(site, "content", TARGET), "utf8");
    assert.match(written, /^---\n/);
    assert.match(written, /title: ["']?Lessons From Our First CX Year…/);
    assert.match(written, /date: ["']?2016-08-02 09:15:00 -0400/);
    assert.ok(!written.includes("{%"), "no Liquid tag is left");
    await browser.$(`[data-testid="page-row"][data-path="${TARGET}"]`).waitForExist(WAIT);
    const title = byTestId(browser, "field-title");
    await browser.waitUntil(async () => (await title.isExisting()) && (await title.getValue()).startsWith("Lessons From"), {
      ...WAIT,
      timeoutMsg: "the imported page did not open in the editor",
    });
  } finally {
    await stop();
  }
});
