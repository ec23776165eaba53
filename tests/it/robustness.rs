//! Hostile files (huge, binary, non-UTF-8, deeply nested) are reported, not crashed
//! or hung on. Path escapes are `paths.rs`'s.

use postwright::check::check_site;
use postwright::render::render_page;
use postwright::site::Site;
use postwright::Workspace;

use crate::support::{cli, TempSite};

#[test]
fn huge_binary_and_non_utf8_files_are_reported_not_crashed_on() {
    let site = TempSite::new();
    // 10 MB of Markdown with front matter, shortcodes and entities all through it.
    let mut huge = String::from("---\ntitle: Huge\nsummary: s\n---\n");
    let paragraph =
        "Words &mdash; and {{< ref \"missing.md\" >}} and ![](x.png) {% include x %}\n\n";
    while huge.len() < 10_000_000 {
        huge.push_str(paragraph);
    }
    site.write("content/news/huge.md", &huge);
    std::fs::write(
        site.root().join("content/news/binary.md"),
        [0u8, 159, 146, 150, 0, 255, 254, 10, 0].repeat(1000),
    )
    .unwrap();
    std::fs::write(
        site.root().join("content/news/latin1.md"),
        b"---\ntitle: Caf\xe9\n---\nBody\n",
    )
    .unwrap();
    site.write("content/news/ok.md", "---\ntitle: Ok\nsummary: s\n---\n");

    let site_model = Site::open(site.root()).unwrap();
    let latin1 = site_model.index.page("news/latin1.md").unwrap();
    assert!(
        latin1
            .front_matter_error
            .as_deref()
            .is_some_and(|e| e.contains(":2:11: not UTF-8")),
        "{latin1:?}"
    );
    assert!(site_model
        .index
        .page("news/binary.md")
        .unwrap()
        .front_matter_error
        .is_some());
    let huge_entry = site_model.index.page("news/huge.md").unwrap();
    assert!(huge_entry.word_count() > 500_000);

    // The preview renders all 10 MB: every paragraph, every broken ref reported inline.
    let body = &huge[huge.find("\n---\n").unwrap() + 5..];
    let rendered = render_page(&site_model, "news/huge.md", body);
    let paragraphs = body.matches("Words").count();
    assert_eq!(rendered.html.matches("<p>Words").count(), paragraphs);
    assert!(
        rendered.html.len() > body.len() / 2,
        "{} bytes",
        rendered.html.len()
    );
    assert!(
        rendered.html.ends_with("</p>\n"),
        "{}",
        &rendered.html[rendered.html.len() - 200..]
    );
    let broken_refs = rendered
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("missing.md"))
        .count();
    assert_eq!(broken_refs, paragraphs);

    let found = check_site(&site_model);
    let unreadable: Vec<_> = found
        .iter()
        .filter(|d| d.code == "unreadable")
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(unreadable, ["news/binary.md", "news/latin1.md"]);
    assert!(found
        .iter()
        .any(|d| d.path == "news/huge.md" && d.code == "broken-ref"));

    let mut ws = Workspace::open(site.root()).unwrap();
    // A file that is not UTF-8 opens read-only with where it stops being text; saving over it
    // is refused (it would lose the bytes shown as U+FFFD) until the writer converts it.
    let latin1_doc = ws.open_document("news/latin1.md").unwrap();
    let problem = latin1_doc.encoding_problem.clone().unwrap();
    assert_eq!(
        (problem.line, problem.column),
        (2, 11),
        "{}",
        problem.message
    );
    assert_eq!(latin1_doc.front_matter["title"], "Caf\u{FFFD}");
    let edits = [postwright::front_matter::FieldEdit::Set {
        key: "summary".into(),
        value: "x".into(),
    }];
    let err = ws
        .save_document(
            "news/latin1.md",
            &latin1_doc.source,
            &latin1_doc.disk_hash,
            &edits,
            None,
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("latin1.md:2:11: not UTF-8"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(site.root().join("content/news/latin1.md")).unwrap(),
        b"---\ntitle: Caf\xe9\n---\nBody\n"
    );
    let converted = ws
        .convert_to_utf8("news/latin1.md", &latin1_doc.disk_hash)
        .unwrap();
    assert!(converted.encoding_problem.is_none());
    assert_eq!(
        site.read("content/news/latin1.md"),
        "---\ntitle: Café\n---\nBody\n"
    );
    assert!(ws
        .open_document("news/binary.md")
        .unwrap()
        .encoding_problem
        .is_some());
    assert_eq!(
        ws.open_document("news/huge.md").unwrap().source.len(),
        huge.len()
    );

    let out = cli()
        .args(["check", "--site"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "errors are findings, not a crash"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("latin1.md:2:11") || text.contains("unreadable"),
        "{}",
        &text[..text.len().min(2000)]
    );
}

#[test]
fn stray_windows_1252_bytes_convert_and_utf8_text_around_them_is_kept() {
    use postwright::document::repair_windows_1252;
    // A UTF-8 page with a pasted Word apostrophe (0x92) and dash (0x96), and one all in 1252.
    assert_eq!(
        repair_windows_1252(b"It\x92s \xe2\x80\x94 caf\xc3\xa9 \x96 ok"),
        "It’s — café – ok"
    );
    assert_eq!(
        repair_windows_1252(b"na\xefve r\xe9sum\xe9 \x80 5"),
        "naïve résumé € 5"
    );
    // A truncated UTF-8 sequence at the end is read byte by byte too.
    assert_eq!(repair_windows_1252(b"end \xe2\x80"), "end â\u{20AC}");
    assert_eq!(repair_windows_1252(b"plain"), "plain");
}
