//! Front matter round trips: edits change only the lines of the keys edited, values read back
//! exactly, errors point at the right line, over hand-written cases, property tests and the
//! whole digital.gov corpus (when `POSTWRIGHT_CORPUS` is set).

use std::path::{Path, PathBuf};

use postwright::front_matter::{
    apply_edits, apply_edits_with_order, body_start, replace_body, ErrorKind, FieldEdit, Format,
    FrontMatter, Value,
};
use proptest::prelude::*;
use serde_json::json;

fn set(key: &str, value: serde_json::Value) -> FieldEdit {
    FieldEdit::Set {
        key: key.to_string(),
        value,
    }
}

fn unset(key: &str) -> FieldEdit {
    FieldEdit::Unset {
        key: key.to_string(),
    }
}

fn edit(source: &str, edits: &[FieldEdit]) -> String {
    apply_edits(source, edits).unwrap()
}

fn string(s: &str) -> Value {
    Value::String(s.to_string())
}

/// The lines a line diff shows as removed and added (common first and last lines taken off,
/// then a longest common subsequence of the rest).
fn changed_lines<'a>(before: &'a str, after: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut removed, mut added) = (0, 0, Vec::new(), Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j == b.len() || (i < a.len() && table[i + 1][j] >= table[i][j + 1]) {
            removed.push(a[i]);
            i += 1;
        } else {
            added.push(b[j]);
            j += 1;
        }
    }
    (removed, added)
}

const DIGITALGOV_STYLE: &str = "---\n\
# View this page at https://digital.gov/event/x\n\
slug: an-inside-look\n\
title: \"An Inside Look: How the FBI Develops Video\"\n\
deck: ''\n\
summary: 'Do you want to learn how to create a video strategy?'\n\
captions: \n\
\n\
# start date\n\
date: 2018-07-12 15:00:00 -0500\n\
\n\
# see all topics at https://digital.gov/topics\n\
topics: \n\
- multimedia\n\
# see all authors at https://digital.gov/authors\n\
authors: [rflagg]\n\
weight: 2 # shows as related\n\
\n\
# Make it better ♥\n\
\n\
---\n\
\n\
Body text.\n";

#[test]
fn untouched_keys_keep_their_bytes_and_comments() {
    let after = edit(DIGITALGOV_STYLE, &[set("title", json!("A new title"))]);
    let (removed, added) = changed_lines(DIGITALGOV_STYLE, &after);
    assert_eq!(
        removed,
        vec!["title: \"An Inside Look: How the FBI Develops Video\"\n"]
    );
    // The key was double-quoted: it stays double-quoted.
    assert_eq!(added, vec!["title: \"A new title\"\n"]);
}

#[test]
fn quoting_follows_the_key_and_yaml_needs() {
    let after = edit(
        DIGITALGOV_STYLE,
        &[set("summary", json!("It's new: really"))],
    );
    assert!(after.contains("summary: 'It''s new: really'\n"), "{after}");
    let after = edit(DIGITALGOV_STYLE, &[set("slug", json!("yes"))]);
    assert!(after.contains("slug: \"yes\"\n"), "{after}");
    let after = edit(DIGITALGOV_STYLE, &[set("slug", json!("plain-slug"))]);
    assert!(after.contains("slug: plain-slug\n"), "{after}");
    // A plain date replaced by a date stays plain.
    let after = edit(
        DIGITALGOV_STYLE,
        &[set("date", json!("2019-01-02 09:00:00 -0500"))],
    );
    assert!(
        after.contains("date: 2019-01-02 09:00:00 -0500\n"),
        "{after}"
    );
    // A trailing comment on the value's line stays.
    let after = edit(DIGITALGOV_STYLE, &[set("weight", json!(1))]);
    assert!(after.contains("weight: 1 # shows as related\n"), "{after}");
    // An empty value gets one.
    let after = edit(DIGITALGOV_STYLE, &[set("captions", json!("on"))]);
    assert!(after.contains("captions: \"on\"\n"), "{after}");
}

