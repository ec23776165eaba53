// `make bench`: measures what users feel and prints one table; the same rows go to
// target/bench/<time>-<commit>.json. Engine rows come from the Rust benches (benches/site.rs,
// render.rs, git.rs, watch.rs) over the corpus (POSTWRIGHT_CORPUS); window rows from the
// release build of the desktop app under Xvfb (window.mjs). Each row is the median of at least
// five runs with min and max, beside a reference measured in the same run where one exists
// (Hugo, the git CLI). A row that misses its target says so; the bench never fails on that.
//
//   node scripts/bench/run.mjs           the full bench (what `make bench` runs)
//   node scripts/bench/run.mjs --smoke   every row once on the sample site with the debug app,
//                                        failing if a row is missing (`make test`)
//   node scripts/bench/run.mjs --readme  also puts the table into README.md ("Performance")
//   --only=engine, --only=window         one half of the rows
//   --no-build                           the release app as it is (already built from this tree)
//   --profile=fast                       the window rows of the `make run` build (Cargo.toml's
//                                        `fast` profile) instead of the release one

import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const smoke = process.argv.includes("--smoke");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length) ?? null;
const target = process.env.CARGO_TARGET_DIR ?? path.join(root, "target");
const profile = process.argv.find((a) => a.startsWith("--profile="))?.slice("--profile=".length) ?? "release";
const outDir = path.join(root, "target", "bench");
mkdirSync(outDir, { recursive: true });

