// Site awareness in the real window: open a seed post, see its findings in the problems panel,
// jump to one in the body and one in the form, filter them, fix the retired topic through the
// preview of the lines it changes, check the file on disk, watch a typed problem appear, and
// use the page list's badges, search and filters; fix a finding of a page that is not open from
// the Whole site tab; see a draft's findings folded apart, counted, and listed when opened.

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, lineDiff, screenshot, textOf } from "./support.mjs";

const SEED = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";
const WAIT = { timeout: 20000, interval: 150 };

async function problemRows(browser) {
  const rows = [];
  for (const row of await browser.$$('[data-testid="problem"]')) {
    rows.push({
      code: await row.getAttribute("data-code"),
      line: Number(await row.getAttribute("data-line")),
      severity: await row.getAttribute("data-severity"),
      text: await textOf(row),
      row,
    });
  }
  return rows;
}

async function activeTestId(browser) {
  return browser.execute(() => {
    const active = document.activeElement;
    return active?.closest("[data-testid]")?.getAttribute("data-testid") ?? null;
  });
}

test("the problems panel lists, jumps to, filters and fixes a seed post's findings", { timeout: 240000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const file = path.join(dataDir, "sample-site", "content", SEED);
  try {
    const seedRow = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await seedRow.waitForExist(WAIT);
    const original = readFileSync(file, "utf8");

    // 1. The site-wide check runs on open: the seed's row carries a warnings badge.
    const badge = byTestId(seedRow, "page-warnings");
    await badge.waitForExist({ ...WAIT, timeoutMsg: "no problem badge on the seed post (site-wide check)" });
    const warningsBefore = Number((await textOf(badge)).replace(/\D/g, ""));
    assert.ok(warningsBefore >= 5, `the seed has its retired topics as warnings, badge says ${warningsBefore}`);

    // 2. Open it: the panel lists its findings with code, severity and position.
    await seedRow.click();
    await browser.waitUntil(async () => (await problemRows(browser)).some((r) => r.code === "retired-topic"), {
      ...WAIT,
      timeoutMsg: "the problems panel never listed the retired topics",
    });
    let rows = await problemRows(browser);
    const cx = rows.find((r) => r.code === "retired-topic" && r.text.includes("`cx`"));
    assert.ok(cx, "the `cx` topic is a finding");
    assert.equal(cx.line, 11);
    assert.match(cx.text, /11:5/);
    assert.ok(rows.some((r) => r.code === "html-entity" && r.line === 25), "the body's HTML entity is a finding");
    assert.ok(rows.some((r) => r.code === "summary-too-long" && r.severity === "info"));

    // 3. Clicking a body finding puts the body editor's cursor on its line.
    await byTestId(rows.find((r) => r.code === "html-entity" && r.line === 25).row, "problem-go").click();
    await browser.waitUntil(
      async () => (await textOf(browser.$('[data-testid="body-editor"] .cm-activeLine'))).startsWith("&#8220;To provide great customer service"),
      { ...WAIT, timeoutMsg: "the body editor did not move to the entity's line" },
    );
    // A front-matter finding focuses its form field.
    await byTestId(rows.find((r) => r.code === "summary-too-long").row, "problem-go").click();
    await browser.waitUntil(async () => (await activeTestId(browser)) === "field-summary", {
      ...WAIT,
      timeoutMsg: "the summary finding did not focus the summary field",
    });

    // 4. Filters: by rule, then by severity.
    await byTestId(browser, "problems-rule").selectByAttribute("value", "html-entity");
    await browser.waitUntil(async () => (await problemRows(browser)).every((r) => r.code === "html-entity"), WAIT);
    assert.equal((await problemRows(browser)).length, 2);
    await byTestId(browser, "problems-rule").selectByAttribute("value", "");
    await byTestId(browser, "problems-severity-warning").click();
    await browser.waitUntil(async () => (await problemRows(browser)).every((r) => r.severity !== "warning"), WAIT);
    // The body's entities are info (Hugo prints the character), like the long summary.
    const unwarned = (await problemRows(browser)).map((r) => r.code);
    assert.deepEqual([...new Set(unwarned)].sort(), ["html-entity", "summary-too-long"], unwarned.join());
    await byTestId(browser, "problems-severity-warning").click();
    await browser.waitUntil(async () => (await problemRows(browser)).some((r) => r.code === "retired-topic"), WAIT);

    // 5. Fix the `cx` finding: the preview shows exactly the topic lines, then it is saved.
    rows = await problemRows(browser);
    await byTestId(rows.find((r) => r.code === "retired-topic" && r.line === 11).row, "problem-fix").click();
    await byTestId(browser, "fix-preview").waitForDisplayed(WAIT);
    const shown = [];
    for (const line of await browser.$$('[data-testid="fix-diff-line"]')) {
      shown.push([await line.getAttribute("data-kind"), Number(await line.getAttribute("data-line"))]);
    }
    await screenshot(browser, "problems-fix-preview");
    await expectNoAxeViolations(browser, "problems-fix-preview");
    const expected = lineDiff(original, original.replace(
      "  - product-management\n  - cx\n  - customer-experience-community-of-practice\n  - customer-satisfaction\n  - customer-service\n",
      "  - product-and-project-management\n  - customer-experience\n",
    ));
    assert.deepEqual(
      shown,
      [...expected.removed.map(([n]) => ["removed", n]), ...expected.added.map(([n]) => ["added", n])],
      "the preview lists exactly the topic lines",
    );
    await byTestId(browser, "fix-confirm").click();
    await byTestId(browser, "fix-preview").waitForExist({ ...WAIT, reverse: true });
    await browser.waitUntil(async () => readFileSync(file, "utf8") !== original, { ...WAIT, timeoutMsg: "the fix was not saved" });
    const fixed = readFileSync(file, "utf8");
    const { removed, added } = lineDiff(original, fixed);
    assert.deepEqual(removed.map(([n]) => n), [10, 11, 12, 13, 14], "only the topic lines went");
    assert.deepEqual(added, [[10, "  - product-and-project-management"], [11, "  - customer-experience"]]);
    assert.equal(await textOf(byTestId(browser, "dirty-state")), "All changes saved");
    await browser.waitUntil(async () => !(await problemRows(browser)).some((r) => r.code === "retired-topic"), {
      ...WAIT,
      timeoutMsg: "the retired-topic findings stayed after the fix",
    });
    // The badge follows the save.
    // (No badge at all when no warning is left: body entities are info.)
    const warningsNow = async () => ((await badge.isExisting()) ? Number((await textOf(badge)).replace(/\D/g, "")) : 0);
    await browser.waitUntil(async () => (await warningsNow()) === warningsBefore - 5, {
      ...WAIT,
      timeoutMsg: "the badge did not drop by the five fixed topics",
    });

    // 6. Typing a problem into the unsaved body shows up in the panel, debounced.
    // Focus the text box itself (a click at the middle of a long body may land off screen).
    await browser.execute(() => document.querySelector('[data-testid="body-editor"] .cm-content').focus());
    await browser.keys(["Control", "End"]);
    await browser.keys(["Enter"]);
    await browser.keys("Fish &mdash; chips.");
    await browser.waitUntil(async () => (await problemRows(browser)).some((r) => r.code === "html-entity" && r.text.includes("&mdash;")), {
      ...WAIT,
      timeoutMsg: "the typed entity never appeared among the problems (re-check of the buffer)",
    });
    await screenshot(browser, "problems-panel");
    await expectNoAxeViolations(browser, "problems-panel");
  } catch (error) {
    await screenshot(browser, "problems-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("a finding in a page that is not open is fixed from the Whole site tab", { timeout: 180000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  // A stub that lists `customer-experience` and its retired alias `cx`: the fix drops line 10.
  const other = "news/2014/01/2014-01-13-government-cx-finding-the-metrics-that-matter.md";
  const file = path.join(dataDir, "sample-site", "content", other);
  try {
    const seedRow = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await seedRow.waitForExist(WAIT);
    const original = readFileSync(file, "utf8");
    await seedRow.click();
    await browser.waitUntil(async () => (await problemRows(browser)).some((r) => r.code === "retired-topic"), WAIT);

    // The whole site's retired topics, the other page's among them.
    await byTestId(browser, "problems-scope-site").click();
    await byTestId(browser, "problems-rule").selectByAttribute("value", "retired-topic");
    const otherRow = browser.$(`[data-testid="problem"][data-path="${other}"][data-code="retired-topic"]`);
    await otherRow.waitForExist({ ...WAIT, timeoutMsg: "the other page's retired topic is not in the Whole site list" });
    assert.equal(await otherRow.getAttribute("data-line"), "10");

    // Its Fix previews the lines of that page's file, not of the open page.
    await byTestId(otherRow, "problem-fix").click();
    await byTestId(browser, "fix-preview").waitForDisplayed(WAIT);
    assert.match(await textOf(byTestId(browser, "fix-lead")), new RegExp(other.replaceAll(".", "\\.")));
    const shown = [];
    for (const line of await browser.$$('[data-testid="fix-diff-line"]')) {
      shown.push([await line.getAttribute("data-kind"), Number(await line.getAttribute("data-line")), await textOf(line)]);
    }
    assert.deepEqual(shown.map(([kind, n]) => [kind, n]), [["removed", 10]], JSON.stringify(shown));
    await screenshot(browser, "problems-site-fix-preview");
    await expectNoAxeViolations(browser, "problems-site-fix-preview");
    await byTestId(browser, "fix-confirm").click();
    await byTestId(browser, "fix-preview").waitForExist({ ...WAIT, reverse: true });

    // On disk only that line went; the open page is still the seed, untouched.
    await browser.waitUntil(async () => readFileSync(file, "utf8") !== original, { ...WAIT, timeoutMsg: "the fix was not saved" });
    const { removed, added } = lineDiff(original, readFileSync(file, "utf8"));
    assert.deepEqual(removed, [[10, "  - cx"]]);
    assert.deepEqual(added, []);
    assert.equal(await textOf(byTestId(browser, "dirty-state")), "All changes saved");
    assert.match(await seedRow.getAttribute("class"), /\bselected\b/, "the seed is still the open page");
    // The site-wide list follows: the fixed finding is gone, the seed's are still there.
    await otherRow.waitForExist({ ...WAIT, reverse: true, timeoutMsg: "the fixed finding stayed in the Whole site list" });
    assert.ok((await problemRows(browser)).some((r) => r.code === "retired-topic"), "the other pages' retired topics are still listed");
  } catch (error) {
    await screenshot(browser, "problems-site-fix-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("a draft's findings are folded apart: counted, badged, and listed when the group is opened", { timeout: 180000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const draft = "news/draft-note.md";
  const file = path.join(dataDir, "sample-site", "content", draft);
  try {
    const seedRow = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await byTestId(seedRow, "page-warnings").waitForExist({ ...WAIT, timeoutMsg: "the site-wide check never finished" });
    await seedRow.click();
    await byTestId(browser, "problems-scope-site").click();

    // A draft written outside the app: its broken ref (a warning, as digital.gov logs them), its
    // entity and its missing required fields are found, but not counted with the site's.
    writeFileSync(file, "---\ntitle: A draft note\ndraft: true\nsummary: Not yet.\n---\nIt&rsquo;s coming: see {{< ref \"gone.md\" >}}.\n");
    const group = byTestId(browser, "unpublished-group");
    await browser.waitUntil(async () => (await group.isExisting()) && (await group.getAttribute("data-count")) === "5", {
      ...WAIT,
      timeoutMsg: "the draft's five findings were not folded apart",
    });
    assert.match(await textOf(byTestId(browser, "unpublished-toggle")), /findings on 1 drafts/);
    assert.equal(await browser.$(`[data-testid="problem"][data-path="${draft}"]`).isExisting(), false, "listed before the group is opened");
    // The page list's badge counts the draft's own findings.
    await byTestId(browser, "page-filter").setValue("A draft note");
    const draftRow = browser.$(`[data-testid="page-row"][data-path="${draft}"]`);
    await byTestId(draftRow, "page-warnings").waitForExist({ ...WAIT, timeoutMsg: "the draft's row has no warnings badge" });
    assert.match(await textOf(byTestId(draftRow, "page-warnings")), /1/);

    // Opening the group lists them, with why the page is left out; the rule filter narrows
    // the header's count and the list alike.
    await byTestId(browser, "unpublished-toggle").click();
    const draftRows = () => browser.$$(`[data-testid="problem"][data-path="${draft}"]`);
    await browser.waitUntil(async () => (await draftRows()).length === 5, { ...WAIT, timeoutMsg: "the folded group did not list the draft's findings" });
    const ref = browser.$(`[data-testid="problem"][data-path="${draft}"][data-code="broken-ref"]`);
    assert.match(await textOf(ref), /\(draft\)/);
    await byTestId(browser, "problems-rule").selectByAttribute("value", "html-entity");
    await browser.waitUntil(async () => (await group.getAttribute("data-count")) === "1" && (await draftRows()).length === 1, {
      ...WAIT,
      timeoutMsg: "the rule filter did not narrow the folded group",
    });
    await screenshot(browser, "problems-folded-draft");
    await expectNoAxeViolations(browser, "problems-folded-draft");
    await byTestId(browser, "problems-rule").selectByAttribute("value", "");

    // The draft changes outside again: the next check's counts and the open list follow.
    writeFileSync(file, "---\ntitle: A draft note\ndraft: true\nsummary: Not yet.\n---\nIt is coming: see {{< ref \"gone.md\" >}}.\n");
    await browser.waitUntil(async () => (await group.getAttribute("data-count")) === "4" && (await draftRows()).length === 4, {
      ...WAIT,
      timeoutMsg: "the folded group did not follow the draft's new text",
    });
    assert.equal(await browser.$(`[data-testid="problem"][data-path="${draft}"][data-code="html-entity"]`).isExisting(), false);
  } catch (error) {
    await screenshot(browser, "problems-folded-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("the page list searches bodies and filters by problems and topic", { timeout: 180000 }, async () => {
  const { browser, stop } = await launch();
  try {
    const seedRow = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await seedRow.waitForExist(WAIT);
    const rowCount = async () => (await browser.$$('[data-testid="page-row"]')).length;
    const total = await rowCount();

    // Words only the seed's body has: found through the core's text search.
    await byTestId(browser, "page-filter").setValue("Stephanie Thum");
    await browser.waitUntil(async () => (await rowCount()) < total && (await seedRow.isExisting()), {
      ...WAIT,
      timeoutMsg: "the body search did not narrow the list to the seed",
    });
    // WebKitWebDriver's clearValue fires no input event: select all and delete, as a person would.
    const clearSearch = async () => {
      await byTestId(browser, "page-filter").click();
      await browser.keys(["Control", "a"]);
      await browser.keys(["Backspace"]);
      await browser.waitUntil(async () => (await rowCount()) === total, WAIT);
    };
    await clearSearch();

    // An author's display name finds the posts listing her, first: none of them says "Rachel
    // Flagg"; her author page (rflagg) does, which the core matches to the pages carrying it.
    const rowPaths = async () => {
      const paths = [];
      for (const row of await browser.$$('[data-testid="page-row"]')) paths.push(await row.getAttribute("data-path"));
      return paths;
    };
    const hers = [
      "news/2014/10/2014-10-09-customer-service-week-2014.md",
      "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md",
      "news/2015/12/2015-12-30-cx-community-year-one.md",
    ];
    await byTestId(browser, "page-filter").setValue("Rachel Flagg");
    await browser.waitUntil(async () => JSON.stringify((await rowPaths()).slice(0, 3).sort()) === JSON.stringify(hers), {
      ...WAIT,
      timeoutMsg: "searching the author's name did not list her posts first",
    });
    // After them, only pages that mention her in their text (an e-mail link).
    assert.ok((await rowPaths()).slice(3).every((p) => !hers.includes(p)));
    await clearSearch();

    // Relevance first: pages with the word in the title, then the others.
    await byTestId(browser, "page-filter").setValue("community");
    const titles = async () => {
      const found = [];
      for (const row of await browser.$$('[data-testid="page-title"]')) found.push((await textOf(row)).toLowerCase());
      return found;
    };
    // The list settles once the ranked answer is in: read it in the same look that finds it.
    let ranked = [];
    await browser.waitUntil(async () => {
      ranked = await titles();
      return (await rowCount()) < total && ranked.some((t) => !t.includes("community"));
    }, {
      ...WAIT,
      timeoutMsg: "the search never listed a body match",
    });
    const firstBodyOnly = ranked.findIndex((t) => !t.includes("community"));
    assert.ok(firstBodyOnly > 0, `a title match comes first: ${ranked.join(" | ")}`);
    assert.ok(ranked.slice(firstBodyOnly).every((t) => !t.includes("community")), `title matches before body matches: ${ranked.join(" | ")}`);
    await clearSearch();

    // Only clean pages: the seed (which has problems) goes; "has problems" brings it back.
    await byTestId(browser, "page-filters-toggle").click();
    await byTestId(browser, "filter-problems").waitForDisplayed(WAIT);
    await byTestId(browser, "filter-problems").selectByAttribute("value", "without");
    await browser.waitUntil(async () => !(await seedRow.isExisting()), { ...WAIT, timeoutMsg: "the seed stayed under 'No problems'" });
    await byTestId(browser, "filter-problems").selectByAttribute("value", "with");
    await seedRow.waitForExist(WAIT);

    // A topic filter from the core, and a sort.
    await byTestId(browser, "filter-topic").selectByAttribute("value", "customer-experience");
    await browser.waitUntil(async () => (await rowCount()) < total, WAIT);
    await byTestId(browser, "page-sort").selectByAttribute("value", "oldest");
    await browser.waitUntil(async () => {
      const dates = [];
      for (const row of await browser.$$('[data-testid="page-row"] .date')) dates.push(await textOf(row));
      return dates.length > 1 && dates.every((d, i) => i === 0 || dates[i - 1] <= d);
    }, { ...WAIT, timeoutMsg: "the list is not oldest first" });
    await screenshot(browser, "problems-page-filters");
    await expectNoAxeViolations(browser, "problems-page-filters");
    await byTestId(browser, "filter-reset").click();
    await browser.waitUntil(async () => (await rowCount()) === total, WAIT);
  } catch (error) {
    await screenshot(browser, "problems-filters-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
