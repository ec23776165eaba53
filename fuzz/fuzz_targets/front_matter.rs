//! Fuzzes the front-matter engine: parsing never panics, the body can always be replaced
//! losslessly, and a set either is refused or reads back exactly with every other key intact.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postwright::front_matter::{apply_edits, body_start, replace_body, FieldEdit, FrontMatter};

const KEYS: [&str; 6] = ["title", "summary", "topics", "authors", "date", "new_key"];

fuzz_target!(|data: &[u8]| {
    // First byte: which key and value shape; then the value text; after a NUL, the page.
    let Some((&selector, rest)) = data.split_first() else { return };
    let (value_bytes, page_bytes) = match rest.iter().position(|b| *b == 0) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (&rest[..0], rest),
    };
    let (Ok(value_text), Ok(source)) = (std::str::from_utf8(value_bytes), std::str::from_utf8(page_bytes)) else {
        return;
    };

    let start = body_start(source);
    assert_eq!(replace_body(source, &source[start..]).unwrap(), source);

    let Ok(before) = FrontMatter::parse(source) else {
        assert!(apply_edits(source, &[]).is_err());
        return;
    };
    assert_eq!(apply_edits(source, &[]).unwrap(), source);

    let key = KEYS[usize::from(selector) % KEYS.len()];
    let value = match selector / 64 {
        0 => serde_json::json!(value_text),
        1 => serde_json::json!(value_text.split(',').collect::<Vec<_>>()),
        2 => serde_json::json!(value_text.len()),
        _ => serde_json::Value::Null,
    };
    let edit = FieldEdit::Set { key: key.to_string(), value: value.clone() };
    let Ok(after) = apply_edits(source, &[edit]) else { return };
    let parsed = FrontMatter::parse(&after).expect("an accepted edit must parse");
    if !value.is_null() {
        assert_eq!(parsed.get(key).map(|v| v.to_json()), Some(value));
    }
    let others = |fm: &FrontMatter| -> Vec<_> { fm.fields().iter().filter(|(k, _)| k != key).cloned().collect() };
    assert_eq!(others(&parsed), others(&before));
    assert_eq!(&after[parsed.body_start()..], &source[before.body_start()..]);
});