#[test]
fn setting_the_same_value_is_byte_identical() {
    let fm = FrontMatter::parse(DIGITALGOV_STYLE).unwrap();
    let edits: Vec<FieldEdit> = fm
        .fields()
        .iter()
        .map(|(k, v)| set(k, v.to_json()))
        .collect();
    assert_eq!(edit(DIGITALGOV_STYLE, &edits), DIGITALGOV_STYLE);
    assert_eq!(edit(DIGITALGOV_STYLE, &[]), DIGITALGOV_STYLE);
}

#[test]
fn flow_list_stays_flow_and_block_list_stays_block() {
    let after = edit(
        DIGITALGOV_STYLE,
        &[set("authors", json!(["rflagg", "jdoe"]))],
    );
    let (removed, added) = changed_lines(DIGITALGOV_STYLE, &after);
    assert_eq!(
        (removed, added),
        (
            vec!["authors: [rflagg]\n"],
            vec!["authors: [rflagg, jdoe]\n"]
        )
    );

    let after = edit(
        DIGITALGOV_STYLE,
        &[set("topics", json!(["multimedia", "video"]))],
    );
    let (removed, added) = changed_lines(DIGITALGOV_STYLE, &after);
    assert_eq!((removed, added), (vec![], vec!["- video\n"]));
}

#[test]
fn deduplicating_a_list_only_removes_lines() {
    let source =
        "---\ntopics:\n  - a\n  # keep me\n  - \"b\"\n  - a\n  - c\n  - b\ntitle: x\n---\n";
    let after = edit(source, &[set("topics", json!(["a", "b", "c"]))]);
    assert_eq!(
        after,
        "---\ntopics:\n  - a\n  # keep me\n  - \"b\"\n  - c\ntitle: x\n---\n"
    );
}

#[test]
fn new_keys_go_before_trailing_comments_or_where_the_order_says() {
    let after = edit(DIGITALGOV_STYLE, &[set("aliases", json!(["/old/url/"]))]);
    let (removed, added) = changed_lines(DIGITALGOV_STYLE, &after);
    assert!(removed.is_empty());
    assert_eq!(added, vec!["aliases:\n", "- /old/url/\n"]);
    assert!(
        after.contains("weight: 2 # shows as related\naliases:\n- /old/url/\n\n# Make it better"),
        "{after}"
    );

    let order = [
        "slug",
        "title",
        "deck",
        "summary",
        "date",
        "primary_image",
        "topics",
    ];
    let after = apply_edits_with_order(
        DIGITALGOV_STYLE,
        &[set("primary_image", json!("fbi-video"))],
        &order,
    )
    .unwrap();
    assert!(
        after.contains(
            "date: 2018-07-12 15:00:00 -0500\nprimary_image: fbi-video\n\n# see all topics"
        ),
        "{after}"
    );
    // Before the first key (and its comment) when nothing earlier in the order exists.
    let after = apply_edits_with_order(
        DIGITALGOV_STYLE,
        &[set("url", json!("/x/"))],
        &["url", "slug"],
    )
    .unwrap();
    assert!(
        after.starts_with("---\nurl: /x/\n# View this page"),
        "{after}"
    );
}

#[test]
fn unset_removes_continuation_lines_and_rename_keeps_value_bytes() {
    let source =
        "---\ntitle: x\nsummary: a long\n  plain text\ntopics:\n  - a\n  - b\nend: 1\n---\nbody";
    assert_eq!(
        edit(source, &[unset("summary"), unset("topics")]),
        "---\ntitle: x\nend: 1\n---\nbody"
    );
    assert_eq!(
        edit(
            source,
            &[FieldEdit::Rename {
                from: "topics".into(),
                to: "tags".into()
            }]
        ),
        "---\ntitle: x\nsummary: a long\n  plain text\ntags:\n  - a\n  - b\nend: 1\n---\nbody"
    );
    let err = apply_edits(
        source,
        &[FieldEdit::Rename {
            from: "title".into(),
            to: "end".into(),
        }],
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidEdit);
}

#[test]
fn crlf_files_get_crlf_lines() {
    let source = "---\r\ntitle: x\r\ntopics:\r\n  - a\r\n---\r\nbody\r\n";
    let after = edit(
        source,
        &[set("topics", json!(["a", "b"])), set("summary", json!("s"))],
    );
    assert_eq!(
        after,
        "---\r\ntitle: x\r\ntopics:\r\n  - a\r\n  - b\r\nsummary: s\r\n---\r\nbody\r\n"
    );
    let fm = FrontMatter::parse(source).unwrap();
    assert_eq!(&source[fm.body_start()..], "body\r\n");
}

