// The window rows of `make bench`: the real app (POSTWRIGHT_APP, the release build) on a site
// (POSTWRIGHT_BENCH_SITE, a copy of the corpus) under Xvfb, driven through tauri-driver and
// WebDriver as the end-to-end tests are (tests/e2e/support.mjs), typing with real X key
// presses (xdotool). Every time comes from the window's own `performance.now()` marks
// (ui/src/lib/perf.ts, on with POSTWRIGHT_BENCH=1) read back over WebDriver; the only waits
// are for a mark to appear. The pauses between keys are the workload (how a person types),
// paced by xdotool itself.
//
// Run by run.mjs inside xvfb-run; POSTWRIGHT_BENCH_RUNS launches (5), POSTWRIGHT_BENCH_SMOKE=1
// for a few keys on the sample site.

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { appPids, launch } from "../../tests/e2e/support.mjs";
import { percentile, row } from "./rows.mjs";

const smoke = process.env.POSTWRIGHT_BENCH_SMOKE === "1";
const launches = Number(process.env.POSTWRIGHT_BENCH_RUNS ?? 5) || 5;
const site = process.env.POSTWRIGHT_BENCH_SITE;
if (!site) throw new Error("set POSTWRIGHT_BENCH_SITE to the site folder the app opens");
const MARK_TIMEOUT = 120000;

// ---- the site's posts --------------------------------------------------------------------

function markdownFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownFiles(full));
    else if (entry.name.endsWith(".md") && entry.name !== "_index.md") out.push(full);
  }
  return out;
}

/** The median-sized and the largest news post (by file size), as the page list names them. */
function chosenPosts() {
  const content = path.join(site, "content");
  const news = path.join(content, "news");
  const files = markdownFiles(statSync(news, { throwIfNoEntry: false })?.isDirectory() ? news : content)
    .map((file) => ({ file, size: statSync(file).size }))
    .sort((a, b) => a.size - b.size);
  const describe = ({ file, size }, label) => ({
    label: `${label} (${Math.round(size / 1000)} kB)`,
    path: path.relative(content, file),
    slug: path.basename(file, ".md"),
  });
  return [describe(files[Math.floor((files.length - 1) / 2)], "median post"), describe(files[files.length - 1], "largest post")];
}

// ---- marks, processes, memory ------------------------------------------------------------

async function readMarks(browser) {
  const got = await browser.execute(() =>
    window.__postwrightPerf ? { origin: window.__postwrightPerf.timeOrigin, marks: window.__postwrightPerf.marks() } : null,
  );
  if (!got) throw new Error("no window.__postwrightPerf: the app was not started with POSTWRIGHT_BENCH=1, or predates ui/src/lib/perf.ts");
  return got;
}

/** Waits until `find(marks)` returns something, and returns it with the marks' time origin. */
async function waitFor(browser, what, find) {
  let found;
  let origin = 0;
  await browser.waitUntil(
    async () => {
      const got = await readMarks(browser);
      origin = got.origin;
      found = find(got.marks);
      return found !== undefined && found !== null;
    },
    { timeout: MARK_TIMEOUT, interval: 40, timeoutMsg: `no ${what} within ${MARK_TIMEOUT / 1000} s` },
  );
  return { found, origin };
}

const now = (browser) => browser.execute(() => performance.now());

/** When process `pid` started, in ms since the epoch (from /proc, to 10 ms). */
function startedAt(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const startTicks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  const clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return Date.now() - (uptime - startTicks / clockTicks) * 1000;
}

function children() {
  const byParent = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  return byParent;
}

