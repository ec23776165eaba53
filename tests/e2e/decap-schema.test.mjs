// The form follows the site's Decap CMS config: an edit of the config on disk gives
// the open page's form its new fields without losing what the writer typed, and a config path
// set in the settings dialog gives that config's fields (a path outside the site is refused
// with a clear message). A finding on any field of the form (here one only the Decap config
// has) focuses that field, and the form shows the core's finding under it.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, screenshot, textOf } from "./support.mjs";

const SEED = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";
const WAIT = { timeout: 15000, interval: 150 };
const TITLE_FIELD = '      - label: "Title"\n        name: "title"\n';

async function openSeed(browser) {
  const row = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
  await row.waitForExist(WAIT);
  await row.click();
  const title = byTestId(browser, "field-title");
  await browser.waitUntil(async () => (await title.getValue()).startsWith("New Kid"), WAIT);
  return title;
}

async function activeTestId(browser) {
  return browser.execute(() => document.activeElement?.closest("[data-testid]")?.getAttribute("data-testid") ?? null);
}

async function fieldKeys(browser) {
  const keys = [];
  for (const field of await browser.$$('[data-testid="front-matter-form"] [data-field]')) {
    keys.push(await field.getAttribute("data-field"));
  }
  return keys;
}

test("editing the Decap config on disk changes the open form's fields and keeps what was typed", { timeout: 120000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  const config = path.join(site, "static", "admin", "config.yml");
  const page = path.join(site, "content", SEED);
  try {
    const title = await openSeed(browser);
    assert.equal(await byTestId(browser, "field-kicker").isExisting(), false);
    await title.setValue("Typed before the schema changed");

    // A new field after the news collection's title (the first collection in the file).
    const original = readFileSync(config, "utf8");
    assert.ok(original.includes(TITLE_FIELD), "the sample's news title field moved");
    writeFileSync(config, original.replace(TITLE_FIELD, `      - label: "Kicker"\n        name: "kicker"\n        widget: "string"\n${TITLE_FIELD}`));

    const kicker = byTestId(browser, "field-kicker");
    await kicker.waitForExist({ ...WAIT, timeoutMsg: "the new field never showed (watcher → schema → form)" });
    assert.deepEqual((await fieldKeys(browser)).slice(0, 2), ["kicker", "title"], "in the config's order");
    assert.equal(await title.getValue(), "Typed before the schema changed", "the typed title survived");
    assert.notEqual(await textOf(byTestId(browser, "dirty-state")), "All changes saved");
    await screenshot(browser, "decap-schema-reloaded");
    await expectNoAxeViolations(browser, "decap-schema-reloaded");

    await kicker.setValue("Outreach");
    await byTestId(browser, "save-button").click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "dirty-state"))) === "All changes saved", WAIT);
    const saved = readFileSync(page, "utf8");
    assert.match(saved, /^title: ["']?Typed before the schema changed["']?$/m);
    assert.match(saved, /^kicker: ["']?Outreach["']?$/m);
  } catch (error) {
    await screenshot(browser, "decap-schema-reloaded-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("a Decap config path set in the settings gives its fields; a path outside the site is refused", { timeout: 120000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const site = path.join(dataDir, "sample-site");
  try {
    await openSeed(browser);
    assert.ok((await fieldKeys(browser)).includes("summary"), "the sample config's fields first");
    // Written once the app has extracted its sample site (it wants an empty folder).
    mkdirSync(path.join(site, "cms"), { recursive: true });
    writeFileSync(
      path.join(site, "cms", "alt.yml"),
      [
        "collections:",
        "  - name: news",
        "    label: News (alternative)",
        "    folder: content/news",
        "    fields:",
        "      - {label: Title, name: title, widget: string}",
        "      - {label: Deck, name: deck, widget: text}",
        "",
      ].join("\n"),
    );

    await byTestId(browser, "open-settings").click();
    const input = byTestId(browser, "settings-decap-config");
    await input.waitForDisplayed(WAIT);
    // An absolute path (typed: WebKitWebDriver drops a repeated key, so no `..`).
    await input.setValue("/etc/decap.yml");
    await byTestId(browser, "settings-save").click();
    const error = byTestId(browser, "settings-error");
    await error.waitForDisplayed(WAIT);
    assert.match(await textOf(error), /must be inside the site folder/);
    assert.equal(await byTestId(browser, "settings-dialog").isExisting(), true, "the dialog stays open");

    await input.setValue("cms/alt.yml");
    await byTestId(browser, "settings-save").click();
    await byTestId(browser, "settings-dialog").waitForExist({ ...WAIT, reverse: true });
    await browser.waitUntil(async () => (await fieldKeys(browser)).join(",") === "title,deck", {
      ...WAIT,
      timeoutMsg: "the form never took the fields of cms/alt.yml",
    });
    assert.equal(await byTestId(browser, "field-title").getValue(), "New Kid in Town: The Customer Experience Community");
    await screenshot(browser, "decap-settings-path");
    await expectNoAxeViolations(browser, "decap-settings-path");
  } catch (error) {
    await screenshot(browser, "decap-settings-path-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("a finding on a Decap field outside the everyday ones focuses that field", { timeout: 120000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  const config = path.join(dataDir, "sample-site", "static", "admin", "config.yml");
  try {
    await openSeed(browser);
    // A required field only this config has (Decap fields are required unless they say not).
    const original = readFileSync(config, "utf8");
    assert.ok(original.includes(TITLE_FIELD), "the sample's news title field moved");
    writeFileSync(config, original.replace(TITLE_FIELD, `      - label: "Kicker"\n        name: "kicker"\n        widget: "string"\n${TITLE_FIELD}`));
    await byTestId(browser, "field-kicker").waitForExist({ ...WAIT, timeoutMsg: "the new field never showed" });

    const row = browser.$('[data-testid="problem"][data-code="required-field"]');
    await row.waitForExist({ ...WAIT, timeoutMsg: "no required-field finding for the kicker" });
    assert.match(await textOf(row), /kicker/);
    // The form shows the core's finding under the field.
    const problem = browser.$('[data-field="kicker"] [data-testid="field-problem"]');
    await problem.waitForExist({ ...WAIT, timeoutMsg: "the form did not show the finding under the kicker" });
    assert.match(await textOf(problem), /kicker.*required/i);

    await byTestId(row, "problem-go").click();
    await browser.waitUntil(async () => (await activeTestId(browser)) === "field-kicker", {
      ...WAIT,
      timeoutMsg: "the finding did not focus the kicker field",
    });
    await screenshot(browser, "decap-finding-focuses-field");

    // Typing a value answers the finding: it goes from the panel and from under the field.
    await byTestId(browser, "field-kicker").setValue("Outreach");
    await problem.waitForExist({ ...WAIT, reverse: true, timeoutMsg: "the finding stayed after a value was typed" });
  } catch (error) {
    await screenshot(browser, "decap-finding-focuses-field-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});