#[test]
fn bom_blank_lines_and_missing_final_newline() {
    let source = "\u{feff}\n\n---\n\ntitle: x\n---";
    let fm = FrontMatter::parse(source).unwrap();
    assert_eq!(fm.get("title"), Some(&string("x")));
    assert_eq!(fm.body_start(), source.len());
    assert_eq!(
        edit(source, &[set("title", json!("z"))]),
        "\u{feff}\n\n---\n\ntitle: z\n---"
    );
    assert_eq!(replace_body(source, "new").unwrap(), format!("{source}new"));
}

#[test]
fn no_front_matter() {
    let source = "Just text\n---\nnot: front matter\n---\n";
    let fm = FrontMatter::parse(source).unwrap();
    assert_eq!(
        (fm.format(), fm.fields().len(), fm.body_start()),
        (None, 0, 0)
    );
    assert_eq!(
        edit(source, &[set("title", json!("T"))]),
        format!("---\ntitle: T\n---\n{source}")
    );
}

/// Fuzz finding (front_matter target): a page with a byte order mark and no front matter.
/// The mark belongs to the file, not the body, so front matter added to it goes after the
/// mark and the body reads the same before and after.
#[test]
fn bom_without_front_matter_is_not_part_of_the_body() {
    let source = "\u{feff}\nslug: not front matter\n";
    let fm = FrontMatter::parse(source).unwrap();
    assert_eq!(fm.body_start(), 3);
    assert_eq!(postwright::front_matter::body_start(source), 3);
    let after = edit(source, &[set("title", json!("new value"))]);
    assert_eq!(
        after,
        "\u{feff}---\ntitle: new value\n---\n\nslug: not front matter\n"
    );
    let parsed = FrontMatter::parse(&after).unwrap();
    assert_eq!(&after[parsed.body_start()..], &source[fm.body_start()..]);
}

#[test]
fn toml_front_matter() {
    let source = "+++\n# comment\ntitle = \"x\" # trailing\ndate = 2020-01-02T10:00:00Z\ntags = [\"a\", \"b\"]\n\n[params]\nk = 1\n+++\nbody";
    let fm = FrontMatter::parse(source).unwrap();
    assert_eq!(fm.format(), Some(Format::Toml));
    assert_eq!(fm.get("date"), Some(&string("2020-01-02T10:00:00Z")));
    assert_eq!(
        fm.get("params"),
        Some(&Value::Map(vec![("k".into(), Value::Int(1))]))
    );
    let after = edit(source, &[set("title", json!("y"))]);
    assert_eq!(after, source.replace("title = \"x\"", "title = \"y\""));
    let after = edit(
        source,
        &[FieldEdit::Rename {
            from: "tags".into(),
            to: "topics".into(),
        }],
    );
    assert_eq!(after, source.replace("tags =", "topics ="));
    let after = edit(source, &[set("summary", json!("s")), unset("title")]);
    let fm = FrontMatter::parse(&after).unwrap();
    assert_eq!(fm.get("summary"), Some(&string("s")));
    assert!(fm.get("title").is_none());
    assert!(
        after.contains("# comment\n") && after.ends_with("[params]\nk = 1\n+++\nbody"),
        "{after}"
    );
    assert_eq!(edit(source, &[set("title", json!("x"))]), source);
    let err = FrontMatter::parse("+++\ntitle = \"x\"\ntitle = \"y\"\n+++\n").unwrap_err();
    assert_eq!(err.line, 3);
}

