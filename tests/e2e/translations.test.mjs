// A multilingual Hugo site in the real window: the page list filters by language, and the
// editor shows the open page's translations (older, missing) and opens one with a click.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, textOf } from "./support.mjs";

const WAIT = { timeout: 15000, interval: 150 };

/** content/en and content/fr (contentDir per language), German by file name, in a Git repo. */
function multilingualSite() {
  const root = mkdtempSync(path.join(tmpdir(), "multilingual-"));
  const write = (rel, text) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write(
    "hugo.toml",
    "baseURL = 'https://example.org/'\ntitle = 'Multi'\ncontentDir = 'content/en'\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\ncontentDir = 'content/fr'\n[languages.de]\nweight = 3\n",
  );
  write("content/en/news/post.md", "---\ntitle: English post\ntranslationKey: p1\nlastmod: 2024-05-01\n---\nHello.\n");
  write("content/fr/news/article.md", "---\ntitle: Article français\ntranslationKey: p1\nlastmod: 2024-01-01\n---\nBonjour.\n");
  write("content/en/news/other.de.md", "---\ntitle: Anderer Beitrag\n---\nHallo.\n");
  execFileSync("git", ["init", "--quiet", "-b", "main", root]);
  execFileSync("git", ["-C", root, "add", "-A"]);
  execFileSync("git", ["-C", root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "Site"]);
  return root;
}

/** The page list's rows, read in one call (the list re-renders as it filters). */
function rowPaths(browser) {
  return browser.execute(() => [...document.querySelectorAll('[data-testid="page-row"]')].map((r) => r.getAttribute("data-path")));
}

test("filter the page list by language and follow a page's translations", { timeout: 180000 }, async () => {
  const site = multilingualSite();
  const { browser, stop } = await launch({ args: [site] });
  try {
    const post = browser.$('[data-testid="page-row"][data-path="en/news/post.md"]');
    await post.waitForExist(WAIT);
    assert.deepEqual((await rowPaths(browser)).sort(), ["en/news/other.de.md", "en/news/post.md", "fr/news/article.md"]);

    // The language filter lists the site's languages; French leaves the French page.
    await byTestId(browser, "page-filters-toggle").click();
    const lang = byTestId(browser, "filter-lang");
    await lang.waitForExist(WAIT);
    await lang.selectByAttribute("value", "fr");
    await browser.waitUntil(async () => (await rowPaths(browser)).join() === "fr/news/article.md", {
      ...WAIT,
      timeoutMsg: "the list never narrowed to the French page",
    });
    await expectNoAxeViolations(browser, "translations: language filter");
    await lang.selectByAttribute("value", "");
    await post.waitForExist(WAIT);

    // The English post: French is its translation but older, German is missing.
    await post.click();
    const french = byTestId(browser, "translation-fr");
    await french.waitForExist(WAIT);
    assert.equal(await french.getAttribute("data-state"), "older");
    assert.equal(await byTestId(browser, "translation-de").getAttribute("data-state"), "missing");
    assert.equal(await byTestId(browser, "translation-en").getAttribute("data-state"), "this");
    assert.match(await textOf(byTestId(browser, "translations")), /older than this page/);
    await expectNoAxeViolations(browser, "translations: editor section");

    // A click opens the translation.
    await french.$("button").click();
    await browser.waitUntil(async () => (await textOf(byTestId(browser, "doc-path"))) === "content/fr/news/article.md", {
      ...WAIT,
      timeoutMsg: "the French translation never opened",
    });
    await browser.waitUntil(async () => (await byTestId(browser, "translation-en").getAttribute("data-state")) === "current", WAIT);
  } finally {
    await stop();
  }
});
