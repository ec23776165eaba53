// The preview isolation in the real window: a hostile post (scripts, onerror, javascript:
// links, a form posting to a local address, a file:// frame, a meta refresh) is shown in the
// preview, no Tauri command runs (the `canary` command logs every call), the app window stays
// where it is, and a web link opens only after the writer confirms it.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { expectNoAxeViolations } from "./a11y.mjs";
import { byTestId, launch, screenshot, textOf, frameHtml } from "./support.mjs";

const WAIT = { timeout: 15000, interval: 150 };
const REL = "news/2024/02/2024-02-02-hostile.md";
const CALL = (note) => `parent.__TAURI_INTERNALS__.invoke('canary', {note: '${note}'})`;
const HOSTILE = `---
title: "A hostile post"
---

Before the traps.

<script>${CALL("script")}; window.__TAURI_INTERNALS__ && window.__TAURI_INTERNALS__.invoke('canary', {note: 'own'}); top.location = 'https://example.com/script';</script>

<img id="bad-img" src="data:," onerror="${CALL("onerror")}" alt="broken">

<a id="js-link" href="javascript:${CALL("js-link")}">a javascript link</a> and [a markdown one](javascript:${CALL("md-link")})

<form action="http://127.0.0.1:9/steal" method="post"><input name="secret" value="x"><button id="form-submit" type="submit">Send</button></form>

<iframe id="file-frame" src="file:///etc/passwd"></iframe>

<iframe id="nested-frame" srcdoc="<script>parent.parent.__TAURI_INTERNALS__.invoke('canary', {note: 'nested'})</script>"></iframe>

<meta http-equiv="refresh" content="0; url=https://example.com/refresh">

<a id="web-link" href="https://example.gov/about">an outside link</a>

After the traps.
`;

test("a hostile post cannot reach the app from the preview; links need confirmation", { timeout: 120000 }, async () => {
  // The canary is granted to the app's own page only in this run, so that a call breaking out
  // of the preview would get through and be recorded.
  const { browser, dataDir, stop } = await launch({ env: { POSTWRIGHT_TEST_CANARY: "1" } });
  const canaryLog = path.join(dataDir, "canary.log");
  const calls = () => (existsSync(canaryLog) ? readFileSync(canaryLog, "utf8").split("\n").filter(Boolean) : []);
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    const appUrl = await browser.getUrl();

    // Control: the canary does record a call made from the app's own page.
    await browser.execute(() => window.__TAURI_INTERNALS__.invoke("canary", { note: "control" }));
    await browser.waitUntil(async () => calls().includes("control"), { ...WAIT, timeoutMsg: "the canary records nothing" });

    const file = path.join(dataDir, "sample-site", "content", REL);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, HOSTILE);
    const row = browser.$(`[data-testid="page-row"][data-path="${REL}"]`);
    await row.waitForExist(WAIT);
    await row.click();
    // The frame's document as it shows the page (the app patches each render into it). The
    // frame is found once it shows it (the app makes it when the page opens).
    await browser.waitUntil(async () => (await frameHtml(browser)).includes("After the traps."), WAIT);
    const srcdoc = await frameHtml(browser);
    for (const trap of ["<script>", "onerror=", 'href="javascript:', "<form", "file:///etc/passwd", 'http-equiv="refresh"']) {
      assert.ok(srcdoc.includes(trap), `the hostile ${trap} reaches the preview as written`);
    }

    // Poke every trap from inside the frame.
    await browser.switchToFrame(await byTestId(browser, "preview-frame"));
    assert.ok(await browser.$("#web-link").isExisting(), "the preview shows the page");
    await browser.$("#js-link").click();
    await browser.$("#form-submit").click();
    await browser.$("#bad-img").click();
    await browser.$("#web-link").click();
    await browser.switchToParentFrame();

    // The web link asks first; cancelling leaves everything as it was.
    await byTestId(browser, "link-dialog").waitForDisplayed({ ...WAIT, timeoutMsg: "no confirmation for the web link" });
    assert.equal(await textOf(byTestId(browser, "link-url")), "https://example.gov/about");
    await screenshot(browser, "preview-isolation-link");
    await expectNoAxeViolations(browser, "preview-isolation-link");
    await byTestId(browser, "link-cancel").click();
    await byTestId(browser, "link-dialog").waitForExist({ ...WAIT, reverse: true });

    // Give a refresh, a late onerror or a form post time to act, then check nothing did.
    await browser.pause(2000);
    assert.deepEqual(calls(), ["control"], "no command ran from the preview");
    assert.equal(await browser.getUrl(), appUrl, "the app window did not navigate");
    await browser.switchToFrame(await byTestId(browser, "preview-frame"));
    assert.ok(await browser.$("#web-link").isExisting(), "the preview frame was not navigated away (meta refresh, form)");
    await browser.switchToParentFrame();
    assert.equal(await textOf(byTestId(browser, "doc-path")), `content/${REL}`, "the app still shows the page");
    await screenshot(browser, "preview-isolation");
    await expectNoAxeViolations(browser, "preview-isolation");
  } catch (error) {
    await browser.switchToParentFrame().catch(() => {});
    await screenshot(browser, "preview-isolation-failed").catch(() => {});
    throw error;
  } finally {
    await stop();
  }
});

test("the window may call only the commands its capability names", { timeout: 60000 }, async () => {
  const { browser, dataDir, stop } = await launch();
  try {
    await browser.$('[data-testid="page-row"]').waitForExist(WAIT);
    const call = (command, args) =>
      browser.execute(
        (command, args) => window.__TAURI_INTERNALS__.invoke(command, args).then(() => "ran", (e) => String(e)),
        command,
        args,
      );
    // A command the app registers but no capability grants (the test-only canary) is refused.
    assert.match(await call("canary", { note: "ungranted" }), /not allowed/i);
    assert.ok(!existsSync(path.join(dataDir, "canary.log")), "the refused canary ran anyway");
    // So are plugin commands the window is not given: the opener (preview links go through
    // the app's confirmation instead) and the dialog's message box.
    assert.match(await call("plugin:opener|open_url", { url: "https://example.gov/" }), /not allowed/i);
    assert.match(await call("plugin:dialog|message", { message: "hi" }), /not allowed/i);
    // A granted command still works.
    assert.equal(await call("get_settings", {}), "ran");
  } finally {
    await stop();
  }
});