#[test]
fn json_front_matter() {
    let source = "{\n  \"title\": \"x\",\n  \"tags\": [\"a\"],\n  \"n\": 1\n}\nbody";
    let fm = FrontMatter::parse(source).unwrap();
    assert_eq!(fm.format(), Some(Format::Json));
    assert_eq!(&source[fm.body_start()..], "body");
    assert_eq!(
        edit(source, &[set("title", json!("y"))]),
        source.replace("\"x\"", "\"y\"")
    );
    assert_eq!(
        edit(source, &[set("summary", json!("s"))]),
        "{\n  \"title\": \"x\",\n  \"tags\": [\"a\"],\n  \"n\": 1,\n  \"summary\": \"s\"\n}\nbody"
    );
    assert_eq!(
        edit(source, &[unset("tags")]),
        "{\n  \"title\": \"x\",\n  \"n\": 1\n}\nbody"
    );
    assert_eq!(
        edit(source, &[unset("title")]),
        "{\n  \"tags\": [\"a\"],\n  \"n\": 1\n}\nbody"
    );
    assert_eq!(
        edit(source, &[unset("n")]),
        "{\n  \"title\": \"x\",\n  \"tags\": [\"a\"]\n}\nbody"
    );
    let err = FrontMatter::parse("{\n  \"a\": 1,\n  \"a\": 2\n}\n").unwrap_err();
    assert_eq!(
        (err.line, &err.kind),
        (
            3,
            &ErrorKind::DuplicateKey {
                key: "a".into(),
                first_line: 2,
                first_column: 3
            }
        )
    );
    let err = FrontMatter::parse("\n{\n  \"a\": 1,\n  \"b\" 2\n}\n").unwrap_err();
    assert_eq!(err.line, 4);
}

#[test]
fn error_positions_are_in_the_whole_file() {
    let source = "\n\n---\ntitle: x\ntopics:\n  - a\ntitle: y\n---\n";
    let err = FrontMatter::parse(source).unwrap_err();
    assert_eq!((err.line, err.column), (7, 1));
    assert_eq!(
        err.message,
        "duplicate key `title` (first at line 4); remove one of them"
    );
    assert_eq!(
        err.to_string(),
        "7:1: duplicate key `title` (first at line 4); remove one of them"
    );

    let err = FrontMatter::parse("---\ntitle: x\n\tbad: tab\n---\n").unwrap_err();
    assert_eq!((err.line, &err.kind), (3, &ErrorKind::Syntax), "{err}");

    let err = FrontMatter::parse("---\ntitle: x\n").unwrap_err();
    assert_eq!(
        (err.line, err.column, err.kind),
        (1, 1, ErrorKind::Unclosed)
    );

    let err = FrontMatter::parse("---\n- a\n- b\n---\n").unwrap_err();
    assert_eq!((err.line, err.kind), (2, ErrorKind::NotAMapping));
}

#[test]
fn broken_front_matter_is_never_rewritten_but_the_body_stays_editable() {
    let source = "---\ntitle: x\ntitle: y\n---\nold body\n";
    assert!(apply_edits(source, &[set("summary", json!("s"))]).is_err());
    assert!(apply_edits(source, &[]).is_err());
    assert_eq!(
        replace_body(source, "new body\n").unwrap(),
        "---\ntitle: x\ntitle: y\n---\nnew body\n"
    );
    // No closing delimiter: the whole file is body.
    let unclosed = "---\ntitle: x\nbody\n";
    assert_eq!(body_start(unclosed), 0);
    assert_eq!(replace_body(unclosed, "fixed").unwrap(), "fixed");
}

#[test]
fn empty_and_comment_only_blocks_get_new_keys() {
    assert_eq!(
        edit("---\n---\nbody", &[set("title", json!("T"))]),
        "---\ntitle: T\n---\nbody"
    );
    assert_eq!(
        edit("---\n# note\n---\n", &[set("title", json!("T"))]),
        "---\n# note\ntitle: T\n---\n"
    );
}

#[test]
fn quoted_scalar_continuing_at_column_zero_parses_like_hugo() {
    // digital.gov has this shape; go-yaml and libyaml fold the second line into the string.
    let source = "---\nsummary: \"first line\nevent: second\"\ntitle: t\n---\n";
    let fm = FrontMatter::parse(source).unwrap();
    assert_eq!(fm.get("summary"), Some(&string("first line event: second")));
    assert_eq!(fm.get("event"), None);
    assert_eq!(
        edit(source, &[set("summary", json!("s"))]),
        "---\nsummary: \"s\"\ntitle: t\n---\n"
    );
    assert_eq!(
        edit(source, &[set("title", json!("u"))]),
        source.replace("title: t", "title: u")
    );
}

