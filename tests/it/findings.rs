//! Findings an editor and a CI can act on: severity by effect on the published
//! site, findings on unpublished pages folded, baselines, `--changed-since`, SARIF, and one
//! reviewed "Fix all" per rule. Real files, real Git, the real CLI.

use std::collections::BTreeMap;

use postwright::check::Severity;
use postwright::workspace::ReviewedFile;
use postwright::Workspace;

use crate::support::{cli, git, TempSite};

const AUTHOR: [&str; 4] = ["-c", "user.name=Seed", "-c", "user.email=seed@example.gov"];

fn commit_all(site: &TempSite, message: &str) {
    git(site.root(), &[&AUTHOR[..], &["add", "-A"][..]].concat());
    git(
        site.root(),
        &[&AUTHOR[..], &["commit", "-qm", message][..]].concat(),
    );
}

fn repo(site: &TempSite) {
    git(site.root(), &["init", "-q", "-b", "main"]);
    commit_all(site, "seed");
}

fn codes(findings: &[postwright::check::Diagnostic]) -> Vec<(String, &'static str, Severity)> {
    let mut out: Vec<_> = findings
        .iter()
        .map(|d| (d.path.clone(), d.code, d.severity))
        .collect();
    out.sort();
    out
}

#[test]
fn severity_follows_the_effect_on_the_published_site_and_unpublished_pages_fold() {
    let site = TempSite::new();
    site.write(
        "content/news/a.md",
        "---\ntitle: What&#8217;s new\nsummary: New.\nkeywords: caf&eacute;\n---\nIt&rsquo;s here: {{< ref \"gone.md\" >}}\n",
    );
    site.write(
        "content/news/draft.md",
        "---\ntitle: Draft\ndraft: true\n---\n{{< ref \"gone.md\" >}}\n",
    );
    site.write(
        "content/news/expired.md",
        "---\ntitle: Old\nexpiryDate: 2001-01-01\n---\n{{< ref \"gone.md\" >}}\n",
    );
    site.write(
        "content/news/future.md",
        "---\ntitle: Later\ndate: 2999-01-01\n---\n{{< ref \"gone.md\" >}}\n",
    );
    site.write(
        "content/news/hidden.md",
        "---\ntitle: Hidden\nbuild:\n  render: never\n---\n{{< ref \"gone.md\" >}}\n",
    );
    let mut ws = Workspace::open(site.root()).unwrap();
    let check = ws.check_site();
    assert_eq!(
        codes(&check.findings),
        [
            ("news/a.md".to_string(), "broken-ref", Severity::Error),
            ("news/a.md".to_string(), "html-entity", Severity::Warning),
            ("news/a.md".to_string(), "html-entity", Severity::Info),
            ("news/a.md".to_string(), "html-entity", Severity::Info),
        ]
    );
    let title = check
        .findings
        .iter()
        .find(|d| d.field.as_deref() == Some("title"))
        .unwrap();
    assert_eq!(title.severity, Severity::Warning, "a printed field");
    let folded: BTreeMap<String, String> = check
        .unpublished_pages
        .iter()
        .map(|p| (p.path.clone(), p.reason.to_string()))
        .collect();
    assert_eq!(
        folded,
        BTreeMap::from([
            ("news/draft.md".into(), "draft".into()),
            ("news/expired.md".into(), "expired".into()),
            ("news/future.md".into(), "future".into()),
            ("news/hidden.md".into(), "never rendered".into()),
        ])
    );
    let folded_refs: Vec<&str> = check
        .unpublished
        .iter()
        .filter(|d| d.code == "broken-ref")
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        folded_refs,
        [
            "news/draft.md",
            "news/expired.md",
            "news/future.md",
            "news/hidden.md"
        ]
    );
    // The app's window gets the folded findings counted by page, rule and severity, and their
    // list (the last check's) only when it asks.
    let mut counted: Vec<(String, &str, Severity, u32)> = check
        .unpublished_counts
        .iter()
        .map(|c| (c.path.clone(), c.code, c.severity, c.count))
        .collect();
    counted.sort();
    let mut expected: BTreeMap<(String, &str, Severity), u32> = BTreeMap::new();
    for d in &check.unpublished {
        *expected
            .entry((d.path.clone(), d.code, d.severity))
            .or_default() += 1;
    }
    let expected: Vec<_> = expected
        .into_iter()
        .map(|((p, c, s), n)| (p, c, s, n))
        .collect();
    assert_eq!(counted, expected);
    assert_eq!(
        counted.iter().map(|c| c.3).sum::<u32>() as usize,
        check.unpublished.len()
    );
    assert_eq!(ws.unpublished_findings(), check.unpublished);
    let summary = check.clone().into_summary();
    assert_eq!(summary.findings, check.findings);
    assert_eq!(summary.unpublished_counts, check.unpublished_counts);
    let json = serde_json::to_string(&summary).unwrap();
    assert!(
        !json.contains("\"unpublished\""),
        "the summary carries no folded list: {json}"
    );

    // The site's own settings decide: buildDrafts publishes the draft, and a site that logs ref
    // errors as warnings (digital.gov) does not fail the build on them.
    site.write(
        "hugo.yaml",
        "title: Test\nbuildDrafts: true\nrefLinksErrorLevel: WARNING\n",
    );
    let mut ws = Workspace::open(site.root()).unwrap();
    let check = ws.check_site();
    let refs: Vec<_> = codes(&check.findings)
        .into_iter()
        .filter(|(_, code, _)| *code == "broken-ref")
        .collect();
    assert_eq!(
        refs,
        [
            ("news/a.md".to_string(), "broken-ref", Severity::Warning),
            ("news/draft.md".to_string(), "broken-ref", Severity::Warning),
        ]
    );

    // The CLI counts the folded findings and lists them only when asked.
    let out = cli()
        .args(["check", "--site"])
        .arg(site.root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(!stdout.contains("expired.md"), "{stdout}");
    assert!(
        stderr.contains("on 3 unpublished page(s) folded"),
        "{stderr}"
    );
    let out = cli()
        .args(["check", "--include-unpublished", "--site"])
        .arg(site.root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("news/expired.md:5:1: warning broken-ref")
            && stdout.contains("[not published: expired]"),
        "{stdout}"
    );
}