const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal})`);
};
const output = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
};

// The corpus, or the sample site (the smoke run, or no corpus here).
let corpus = smoke ? null : process.env.POSTWRIGHT_CORPUS || null;
if (!smoke && !corpus) console.log("note: POSTWRIGHT_CORPUS is not set; measuring the sample site (content/) instead of the corpus");
const siteDir = corpus ?? path.join(root, "content");
const hugo = process.env.HUGO || output(path.join(root, "scripts/hugo.sh"), []);
const rowsFile = path.join(outDir, `rows-${process.pid}.jsonl`);
rmSync(rowsFile, { force: true });
const env = {
  ...process.env,
  POSTWRIGHT_CORPUS: siteDir,
  POSTWRIGHT_BENCH_ROWS: rowsFile,
  POSTWRIGHT_BENCH_RUNS: smoke ? "1" : process.env.POSTWRIGHT_BENCH_RUNS ?? "5",
  POSTWRIGHT_BENCH_SMOKE: smoke ? "1" : "0",
  ...(hugo ? { HUGO: hugo } : {}),
};

const loadBefore = loadavg();
const benches = ["site", "render", "git", "watch"].flatMap((b) => ["--bench", b]);
// The smoke run builds them as tests (the dev profile `cargo test` already compiled).
if (only !== "window") run("cargo", [smoke ? "test" : "bench", "--locked", ...benches], { env });

if (only !== "engine") {
  // The window: the release build (the debug one for the smoke run, which `make app` built).
  let app;
  if (smoke) {
    app = path.join(target, "debug", "postwright-desktop");
    if (!existsSync(app)) run("cargo", ["build", "--locked", "-p", "postwright-desktop", "--features", "tauri/custom-protocol"], { env });
  } else if (process.argv.includes("--no-build")) {
    app = path.join(target, profile, "postwright-desktop");
  } else {
    run("npm", ["run", "build", "-w", "ui"], { env });
    run("cargo", ["build", "--profile", profile, "--locked", "-p", "postwright-desktop", "--features", "tauri/custom-protocol"], { env });
    app = path.join(target, profile, "postwright-desktop");
  }
  const scratch = mkdtempSync(path.join(tmpdir(), "pw-bench-"));
  try {
    const site = path.join(scratch, "site");
    cpSync(siteDir, site, { recursive: true });
    // A Git repository, as a site people open is (the app reads its status on start).
    const git = (...args) => run("git", ["-C", site, "-c", "user.name=Bench", "-c", "user.email=bench@example.gov", ...args], { stdio: "ignore" });
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-qm", "The site");
    const data = path.join(scratch, "data");
    mkdirSync(data);
    const tools = process.env.POSTWRIGHT_TOOLS ?? path.join(process.env.HOME ?? "", ".cache/postwright/tools");
    const windowEnv = {
      ...env,
      PATH: `${path.join(tools, "bin")}:${process.env.PATH}`,
      POSTWRIGHT_APP: app,
      POSTWRIGHT_BENCH_SITE: site,
      POSTWRIGHT_DATA_DIR: data,
    };
    delete windowEnv.DISPLAY;
    run("xvfb-run", ["-a", "-s", "-screen 0 1400x900x24", "node", path.join(root, "scripts/bench/window.mjs")], { env: windowEnv });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// The table and the JSON.
const rows = readFileSync(rowsFile, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l));
rmSync(rowsFile, { force: true });
const commit = output("git", ["rev-parse", "--short=12", "HEAD"]) ?? "unknown";
const dirty = (output("git", ["status", "--porcelain", "--untracked-files=no"]) ?? "") !== "";
const report = {
  commit: dirty ? `${commit}-dirty` : commit,
  cores: cpus().length,
  hugo: hugo ? output(hugo, ["version"]) : null,
  git: output("git", ["--version"]),
  smoke,
  machine: {
    cpu: cpus()[0]?.model ?? null,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    // The machine may be shared: its load when the bench started and ended.
    load_before: loadBefore.map((l) => Number(l.toFixed(2))),
    load_after: loadavg().map((l) => Number(l.toFixed(2))),
  },
  site: corpus ? path.basename(corpus) : "sample site (content/)",
  app_profile: only === "engine" ? null : smoke ? "dev" : profile,
  rows,
};
const fmt = (v) => (v === null || v === undefined ? "" : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
const table = [
  ["row", "value", "min–max", "reference", "ratio", "target", "meets"],
  ...rows.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    `${fmt(r.min)}–${fmt(r.max)}`,
    r.reference === null ? "" : `${fmt(r.reference)} ${r.unit}`,
    r.ratio === null ? "" : `${r.ratio.toFixed(3)}×`,
    r.target === null ? "" : r.target_on === "ratio" ? `≤ ${r.target}×` : `≤ ${r.target} ${r.unit}`,
    r.meets === null ? "" : r.meets ? "yes" : "NO",
  ]),
];
const md = [
  `| ${table[0].join(" | ")} |`,
  `|${table[0].map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
  ...table.slice(1).map((cells) => `| ${cells.join(" | ")} |`),
].join("\n");
console.log(
  `\nmake bench${smoke ? " --smoke" : ""}: ${report.site}, commit ${report.commit}, ${report.cores} cores (${report.machine.cpu}), ${report.machine.memory_gb} GB, load ${report.machine.load_before[0]} before / ${report.machine.load_after[0]} after; hugo ${report.hugo?.match(/v[\d.]+/)?.[0] ?? "missing"}; ${report.git}\n`,
);
console.log(md);
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "Z");
const file = path.join(outDir, smoke ? "smoke" : "", `${stamp}-${commit}.json`);
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nwritten: ${path.relative(root, file)}`);

if (process.argv.includes("--readme") && !smoke) {
  const readme = path.join(root, "README.md");
  const text = readFileSync(readme, "utf8");
  const start = "<!-- bench-table -->";
  const end = "<!-- /bench-table -->";
  const at = text.indexOf(start);
  const until = text.indexOf(end);
  if (at < 0 || until < at) throw new Error(`README.md has no ${start} … ${end} block`);
  const machine = `Measured ${new Date().toISOString().slice(0, 10)} at commit \`${report.commit}\` on ${report.site}: ${report.cores} cores (${report.machine.cpu}), ${report.machine.memory_gb} GB, Debian 12, Xvfb; ${report.git}, Hugo ${report.hugo?.match(/v[\d.]+/)?.[0] ?? "missing"}. Load average ${report.machine.load_before[0]} when it started and ${report.machine.load_after[0]} when it ended.${report.app_profile && report.app_profile !== "release" ? ` Window rows from the \`${report.app_profile}\` build (\`make run\`'s), not the release one.` : ""}`;
  writeFileSync(readme, `${text.slice(0, at + start.length)}\n${machine}\n\n${md}\n${text.slice(until)}`);
  console.log("README.md: Performance table updated");
}

// The smoke run checks the harness: every row there, each well formed.
if (smoke) {
  const expected = [
    /^index .*postwright index process/,
    /^index .*peak RSS/,
    /^check \d+ pages/,
    /^render .*real shortcodes/,
    /^git status, clean tree/,
    /^git status, 5 edits/,
    /^git commit one page/,
    /^outside edit -> watcher event/,
    /^burst of \d+ new files/,
    /^launch -> page list rows visible/,
    /^launch -> site-wide problem count ready/,
    /^memory: .*site open \(PSS/,
    /^memory: WebKitGTK's own floor/,
    /^open the median post .*form painted/,
    /^open the largest post .*preview painted/,
    /^keystroke -> preview painted, isolated keys, median post .*\(p95\)/,
    /^keystroke -> preview painted, steady typing, largest post .*\(p95\)/,
    /^steady typing, largest post .*growth/,
    /^scroll the page list: frame interval/,
  ];
  const missing = expected.filter((re) => !rows.some((r) => re.test(r.name)));
  const malformed = rows.filter(
    (r) => typeof r.name !== "string" || typeof r.unit !== "string" || !(typeof r.value === "number" || r.value === null) || !("meets" in r),
  );
  const withoutReference = rows.filter((r) => /vs (hugo|git)/.test(r.name) && hugo && r.reference === null);
  if (missing.length || malformed.length || withoutReference.length) {
    console.error(
      `bench smoke: missing rows ${missing.map(String).join(", ") || "none"}; malformed ${malformed.map((r) => r.name).join(", ") || "none"}; without reference ${withoutReference.map((r) => r.name).join(", ") || "none"}`,
    );
    process.exit(1);
  }
  console.log(`bench smoke: all ${expected.length} kinds of row present, ${rows.length} rows`);
}