#[test]
fn an_edit_that_would_break_an_alias_is_refused() {
    let source = "---\nbase: &b hello\ncopy: *b\n---\n";
    assert_eq!(
        FrontMatter::parse(source).unwrap().get("copy"),
        Some(&string("hello"))
    );
    let err = apply_edits(source, &[unset("base")]).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidEdit);
}

#[test]
fn values_for_the_ui() {
    let fm = FrontMatter::parse(DIGITALGOV_STYLE).unwrap();
    assert_eq!(fm.get("date"), Some(&string("2018-07-12 15:00:00 -0500")));
    assert_eq!(fm.get("captions"), Some(&Value::Null));
    assert_eq!(fm.get("weight").map(Value::to_json), Some(json!(2)));
    assert_eq!(
        fm.get("topics").map(Value::to_json),
        Some(json!(["multimedia"]))
    );
    let keys: Vec<&str> = fm.fields().iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["slug", "title", "deck", "summary", "captions", "date", "topics", "authors", "weight"]
    );
}

// ---------------------------------------------------------------------------------------------
// Property tests: whatever string the app writes reads back exactly, and nothing else moves.

fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(": ".to_string()),
        Just("#".to_string()),
        Just(" #".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("\\".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just("yes".to_string()),
        Just("No".to_string()),
        Just("off".to_string()),
        Just("null".to_string()),
        Just("~".to_string()),
        Just("0777".to_string()),
        Just("1e3".to_string()),
        Just("2020-01-02".to_string()),
        Just("---".to_string()),
        Just("{{< x >}}".to_string()),
        Just("🎉".to_string()),
        Just("中文".to_string()),
        Just("\u{2028}\u{85}\u{feff}".to_string()),
        "[@*&!|>%?\\-\\[\\]{},'\"]".prop_map(|s: String| s),
        "[a-z]{1,8}".prop_map(|s: String| s),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

fn other_fields(fm: &FrontMatter, except: &str) -> Vec<(String, Value)> {
    fm.fields()
        .iter()
        .filter(|(k, _)| k != except)
        .cloned()
        .collect()
}

fn check_set(source: &str, key: &str, value: serde_json::Value) -> Result<(), TestCaseError> {
    let before = FrontMatter::parse(source).unwrap();
    let after = apply_edits(source, &[set(key, value.clone())])
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let parsed =
        FrontMatter::parse(&after).map_err(|e| TestCaseError::fail(format!("{e}\n{after}")))?;
    prop_assert_eq!(
        parsed.get(key).map(Value::to_json),
        Some(value),
        "{}",
        after
    );
    prop_assert_eq!(other_fields(&parsed, key), other_fields(&before, key));
    prop_assert_eq!(
        &after[parsed.body_start()..],
        &source[before.body_start()..]
    );
    Ok(())
}

proptest! {
    #[test]
    fn any_string_reads_back_exactly(text in tricky_text(), key in prop::sample::select(vec!["summary", "title", "date", "slug", "captions", "new_key"])) {
        check_set(DIGITALGOV_STYLE, key, json!(text))?;
        check_set(&DIGITALGOV_STYLE.replace('\n', "\r\n"), key, json!(text))?;
    }

    #[test]
    fn any_list_reads_back_exactly(items in prop::collection::vec(tricky_text(), 0..5), key in prop::sample::select(vec!["topics", "authors", "aliases", "title"])) {
        check_set(DIGITALGOV_STYLE, key, json!(items))?;
    }

    #[test]
    fn any_string_reads_back_in_toml_and_json(text in tricky_text()) {
        check_set("+++\ntitle = \"x\"\n+++\n", "title", json!(text))?;
        check_set("+++\ntitle = \"x\"\n+++\n", "summary", json!(text))?;
        check_set("{\n  \"title\": \"x\"\n}\n", "title", json!(text))?;
        check_set("{\n  \"title\": \"x\"\n}\n", "summary", json!(text))?;
    }
}

/// YAML that digital.gov rarely writes but editors might: block scalars, nested maps, indented
/// list items holding maps, quoted keys, flow lists.
const UNUSUAL_YAML: &str = "---\n\
title: |\n  Line one\n  Line two\n\n\
nested:\n  a: 1\n  b: [x, y]\n\
\"quoted key\": 'v'\n\
topics: [one, two]\n\
authors:\n    - name: x\n      role: y\n    - z\n\
summary: >-\n  folded\n  text\n\
empty:\n\
# the end\n\
---\nbody\n";

/// A random edit over a small pool of keys, some in the template and some not.
fn any_edit() -> impl Strategy<Value = FieldEdit> {
    let keys = prop::sample::select(vec![
        "title",
        "summary",
        "topics",
        "authors",
        "captions",
        "weight",
        "date",
        "extra",
        "more",
        "nested",
        "quoted key",
    ]);
    let value = prop_oneof![
        tricky_text().prop_map(|s| json!(s)),
        prop::collection::vec("[a-z-]{1,10}", 0..4).prop_map(|v| json!(v)),
        any::<i32>().prop_map(|i| json!(i)),
        any::<bool>().prop_map(|b| json!(b)),
        Just(serde_json::Value::Null),
        ("[a-z]{1,5}", tricky_text()).prop_map(|(k, v)| json!({ k: v })),
    ];
    prop_oneof![
        3 => (keys.clone(), value).prop_map(|(key, value)| set(key, value)),
        1 => keys.clone().prop_map(unset),
        1 => (keys.clone(), keys).prop_map(|(from, to)| FieldEdit::Rename { from: from.into(), to: to.into() }),
    ]
}

/// What the fields must be after `edits`: set keeps a key's place or appends it, unset drops
/// it, rename keeps its place and value.
fn model(before: &FrontMatter, edits: &[FieldEdit]) -> Vec<(String, Value)> {
    let mut fields = before.fields().to_vec();
    for edit in edits {
        match edit {
            FieldEdit::Set { key, value } => match fields.iter_mut().find(|(k, _)| k == key) {
                Some((_, v)) => *v = Value::from_json(value),
                None => fields.push((key.clone(), Value::from_json(value))),
            },
            FieldEdit::Unset { key } => fields.retain(|(k, _)| k != key),
            FieldEdit::Rename { from, to } => {
                if let Some((k, _)) = fields.iter_mut().find(|(k, _)| k == from) {
                    *k = to.clone();
                }
            }
        }
    }
    fields
}

proptest! {
    #[test]
    fn edit_sequences_match_the_model(
        edits in prop::collection::vec(any_edit(), 1..6),
        crlf in any::<bool>(),
        template in prop::sample::select(vec![DIGITALGOV_STYLE, UNUSUAL_YAML]),
    ) {
        let source = if crlf { template.replace('\n', "\r\n") } else { template.to_string() };
        let before = FrontMatter::parse(&source).unwrap();
        // Renaming onto a key that exists is refused; keep those out of the model.
        let mut names: Vec<String> = before.fields().iter().map(|(k, _)| k.clone()).collect();
        let mut valid = Vec::new();
        for edit in edits {
            match &edit {
                FieldEdit::Rename { from, to } if from != to && names.contains(to) => continue,
                FieldEdit::Rename { from, to } => if let Some(n) = names.iter_mut().find(|n| *n == from) { *n = to.clone() },
                FieldEdit::Set { key, .. } if !names.contains(key) => names.push(key.clone()),
                FieldEdit::Unset { key } => names.retain(|n| n != key),
                _ => {}
            }
            valid.push(edit);
        }
        let after = apply_edits(&source, &valid).map_err(|e| TestCaseError::fail(format!("{e} for {valid:?}")))?;
        let parsed = FrontMatter::parse(&after).unwrap();
        prop_assert_eq!(parsed.fields(), &model(&before, &valid)[..], "{}", after);
        prop_assert_eq!(&after[parsed.body_start()..], &source[before.body_start()..]);
        if crlf {
            let front = &after[..parsed.body_start()];
            prop_assert_eq!(front.matches('\n').count(), front.matches("\r\n").count(), "bare LF in a CRLF file: {:?}", front);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The digital.gov corpus.

fn corpus_pages() -> Option<Vec<PathBuf>> {
    let Ok(root) = std::env::var("POSTWRIGHT_CORPUS") else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return None;
    };
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(Path::new(&root).join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    pages.sort();
    Some(pages)
}

fn line_of(source: &str, line: usize) -> &str {
    source.lines().nth(line - 1).unwrap_or("")
}

/// The removed lines, and the added lines, are each either continuation lines only (list
/// items) or YAML that holds `key` and nothing else: the edit stayed within the key's lines.
fn only_key_lines_changed(removed: &[&str], added: &[&str], key: &str) -> bool {
    let continuation = |l: &&str| l.starts_with([' ', '\t', '-']) || l.trim().is_empty();
    let is_key_block = |lines: &[&str]| {
        lines.iter().all(continuation)
            || FrontMatter::parse(&format!("---\n{}---\n", lines.concat()))
                .is_ok_and(|fm| fm.fields().len() == 1 && fm.fields()[0].0 == key)
    };
    is_key_block(removed) && is_key_block(added)
}

#[test]
fn corpus_parses_and_round_trips_byte_for_byte() {
    let Some(pages) = corpus_pages() else { return };
    assert!(pages.len() >= 4000, "corpus has {} pages", pages.len());
    let (mut ok, mut duplicates) = (0, 0);
    for path in &pages {
        let source = std::fs::read_to_string(path).unwrap();
        match FrontMatter::parse(&source) {
            Ok(fm) => {
                ok += 1;
                assert_eq!(fm.format(), Some(Format::Yaml), "{}", path.display());
                let body = &source[fm.body_start()..];
                assert_eq!(
                    replace_body(&source, body).unwrap(),
                    source,
                    "{}",
                    path.display()
                );
                assert_eq!(
                    apply_edits(&source, &[]).unwrap(),
                    source,
                    "{}",
                    path.display()
                );
            }
            Err(err) => {
                let ErrorKind::DuplicateKey {
                    key, first_line, ..
                } = &err.kind
                else {
                    panic!("{}:{err}", path.display());
                };
                duplicates += 1;
                assert!(err
                    .message
                    .contains(&format!("(first at line {first_line})")));
                assert!(
                    line_of(&source, *first_line).starts_with(&format!("{key}:")),
                    "{}",
                    path.display()
                );
                assert!(
                    line_of(&source, err.line).starts_with(&format!("{key}:")),
                    "{}",
                    path.display()
                );
                assert!(err.line > *first_line);
                // The body stays editable and nothing is rewritten.
                let start = body_start(&source);
                assert!(start > 0);
                assert_eq!(replace_body(&source, &source[start..]).unwrap(), source);
                assert!(apply_edits(&source, &[set("summary", json!("x"))]).is_err());
            }
        }
    }
    println!("{ok} pages parse, {duplicates} have duplicate keys");
    assert_eq!(ok + duplicates, pages.len());
}

#[test]
fn corpus_edits_touch_only_the_edited_key() {
    let Some(pages) = corpus_pages() else { return };
    let new_summary = "New: \"quoted\" #1 — it's 100% ✓, yes\\no [x] {y} @you";
    let mut edited = 0;
    for path in &pages {
        let source = std::fs::read_to_string(path).unwrap();
        let Ok(before) = FrontMatter::parse(&source) else {
            continue;
        };
        let name = path.display();

        let after = apply_edits(&source, &[set("summary", json!(new_summary))]).unwrap();
        let parsed = FrontMatter::parse(&after).unwrap();
        assert_eq!(parsed.get("summary"), Some(&string(new_summary)), "{name}");
        assert_eq!(
            other_fields(&parsed, "summary"),
            other_fields(&before, "summary"),
            "{name}"
        );
        let (removed, added) = changed_lines(&source, &after);
        assert!(
            only_key_lines_changed(&removed, &added, "summary"),
            "{name}: -{removed:?} +{added:?}"
        );
        assert_eq!(added.len(), 1, "{name}");

        // Adding an alias: only lines added.
        let mut aliases: Vec<serde_json::Value> = before
            .get("aliases")
            .and_then(Value::as_list)
            .unwrap_or(&[])
            .iter()
            .map(Value::to_json)
            .collect();
        let had_key = before.get("aliases").is_some();
        aliases.push(json!("/retired/url/"));
        let after = apply_edits(&source, &[set("aliases", json!(aliases))]).unwrap();
        let parsed = FrontMatter::parse(&after).unwrap();
        assert_eq!(
            other_fields(&parsed, "aliases"),
            other_fields(&before, "aliases"),
            "{name}"
        );
        let (removed, added) = changed_lines(&source, &after);
        assert!(
            only_key_lines_changed(&removed, &added, "aliases"),
            "{name}: -{removed:?} +{added:?}"
        );
        if !had_key {
            assert!(removed.is_empty(), "{name}: -{removed:?}");
        }

        // Deduplicating topics: only lines removed (none when already unique).
        if let Some(topics) = before.get("topics").and_then(Value::as_list) {
            let mut unique: Vec<Value> = Vec::new();
            for topic in topics {
                if !unique.contains(topic) {
                    unique.push(topic.clone());
                }
            }
            let json_topics = Value::List(unique.clone()).to_json();
            let after = apply_edits(&source, &[set("topics", json_topics)]).unwrap();
            if unique.len() == topics.len() {
                assert_eq!(after, source, "{name}");
            } else {
                let (_, added) = changed_lines(&source, &after);
                assert!(added.is_empty(), "{name}: +{added:?}");
                assert_eq!(
                    FrontMatter::parse(&after).unwrap().get("topics"),
                    Some(&Value::List(unique)),
                    "{name}"
                );
            }
        }
        edited += 1;
    }
    println!("edited {edited} pages");
}

#[test]
fn a_first_key_on_the_opening_delimiter_line_sets_top_level_keys() {
    // Fuzz finding (front_matter target): Hugo reads `---plai_name: x` as front matter whose
    // first key follows the dashes; the dashes counted as that key's indentation, so a new key
    // was written indented under it and read back as `plai_name: {topics: null}`.
    let source = "---plai_name: #E CS\n---\n";
    let after = edit(source, &[set("topics", json!(null))]);
    assert_eq!(after, "---plai_name: #E CS\ntopics:\n---\n");
    let after = edit(source, &[set("topics", json!(["a", "b"]))]);
    let fm = FrontMatter::parse(&after).unwrap();
    assert_eq!(fm.get("plai_name"), Some(&Value::Null), "{after}");
    assert_eq!(
        fm.get("topics").map(|v| v.to_json()),
        Some(json!(["a", "b"])),
        "{after}"
    );
    let after = edit(source, &[set("plai_name", json!(["x"]))]);
    let fm = FrontMatter::parse(&after).unwrap();
    assert_eq!(
        fm.get("plai_name").map(|v| v.to_json()),
        Some(json!(["x"])),
        "{after}"
    );
}

/// hugodocs writes `aliases: [` … `]` with the closing bracket at column 0, which Hugo's YAML
/// reader accepts: it parses, an unchanged save is byte-identical, and an edit of another key
/// leaves those lines alone.
#[test]
fn a_flow_list_closed_at_column_0_parses_and_round_trips() {
    let source = "---\ntitle: Template types\nweight: 30\naliases: [\n  '/templates/base/',\n  '/templates/home/',\n]\nmap: {\n  a: 1,\n}\n---\n\nBody\n";
    let fm = FrontMatter::parse(source).unwrap();
    assert_eq!(
        fm.get("aliases"),
        Some(&Value::List(vec![
            string("/templates/base/"),
            string("/templates/home/")
        ]))
    );
    assert_eq!(fm.get("weight"), Some(&Value::Int(30)));
    assert_eq!(&source[fm.body_start()..], "\nBody\n");
    let same: Vec<FieldEdit> = fm
        .fields()
        .iter()
        .map(|(k, v)| set(k, v.to_json()))
        .collect();
    assert_eq!(edit(source, &same), source);
    let after = edit(source, &[set("title", json!("Types"))]);
    assert_eq!(
        after,
        source.replace("title: Template types", "title: Types")
    );
    // The real Hugo reads it the same way.
    let Some(hugo) = crate::support::hugo() else {
        eprintln!("SKIPPED the Hugo half: the real Hugo is not installed");
        return;
    };
    let site = crate::support::TempSite::new();
    site.write("content/types.md", source);
    site.write(
        "layouts/_default/single.html",
        "{{ delimit .Aliases \",\" }}|{{ .Params.map.a }}",
    );
    let out = std::process::Command::new(hugo)
        .arg("--source")
        .arg(site.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // (`.Aliases` drops the trailing slashes.)
    assert_eq!(
        site.read("public/types/index.html"),
        "/templates/base,/templates/home|1"
    );
}