const LINKED: &str =
    "---\ntitle: Linked\n---\nSee {{< ref \"target.md\" >}} and {{< ref \"gone.md\" >}}.\n";

#[test]
fn a_baseline_passes_today_and_fails_only_on_the_one_new_broken_ref() {
    let site = TempSite::new();
    site.write("content/news/target.md", "---\ntitle: Target\n---\nHi\n");
    site.write("content/news/linked.md", LINKED);
    site.write(
        "content/news/other.md",
        "---\ntitle: Other\n---\nOld {{< ref \"missing.md\" >}}\n",
    );
    repo(&site);
    let baseline = site.root().join("postwright-baseline.json");
    let check = |extra: &[&str]| {
        let out = cli()
            .args(["check", "--baseline"])
            .arg(&baseline)
            .args(extra)
            .arg("--site")
            .arg(site.root())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // Without a baseline the old errors fail the run.
    let out = cli()
        .args(["check", "--site"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));

    let (code, stdout, stderr) = check(&[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.is_empty() && stderr.contains("known finding(s)"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&baseline).unwrap();
    assert_eq!(
        written.matches("\"rule\": \"broken-ref\"").count(),
        2,
        "{written}"
    );

    let (code, stdout, stderr) = check(&[]);
    assert_eq!((code, stdout.as_str()), (Some(0), ""), "{stderr}");

    // Lines added above the old findings move them; they stay known. One new broken ref fails.
    site.write(
        "content/news/linked.md",
        &LINKED.replace(
            "---\nSee",
            "---\nA new first paragraph.\n\nNow {{< ref \"targte.md\" >}} too.\n\nSee",
        ),
    );
    let (code, stdout, stderr) = check(&[]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].ends_with("content/news/linked.md:6:5: error broken-ref: ref \"targte.md\": page not found (Hugo's REF_NOT_FOUND)"),
        "{stdout}"
    );
    assert!(stderr.contains("1 new finding(s)"), "{stderr}");

    // --write-baseline accepts the new state.
    let (code, _, stderr) = check(&["--write-baseline"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stdout, _) = check(&[]);
    assert_eq!((code, stdout.as_str()), (Some(0), ""));

    // A damaged baseline is a clear error with its position, not a pass.
    std::fs::write(&baseline, "{\n  \"version\": 1,\n  nope\n").unwrap();
    let (code, _, stderr) = check(&[]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("postwright-baseline.json:3:"), "{stderr}");
}

#[test]
fn changed_since_checks_the_changed_page_and_its_referrers_only() {
    let site = TempSite::new();
    site.write("content/news/target.md", "---\ntitle: Target\n---\nHi\n");
    site.write("content/news/linked.md", LINKED);
    site.write(
        "content/news/unrelated.md",
        "---\ntitle: Unrelated\n---\n{{< ref \"missing.md\" >}}\n",
    );
    site.write("content/news/quiet.md", "---\ntitle: Quiet\n---\nHi\n");
    repo(&site);
    git(site.root(), &["checkout", "-q", "-b", "topic"]);

    // An uncommitted edit of one page: it and the page whose ref leads to it.
    site.write(
        "content/news/target.md",
        "---\ntitle: Target, edited\n---\nHi\n",
    );
    let ws = Workspace::open(site.root()).unwrap();
    let changed = ws.check_changed_since("main").unwrap();
    assert_eq!(changed.changed, ["news/target.md"]);
    assert_eq!(changed.checked, ["news/linked.md", "news/target.md"]);
    let refs: Vec<_> = changed
        .check
        .findings
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| (d.path.as_str(), d.code))
        .collect();
    assert_eq!(refs, [("news/linked.md", "broken-ref")]);

    // Committed on the branch, plus a new untracked page: all counted, nothing else.
    commit_all(&site, "edit target");
    site.write("content/news/new.md", "---\ntitle: New\n---\nHi\n");
    let ws = Workspace::open(site.root()).unwrap();
    let changed = ws.check_changed_since("main").unwrap();
    assert_eq!(
        changed.checked,
        ["news/linked.md", "news/new.md", "news/target.md"]
    );

    // A removed page: the pages whose refs led to it are checked, and now fail.
    std::fs::remove_file(site.root().join("content/news/target.md")).unwrap();
    let ws = Workspace::open(site.root()).unwrap();
    let changed = ws.check_changed_since("main").unwrap();
    assert_eq!(changed.checked, ["news/linked.md", "news/new.md"]);
    assert_eq!(
        changed
            .check
            .findings
            .iter()
            .filter(|d| d.code == "broken-ref")
            .count(),
        2
    );

    // The CLI: the same pages; an unknown ref is a clear error.
    let out = cli()
        .args([
            "check",
            "--changed-since",
            "main",
            "--format",
            "json",
            "--site",
        ])
        .arg(site.root())
        .output()
        .unwrap();
    let json: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json.iter()
            .all(|d| d["path"] == "news/linked.md" || d["path"] == "news/new.md"),
        "{json:?}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("checked 2 page(s)"));
    let out = cli()
        .args(["check", "--changed-since", "no-such-branch", "--site"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no-such-branch"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sarif_output_names_rule_level_message_and_place() {
    let site = TempSite::new();
    site.write(
        "content/news/a.md",
        "---\ntitle: A\nsummary: About A.\n---\nIt&rsquo;s {{< ref \"gone.md\" >}}\n",
    );
    let out = cli()
        .args(["check", "--format", "sarif", "--site"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "postwright");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["message"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "content/news/a.md");
        assert_eq!(location["region"]["startLine"], 5);
    }
    let levels: Vec<(&str, &str, u64)> = results
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                r["locations"][0]["physicalLocation"]["region"]["startColumn"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(
        levels,
        [("html-entity", "note", 3), ("broken-ref", "error", 12)]
    );
}

const TOPIC_PAGE: &str = "---\ntitle: Customer experience\naliases:\n  - /topics/cx/\n---\n";

#[test]
fn fix_all_shows_every_file_then_writes_them_behind_the_guard_as_one_commit() {
    let site = TempSite::new();
    site.write("content/topics/customer-experience/_index.md", TOPIC_PAGE);
    site.write(
        "content/news/one.md",
        "---\ntitle: One # keep\ntopics:\n  - cx\n---\nBody\n",
    );
    site.write(
        "content/news/two.md",
        "---\ntitle: Two\ntopics: [cx, customer-experience]\n---\nBody\n",
    );
    site.write("content/news/three.md", "---\ntitle: Three\n---\nFine\n");
    repo(&site);
    let mut ws = Workspace::open(site.root()).unwrap();
    ws.set_identity(postwright::git::Identity {
        name: "Ada Editor".into(),
        email: "ada@example.gov".into(),
    });
    let codes = vec!["retired-topic".to_string()];
    let preview = ws.fix_all_preview(&codes, false).unwrap();
    let files: Vec<(&str, Vec<(usize, String)>)> = preview
        .files
        .iter()
        .map(|f| {
            (
                f.path.as_str(),
                f.changes.iter().map(|c| (c.line, c.text.clone())).collect(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            (
                "news/one.md",
                vec![
                    (4, "  - cx".to_string()),
                    (4, "  - customer-experience".to_string())
                ]
            ),
            (
                "news/two.md",
                vec![
                    (3, "topics: [cx, customer-experience]".to_string()),
                    (3, "topics: [customer-experience]".to_string())
                ]
            ),
        ]
    );
    let reviewed: Vec<ReviewedFile> = preview
        .files
        .iter()
        .map(|f| ReviewedFile {
            path: f.path.clone(),
            disk_hash: f.disk_hash.clone(),
        })
        .collect();

    // A file edited after the review: nothing is written at all.
    let two = site.read("content/news/two.md");
    site.write("content/news/two.md", &two.replace("Body", "Body, edited"));
    let error = ws
        .apply_fix_all(&reviewed, &codes, Some("Fix topics"))
        .unwrap_err();
    assert!(error.to_string().contains("two.md"), "{error}");
    assert!(site.read("content/news/one.md").contains("  - cx\n"));

    let preview = ws.fix_all_preview(&codes, false).unwrap();
    let reviewed: Vec<ReviewedFile> = preview
        .files
        .iter()
        .map(|f| ReviewedFile {
            path: f.path.clone(),
            disk_hash: f.disk_hash.clone(),
        })
        .collect();
    let outcome = ws
        .apply_fix_all(&reviewed, &codes, Some("Retired topics → canonical topics"))
        .unwrap();
    assert_eq!(outcome.fixed, ["news/one.md", "news/two.md"]);
    assert!(outcome.commit.is_some());
    assert_eq!(
        site.read("content/news/one.md"),
        "---\ntitle: One # keep\ntopics:\n  - customer-experience\n---\nBody\n"
    );
    let files = git(
        site.root(),
        &["show", "--name-only", "--format=%s|%an", "HEAD"],
    );
    assert_eq!(
        files.trim(),
        "Retired topics → canonical topics|Ada Editor\n\ncontent/news/one.md\ncontent/news/two.md"
    );
    assert!(ws
        .check_site()
        .findings
        .iter()
        .all(|d| d.code != "retired-topic"));
}

/// The corpus before and after: each rule's findings on published pages by severity, and
/// those folded away on pages Hugo does not publish.
#[test]
fn corpus_rule_table_counts_only_what_changes_the_published_site() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS") else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    let mut ws = Workspace::open(std::path::Path::new(&corpus)).unwrap();
    let check = ws.check_site();
    let mut table: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for d in &check.findings {
        let row = table.entry(d.code).or_default();
        row[d.severity as usize] += 1;
    }
    for d in &check.unpublished {
        table.entry(d.code).or_default()[3] += 1;
    }
    println!(
        "{:<24} {:>7} {:>8} {:>7} {:>9}",
        "rule", "errors", "warnings", "infos", "folded"
    );
    let mut totals = [0usize; 4];
    for (code, row) in &table {
        println!(
            "{code:<24} {:>7} {:>8} {:>7} {:>9}",
            row[0], row[1], row[2], row[3]
        );
        for (t, n) in totals.iter_mut().zip(row) {
            *t += n;
        }
    }
    println!(
        "{:<24} {:>7} {:>8} {:>7} {:>9}",
        "total", totals[0], totals[1], totals[2], totals[3]
    );
    println!(
        "{} unpublished pages with findings folded",
        check.unpublished_pages.len()
    );
    // Body entities are style; the ones readers see are in printed fields.
    assert!(check
        .findings
        .iter()
        .filter(|d| d.code == "html-entity" && d.severity == Severity::Warning)
        .all(|d| d.field.is_some()));
    // Decap's bookkeeping and style are not warnings; refs follow digital.gov's
    // `refLinksErrorLevel: WARNING`, so the published site has no errors from them.
    for code in ["required-field", "pattern-mismatch", "summary-too-long"] {
        assert!(table.get(code).is_none_or(|r| r[0] + r[1] == 0), "{code}");
    }
    assert!(check
        .findings
        .iter()
        .filter(|d| d.code == "broken-ref")
        .all(|d| d.severity == Severity::Warning));
    assert!(check.unpublished.iter().any(|d| d.code == "broken-ref"));
    assert!(totals[0] + totals[1] < 5_000, "{totals:?}");
}