/** RSS and PSS in MB summed over `pid` and its descendants (the WebKit web and network processes). */
function treeMemory(pid) {
  const byParent = children();
  const pids = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift();
    pids.push(p);
    queue.push(...(byParent.get(p) ?? []));
  }
  let rss = 0;
  let pss = 0;
  // PSS per kind of process: the app (the Rust core and the UI process), WebKit's web process
  // (the window's page: DOM, JavaScript, painting) and its network process.
  const byKind = { app: 0, web: 0, network: 0 };
  const kb = (text, field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);
  for (const p of pids) {
    try {
      rss += kb(readFileSync(`/proc/${p}/status`, "utf8"), "VmRSS");
      const own = kb(readFileSync(`/proc/${p}/smaps_rollup`, "utf8"), "Pss");
      pss += own;
      const name = readFileSync(`/proc/${p}/comm`, "utf8");
      const kind = name.startsWith("WebKitWeb") ? "web" : name.startsWith("WebKitNet") ? "network" : p === pid ? "app" : null;
      if (kind) byKind[kind] += own / 1024;
    } catch {
      // gone
    }
  }
  return { rss: rss / 1024, pss: pss / 1024, processes: pids.length, byKind };
}

function appPid(dataDir) {
  const pids = appPids(dataDir);
  if (pids.length !== 1) throw new Error(`expected one app process, found ${pids.length}`);
  return pids[0];
}

// ---- WebKitGTK's own floor -----------------------------------------------------------------

