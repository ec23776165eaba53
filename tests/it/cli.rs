//! The `postwright` binary as scripts and CI use it.

use crate::support::{cli, TempSite};

#[test]
fn fm_get_prints_json_and_fm_set_edits_in_place() {
    let site = TempSite::new();
    let page = site.write(
        "content/news/a.md",
        "---\ntitle: A # keep me\ntopics: [cx]\n---\nBody\n",
    );
    let out = cli().args(["fm", "get"]).arg(&page).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json, serde_json::json!({"title": "A", "topics": ["cx"]}));

    let out = cli()
        .args(["fm", "set"])
        .arg(&page)
        .args(["topics", r#"["customer-experience"]"#])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        site.read("content/news/a.md"),
        "---\ntitle: A # keep me\ntopics: [customer-experience]\n---\nBody\n"
    );
}

#[test]
fn fm_get_on_duplicate_keys_fails_with_both_lines() {
    let site = TempSite::new();
    let page = site.write(
        "content/news/a.md",
        "---\ntitle: A\ntopics: [a]\ntopics: [b]\n---\n",
    );
    let out = cli().args(["fm", "get"]).arg(&page).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    // `file:line:col: code: message`, like a compiler.
    let expected = format!("{}:4:1: duplicate-key: ", page.display());
    assert!(err.starts_with(&expected), "{err}");
    assert!(err.contains("line 3"), "{err}");
}

#[test]
fn errors_print_their_stable_code_with_the_position_when_there_is_one() {
    let site = TempSite::new();
    let page = site.write("content/news/a.md", "---\ntitle: A\n---\nBody\n");
    std::fs::write(&page, b"---\ntitle: A\n---\nCaf\xe9\n").unwrap();
    // The first byte that is not UTF-8 is on line 4, column 4.
    let out = cli().args(["fm", "get"]).arg(&page).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let expected = format!("{}:4:4: not-utf8: not UTF-8 text (", page.display());
    assert!(err.starts_with(&expected), "{err}");

    // An error with no line: `error[code]: message`.
    let out = cli()
        .args(["index", "--site"])
        .arg(site.root().join("content"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error[not-a-site]: "), "{err}");
}

#[test]
fn render_prints_the_body_html() {
    let site = TempSite::new();
    let page = site.write(
        "content/news/a.md",
        "---\ntitle: A\n---\n\n## Hello\n\nSome *text*.\n",
    );
    let out = cli()
        .arg("render")
        .arg("--site")
        .arg(site.root())
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("<h2 id=\"hello\">Hello</h2>"), "{html}");
    assert!(html.contains("<p>Some <em>text</em>.</p>"), "{html}");
}

#[test]
fn render_refuses_a_file_outside_the_site() {
    let site = TempSite::new();
    let other = tempfile::tempdir().unwrap();
    let outside = other.path().join("x.md");
    std::fs::write(&outside, "# x\n").unwrap();
    let out = cli()
        .arg("render")
        .arg("--site")
        .arg(site.root())
        .arg(&outside)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not inside the site"));
}

#[test]
fn new_creates_a_post_at_the_collections_path_and_refuses_crafted_names() {
    let site = TempSite::new();
    site.write(
        "static/admin/config.yml",
        "collections:\n  - name: news\n    label: News\n    folder: content/news\n    path: \"{{year}}/{{month}}/{{slug}}\"\n    slug: \"{{year}}-{{month}}-{{day}}-{{slug}}\"\n    fields:\n      - {name: title, label: Title, widget: string}\n      - {name: summary, label: Summary, widget: text}\n      - {name: date, label: Date, widget: datetime, format: \"YYYY-MM-DD HH:mm:ss ZZ\"}\n      - {name: topics, label: Topics, widget: relation, collection: topics, multiple: true, required: false}\n",
    );
    let out = cli()
        .args(["new", "--site"])
        .arg(site.root())
        .arg("Hello, Customers!")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let re = regex::Regex::new(r"^content/news/\d{4}/\d{2}/\d{4}-\d{2}-\d{2}-hello-customers\.md$")
        .unwrap();
    assert!(re.is_match(&path), "{path}");
    let text = site.read(&path);
    let re = regex::Regex::new("^---\ntitle: Hello, Customers!\nsummary: \"\"\ndate: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\ntopics: \\[\\]\n---\n\n$").unwrap();
    assert!(re.is_match(&text), "{text:?}");

    let out = cli()
        .args(["new", "--site"])
        .arg(site.root())
        .args(["--section", "../outside", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!site.root().join("outside").exists());
}

#[test]
fn fm_set_adds_a_missing_key_in_schema_order_and_fm_unset_removes_only_its_lines() {
    let site = TempSite::new();
    site.write(
        "static/admin/config.yml",
        "collections:\n  - name: news\n    label: News\n    folder: content/news\n    fields:\n      - {name: title, label: Title, widget: string}\n      - {name: summary, label: Summary, widget: text}\n      - {name: date, label: Date, widget: datetime}\n",
    );
    let page = site.write(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2020-01-02\n# keep me\nslug: a\n---\nBody\n",
    );
    let out = cli()
        .args(["fm", "set"])
        .arg(&page)
        .args(["summary", "\"Yes: really\""])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(site.read("content/news/a.md"), "---\ntitle: A\nsummary: \"Yes: really\"\ndate: 2020-01-02\n# keep me\nslug: a\n---\nBody\n");
    let out = cli()
        .args(["fm", "unset"])
        .arg(&page)
        .arg("slug")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        site.read("content/news/a.md"),
        "---\ntitle: A\nsummary: \"Yes: really\"\ndate: 2020-01-02\n# keep me\n---\nBody\n"
    );
    let out = cli()
        .args(["fm", "unset"])
        .arg(&page)
        .arg("slug")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "unsetting a missing key is a no-op: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_closed_output_pipe_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let root = postwright::site::sample::extract_sample_site(&dir.path().join("site")).unwrap();
    let mut child = cli()
        .args(["index", "--site"])
        .arg(&root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the first line (`postwright index | head -0`): the command
    // must neither panic nor complain.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
