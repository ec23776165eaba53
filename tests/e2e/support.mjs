// Shared plumbing for the end-to-end tests: start tauri-driver, open a WebDriver session on
// the real app binary, and stop everything cleanly (SIGTERM, so WebKitWebDriver goes too).

import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { remote } from "webdriverio";

export const repoRoot = path.resolve(import.meta.dirname, "../..");
export const shotsDir = path.join(repoRoot, "target", "e2e");

const app = process.env.POSTWRIGHT_APP;
if (!app) throw new Error("set POSTWRIGHT_APP to the postwright-desktop binary (scripts/e2e.sh does)");

let nextPort = 4444 + (process.pid % 200) * 2;

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => { socket.end(); resolve(); });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`tauri-driver did not listen on ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/**
 * Starts the app with a fresh data folder (so it extracts its own sample site), or with
 * `dataDir` (a second run over the first one's data), and with `env` added to its environment;
 * returns the browser, the data folder and a `stop()` to call in `finally`.
 */
export async function launch({ args = [], dataDir, env = {} } = {}) {
  const data = dataDir ?? mkdtempSync(path.join(process.env.POSTWRIGHT_DATA_DIR ?? tmpdir(), "run-"));
  const port = nextPort;
  nextPort += 2;
  // Piped, not inherited: the app is a grandchild of tauri-driver, and one that outlived its
  // session while holding the test runner's stdout kept `node --test` from ever exiting.
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], {
    env: { ...process.env, ...env, POSTWRIGHT_DATA_DIR: data },
    stdio: ["ignore", "pipe", "pipe"],
  });
  driver.stdout.on("data", (chunk) => process.stdout.write(chunk));
  driver.stderr.on("data", (chunk) => process.stderr.write(chunk));
  // tauri-driver accepts connections before its WebKitWebDriver child listens; a session
  // requested in between fails with "connection refused", so wait for both.
  await waitForPort(port, 20000);
  await waitForPort(port + 1, 20000);
  let browser;
  try {
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      connectionRetryTimeout: 60000,
      connectionRetryCount: 0,
      // Only tauri:options: asking for browserName "wry" fails to match.
      capabilities: { "tauri:options": { application: app, args } },
    });
  } catch (e) {
    driver.kill("SIGTERM");
    throw e;
  }
  const stop = async () => {
    try {
      await browser.deleteSession();
    } finally {
      driver.kill("SIGTERM");
      await new Promise((resolve) => (driver.exitCode !== null ? resolve() : driver.once("exit", resolve)));
      await killApps(data);
    }
  };
  return { browser, dataDir: data, stop };
}

/** The app processes started for the data folder `data` (their environment names it). */
export function appPids(data) {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0")[0];
      if (cmd !== app) continue;
      const env = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (env.includes(`POSTWRIGHT_DATA_DIR=${data}`)) pids.push(Number(entry));
    } catch {
      // gone already, or not ours to read
    }
  }
  return pids;
}

/**
 * Ends the app processes of `data` that outlive their WebDriver session (WebKitWebDriver does
 * not always take the app down with it): SIGTERM, then SIGKILL for any still there after 3 s.
 */
export async function killApps(data) {
  const signal = (pids, sig) => pids.forEach((pid) => { try { process.kill(pid, sig); } catch { /* gone */ } });
  signal(appPids(data), "SIGTERM");
  const deadline = Date.now() + 3000;
  while (appPids(data).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  signal(appPids(data), "SIGKILL");
}

/**
 * Saves a screenshot of the window as `target/e2e/<name>.png`.
 *
 * WebKitWebDriver answers a screenshot after the web process presents its next frame. The app
 * paints without compositing layers (window.rs), and WebKitGTK 2.50's non-composited renderer
 * presents a frame only when something on the page changed: a screenshot asked for while the
 * window is still waits until the next change, forever if none comes (the page's animation
 * frames keep running meanwhile, and any repaint releases the screenshot). So while it waits,
 * a 1-pixel dot in the corner, pointer-transparent and hidden from assistive technology, changes
 * shade on every animation frame; it is removed once the screenshot is taken.
 */
export async function screenshot(browser, name) {
  mkdirSync(shotsDir, { recursive: true });
  await browser.execute(() => {
    const dot = document.createElement("div");
    dot.id = "e2e-paint-nudge";
    dot.setAttribute("aria-hidden", "true");
    Object.assign(dot.style, {
      position: "fixed", right: "0", bottom: "0", width: "1px", height: "1px", pointerEvents: "none", zIndex: "2147483647",
    });
    document.documentElement.append(dot);
    let shade = 0;
    const repaint = () => {
      if (!dot.isConnected) return;
      shade = 1 - shade;
      dot.style.background = `rgba(0, 0, 0, ${0.01 + shade * 0.01})`;
      requestAnimationFrame(repaint);
    };
    requestAnimationFrame(repaint);
  });
  try {
    await browser.saveScreenshot(path.join(shotsDir, `${name}.png`));
  } finally {
    await browser.execute(() => document.getElementById("e2e-paint-nudge")?.remove());
  }
}

/**
 * The lines removed from `before` and added in `after`, by a longest-common-subsequence line
 * diff (the files are small): `{ removed: [[lineNo, text]], added: [[lineNo, text]] }`.
 */
export function lineDiff(before, after) {
  const a = before.split("\n");
  const b = after.split("\n");
  const lcs = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const removed = [];
  const added = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      added.push([j + 1, b[j]]);
      j++;
    } else {
      removed.push([i + 1, a[i]]);
      i++;
    }
  }
  return { removed, added };
}

/**
 * The element's text content. WebDriver's getText returns "" for some visible elements in
 * WebKitWebDriver (seen after a modal dialog closed), so the tests read the DOM instead.
 */
export async function textOf(element) {
  return ((await element.getProperty("textContent")) ?? "").trim();
}

/** The element with `data-testid`, optionally inside another element. */
export function byTestId(scope, id) {
  return scope.$(`[data-testid="${id}"]`);
}

/** Types `file` into the GTK file chooser titled `title`, with real key presses. */
export function chooseFile(title, file) {
  // No window manager under Xvfb: focus the chooser directly (windowactivate needs one).
  const id = execFileSync("xdotool", ["search", "--sync", "--onlyvisible", "--name", title], { timeout: 15000, encoding: "utf8" })
    .trim()
    .split("\n")[0];
  // The chooser maps before it takes keys: give it a moment, then focus it.
  execFileSync("sleep", ["1"]);
  execFileSync("xdotool", ["windowfocus", "--sync", id], { timeout: 15000 });
  // Ctrl+L opens the location field; the path typed there is chosen with Return.
  execFileSync("xdotool", ["key", "--delay", "300", "ctrl+l"]);
  execFileSync("xdotool", ["type", "--delay", "40", file]);
  execFileSync("sleep", ["0.5"]);
  execFileSync("xdotool", ["key", "--delay", "300", "Return"]);
}

/**
 * The markup of the document in the frame with `data-testid` `testid` as it is now, read inside
 * the frame: the preview frame loads its document once and the app patches each re-render in,
 * so its `srcdoc` is not what it shows. "" when there is no such frame.
 */
export async function frameHtml(browser, testid = "preview-frame") {
  const frame = await byTestId(browser, testid);
  if (!(await frame.isExisting())) return "";
  await browser.switchToFrame(frame);
  try {
    return await browser.execute(() => document.documentElement.outerHTML);
  } finally {
    await browser.switchToParentFrame();
  }
}

/** A real PNG of `width`×`height`, navy (what a writer's screenshot would be, smaller). */
export function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [22, 46, 81]).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
