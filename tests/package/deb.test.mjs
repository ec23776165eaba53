// The installable package: the .deb `make package` builds, extracted with `dpkg-deb -x` as
// dpkg would install it, has the right control fields, a desktop entry and icons, and its
// installed binary opens the window on the sample site and renders a page in the preview
// (under Xvfb, through tauri-driver). scripts/package-test.sh extracts the package and points
// POSTWRIGHT_APP at the extracted binary before this runs.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";

const deb = process.env.POSTWRIGHT_DEB;
const root = process.env.POSTWRIGHT_PACKAGE_ROOT;
if (!deb || !root) throw new Error("run through scripts/package-test.sh (sets POSTWRIGHT_DEB and POSTWRIGHT_PACKAGE_ROOT)");

const SEED = "news/2015/07/2015-07-31-new-kid-in-town-the-customer-experience-community.md";
const WAIT = { timeout: 20000, interval: 150 };

function field(name) {
  return execFileSync("dpkg-deb", ["-f", deb, name], { encoding: "utf8" }).trim();
}

/** `Key=Value` lines of the desktop entry's [Desktop Entry] group. */
function desktopEntry(text) {
  const entry = {};
  let group = "";
  for (const line of text.split("\n")) {
    const g = line.match(/^\[(.+)\]$/);
    if (g) group = g[1];
    const kv = line.match(/^([A-Za-z]+)=(.*)$/);
    if (group === "Desktop Entry" && kv) entry[kv[1]] = kv[2];
  }
  return entry;
}

test("control fields name the package, its architecture and the libraries it runs on", () => {
  assert.equal(field("Package"), "postwright");
  assert.equal(field("Version"), "0.1.0");
  assert.equal(field("Architecture"), execFileSync("dpkg", ["--print-architecture"], { encoding: "utf8" }).trim());
  // `a | b` is one dependency with alternatives (libssl3 on Debian 12, libssl3t64 after it).
  const depends = field("Depends").split(",").map((d) => d.split("|").map((alt) => alt.trim().split(" ")[0]));
  const named = depends.flat();
  for (const lib of ["libwebkit2gtk-4.1-0", "libgtk-3-0"]) {
    assert.ok(named.includes(lib), `Depends lacks ${lib}: ${named.join(", ")}`);
  }
  assert.match(field("Description"), /Hugo site/);
  // Every dependency is one this machine's apt can install (a typo makes the package
  // uninstallable); one of each group's alternatives is enough.
  const installable = (name) =>
    /Candidate: (?!\(none\))/.test(execFileSync("apt-cache", ["policy", name], { encoding: "utf8" }));
  for (const group of depends) {
    assert.ok(group.some(installable), `apt can install none of ${group.join(" | ")}`);
  }
  // What the binary links against (dpkg-shlibdeps reads its NEEDED libraries) is all brought
  // in by Depends, directly or through their own dependencies.
  const needed = shlibdeps(path.join(root, "usr/bin/postwright-desktop"));
  const closure = new Set(
    execFileSync(
      "apt-cache",
      ["depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", ...named.filter(installable)],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    )
      .split("\n")
      .map((line) => line.replace(/^\s*(\|?(Pre)?Depends: )?/, "").replace(/^<|>$/g, "").replace(/:any$/, "").trim())
      .filter(Boolean),
  );
  const missing = needed.filter((pkg) => !closure.has(pkg));
  assert.deepEqual(missing, [], `libraries the binary needs that Depends does not bring: ${missing.join(", ")}`);
});

/** The packages providing the shared libraries `binary` needs, by dpkg-shlibdeps. */
function shlibdeps(binary) {
  const dir = mkdtempSync(path.join(tmpdir(), "shlibdeps-"));
  mkdirSync(path.join(dir, "debian"));
  writeFileSync(path.join(dir, "debian/control"), "Source: x\n\nPackage: x\nArchitecture: any\n");
  const out = execFileSync("dpkg-shlibdeps", ["-O", binary], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  rmSync(dir, { recursive: true, force: true });
  const list = out.replace(/^shlibs:Depends=/, "").trim();
  return list.split(",").map((d) => d.trim().split(" ")[0]);
}

test("the package installs the binary, a desktop entry and icons", () => {
  const binary = path.join(root, "usr/bin/postwright-desktop");
  assert.ok(statSync(binary).mode & 0o111, "usr/bin/postwright-desktop is not executable");
  const entries = readdirSync(path.join(root, "usr/share/applications")).filter((f) => f.endsWith(".desktop"));
  assert.equal(entries.length, 1, `desktop entries: ${entries}`);
  const entry = desktopEntry(readFileSync(path.join(root, "usr/share/applications", entries[0]), "utf8"));
  assert.equal(entry.Type, "Application");
  assert.equal(entry.Name, "Postwright");
  assert.equal(entry.Exec.split(" ")[0], "postwright-desktop");
  assert.equal(entry.Terminal, "false");
  assert.ok(entry.Categories.split(";").includes("Office"), entry.Categories);
  // The icon the entry names exists in the hicolor theme at the sizes the bundle config lists.
  const icons = path.join(root, "usr/share/icons/hicolor");
  for (const size of ["32x32", "128x128", "256x256@2", "512x512"]) {
    const file = path.join(icons, size, "apps", `${entry.Icon}.png`);
    assert.ok(existsSync(file), `missing icon ${path.relative(root, file)}`);
  }
});

test("the installed binary opens the window on the sample site and renders a page", { timeout: 120000 }, async () => {
  // support.mjs reads POSTWRIGHT_APP when it loads: the script set it to the extracted binary.
  assert.equal(process.env.POSTWRIGHT_APP, path.join(root, "usr/bin/postwright-desktop"));
  const { launch, byTestId, frameHtml } = await import("../e2e/support.mjs");
  const { browser, stop } = await launch();
  try {
    assert.equal(await browser.getTitle(), "Postwright");
    const row = browser.$(`[data-testid="page-row"][data-path="${SEED}"]`);
    await row.waitForExist(WAIT);
    await row.click();
    const frame = byTestId(browser, "preview-frame");
    await frame.waitForExist(WAIT);
    // The frame's live document: the app patches each render into it (its srcdoc is a shell).
    await browser.waitUntil(async () => (await frameHtml(browser)).includes("Bring Customers to the Table</h2>"), {
      ...WAIT,
      timeoutMsg: "the preview never rendered the page's body",
    });
    assert.ok(await frame.isDisplayed(), "the preview frame is not shown");
    const { width, height } = await frame.getSize();
    assert.ok(width > 200 && height > 200, `the preview frame is ${width}x${height}`);
  } finally {
    await stop();
  }
});