/** WebKitGTK's MiniBrowser, which ships with the library the window runs on (Debian: libwebkit2gtk-4.1-0). */
function miniBrowser() {
  for (const lib of ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"]) {
    const candidate = path.join(lib, "webkit2gtk-4.1", "MiniBrowser");
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * The memory of WebKitGTK's own MiniBrowser showing a blank page, measured as the app's is:
 * what a window on this WebKitGTK costs on this machine before it holds anything (its UI,
 * web and network processes, the GL stack they load). Read once its web process is up and
 * its PSS moved less than 1 MB over a second.
 */
async function webkitFloor(binary) {
  // Its settings and caches go to a temporary home, not the user's.
  const home = mkdtempSync(path.join(tmpdir(), "pw-minibrowser-"));
  const xdg = { XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, XDG_CACHE_HOME: home };
  const child = spawn(binary, ["about:blank"], { stdio: "ignore", env: { ...process.env, ...xdg } });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    let last = null;
    for (let waited = 0; waited < 30; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const memory = treeMemory(child.pid);
      if (memory.byKind.web > 0 && last && Math.abs(memory.pss - last.pss) < 1) return memory;
      last = memory;
    }
    throw new Error(`${binary} about:blank did not settle within 30 s`);
  } finally {
    child.kill("SIGTERM");
    await exited;
    rmSync(home, { recursive: true, force: true });
  }
}

// ---- actions -------------------------------------------------------------------------------

/** Opens `post` from the page list (filtered to it, then clicked); returns the "open" mark's time. */
async function openPost(browser, post) {
  const filter = await browser.$('[data-testid="page-filter"]');
  await filter.setValue(post.slug);
  const rowEl = await browser.$(`[data-testid="page-row"][data-path="${post.path}"]`);
  await rowEl.waitForExist({ timeout: MARK_TIMEOUT });
  const before = await now(browser);
  await rowEl.click();
  const { found } = await waitFor(browser, `the open of ${post.path}`, (marks) => marks.find((m) => m.name === "open" && m.t >= before));
  return found.t;
}

/** After an open at `openedAt`: the form and the preview of the page painted, in ms. */
async function openTimes(browser, openedAt) {
  const { found } = await waitFor(browser, "the form and preview painted", (marks) => {
    const form = marks.find((m) => m.name === "form-painted" && m.t >= openedAt);
    if (!form) return undefined;
    const preview = marks.find((m) => m.name === "preview-painted" && m.t >= openedAt && m.detail === form.detail);
    return preview ? { form: form.t - openedAt, preview: preview.t - openedAt } : undefined;
  });
  return found;
}

const LETTERS = "etaoinshrdlucmfwypvbgkjqxz";

/**
 * Types `delays.length` keys into the open page's body (at its end) through xdotool, the i-th
 * after a pause of delays[i] ms; returns each key's time from keydown to the preview painting
 * a body that holds it (a render of a text at least as long as the text after the key).
 */
async function typeAndTime(browser, delays) {
  // Focused through the DOM (a click may land on a line scrolled out of view).
  await browser.execute(() => document.querySelector('[data-testid="body-editor"] .cm-content')?.focus());
  execFileSync("xdotool", ["key", "--clearmodifiers", "ctrl+End"]);
  const start = await now(browser);
  const args = [];
  delays.forEach((delay, i) => {
    if (delay > 0) args.push("sleep", (delay / 1000).toFixed(3));
    args.push("key", i % 7 === 6 ? "space" : LETTERS[i % LETTERS.length]);
  });
  execFileSync("xdotool", args);
  const { found } = await waitFor(browser, "the preview of the last key", (marks) => {
    const keys = marks.filter((m) => m.name === "keystroke" && m.t > start);
    const paints = marks.filter((m) => m.name === "preview-painted" && m.t > start);
    const last = keys[keys.length - 1];
    if (keys.length < delays.length || !paints.some((p) => p.t >= last.t && p.detail >= last.detail + 1)) return undefined;
    return keys.map((k) => paints.find((p) => p.t >= k.t && p.detail >= k.detail + 1).t - k.t);
  });
  return found;
}

/** Frame intervals (ms) while the page list is scrolled by `notches` wheel clicks. */
async function scrollFrames(browser, pid, notches) {
  const list = await browser.$('[data-testid="page-list"]');
  const rect = await browser.execute((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + Math.min(r.height / 2, 200) };
  }, list);
  const windows = execFileSync("xdotool", ["search", "--onlyvisible", "--pid", String(pid)], { encoding: "utf8" }).trim().split("\n");
  const win = windows[windows.length - 1];
  await browser.execute(() => {
    window.__pwFrames = [];
    window.__pwFramesOn = true;
    const tick = (t) => {
      window.__pwFrames.push(t);
      if (window.__pwFramesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  execFileSync("xdotool", ["mousemove", "--window", win, String(Math.round(rect.x)), String(Math.round(rect.y))]);
  execFileSync("xdotool", ["click", "--repeat", String(notches), "--delay", "30", "5"]);
  const frames = await browser.execute(() => {
    window.__pwFramesOn = false;
    return window.__pwFrames;
  });
  return frames.slice(1).map((t, i) => t - frames[i]);
}

// ---- the run -------------------------------------------------------------------------------

const env = { POSTWRIGHT_BENCH: "1" };

// The floor under the memory rows, measured beside them in the same run.
const floor = [];
const mini = miniBrowser();
if (mini) {
  for (let i = 0; i < (smoke ? 1 : 3); i++) floor.push((await webkitFloor(mini)).pss);
  row("memory: WebKitGTK's own floor, its MiniBrowser on a blank page (PSS)", "MB", floor);
} else {
  console.log("note: no WebKitGTK MiniBrowser found (libwebkit2gtk-4.1-0 ships it): the memory rows have no floor beside them");
}
const posts = chosenPosts();
const rows = { launchRows: [], launchProblems: [], memory: { rss: [], pss: [], app: [], web: [], network: [] } };

// Launches: the page list's first rows and the site-wide problem count, from the process start.
for (let i = 0; i < launches; i++) {
  const { browser, dataDir, stop } = await launch({ args: [site], env });
  try {
    const pid = appPid(dataDir);
    const started = startedAt(pid);
    const first = await waitFor(browser, "the page list's rows", (marks) => marks.find((m) => m.name === "page-rows"));
    rows.launchRows.push(first.origin + first.found.t - started);
    const checked = await waitFor(browser, "the site's problem count", (marks) => marks.find((m) => m.name === "problems-ready"));
    rows.launchProblems.push(checked.origin + checked.found.t - started);
    const memory = treeMemory(pid);
    rows.memory.rss.push(memory.rss);
    rows.memory.pss.push(memory.pss);
    for (const kind of ["app", "web", "network"]) rows.memory[kind].push(memory.byKind[kind]);
    console.log(`launch ${i + 1}: rows ${rows.launchRows.at(-1).toFixed(0)} ms, problems ${rows.launchProblems.at(-1).toFixed(0)} ms, ${memory.processes} processes ${memory.pss.toFixed(0)} MB PSS`);
  } finally {
    await stop();
  }
}
row("launch -> page list rows visible", "ms", rows.launchRows, { target: { atMost: 1500 } });
row("launch -> site-wide problem count ready", "ms", rows.launchProblems, { target: { atMost: 2000 } });
row("memory: app + WebKit processes, site open (PSS; vs WebKitGTK's floor)", "MB", rows.memory.pss, { reference: floor, target: { atMost: 200 } });
row("memory: app + WebKit processes, site open (RSS sum)", "MB", rows.memory.rss);
row("memory: of which the app process (PSS)", "MB", rows.memory.app);
row("memory: of which the WebKit web process (PSS)", "MB", rows.memory.web);
row("memory: of which the WebKit network process (PSS)", "MB", rows.memory.network);

// One session for opening, typing and scrolling.
const { browser, dataDir, stop } = await launch({ args: [site], env });
try {
  const pid = appPid(dataDir);
  await waitFor(browser, "the site's problem count", (marks) => marks.find((m) => m.name === "problems-ready"));

  const opens = new Map(posts.map((p) => [p.path, { form: [], preview: [] }]));
  for (let i = 0; i < launches; i++) {
    for (const post of posts) {
      const t = await openTimes(browser, await openPost(browser, post));
      opens.get(post.path).form.push(t.form);
      opens.get(post.path).preview.push(t.preview);
    }
  }
  for (const post of posts) {
    row(`open the ${post.label}: form painted`, "ms", opens.get(post.path).form, { target: { atMost: 100 } });
    row(`open the ${post.label}: preview painted`, "ms", opens.get(post.path).preview, { target: { atMost: 150 } });
  }

  const isolated = smoke ? 3 : 20;
  const steady = smoke ? 6 : 60;
  // A seeded generator: the same pauses each run.
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (const post of posts) {
    await openTimes(browser, await openPost(browser, post));
    // Isolated keys: one every 700 ms, longer than a render should ever take.
    const alone = await typeAndTime(browser, Array.from({ length: isolated }, (_, i) => (i === 0 ? 0 : 700)));
    row(`keystroke -> preview painted, isolated keys, ${post.label} (p50)`, "ms", alone, { value: percentile(alone, 0.5) });
    row(`keystroke -> preview painted, isolated keys, ${post.label} (p95)`, "ms", alone, { value: percentile(alone, 0.95), target: { atMost: 50 } });
    // Typing steadily: a key every 64–180 ms.
    const typed = await typeAndTime(browser, Array.from({ length: steady }, (_, i) => (i === 0 ? 0 : 64 + Math.round(random() * 116))));
    row(`keystroke -> preview painted, steady typing, ${post.label} (p95)`, "ms", typed, { value: percentile(typed, 0.95), target: { atMost: 50 } });
    const third = Math.max(1, Math.floor(typed.length / 3));
    const growth = percentile(typed.slice(-third), 0.5) - percentile(typed.slice(0, third), 0.5);
    row(`steady typing, ${post.label}: growth (last third p50 - first third p50)`, "ms", typed, { value: growth, target: { atMost: 16 } });
  }
  const memory = treeMemory(pid);
  row("memory: app + WebKit processes, after editing the largest post (PSS; vs WebKitGTK's floor)", "MB", [memory.pss], { reference: floor, target: { atMost: 200 } });

  // A blank box filters nothing (WebDriver's clear fires no input event).
  await (await browser.$('[data-testid="page-filter"]')).setValue(" ");
  await browser.waitUntil(async () => (await browser.$$('[data-testid="page-row"]')).length > 1, {
    timeout: MARK_TIMEOUT,
    timeoutMsg: "the page list did not show all pages again",
  });
  const frames = await scrollFrames(browser, pid, smoke ? 5 : 60);
  row("scroll the page list: frame interval (p95)", "ms", frames, { value: percentile(frames, 0.95), target: { atMost: 17 } });
} finally {
  await stop();
}
