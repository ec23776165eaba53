//! The redirect a published page keeps when an edit moves its URL: digital.gov's publishing
//! guide asks editors to add a page's old URL to `aliases` by hand whenever they change its
//! slug or date; this does it.
//!
//! Decision: "published" is the page as the main branch has it (not a draft there); its URL
//! and the edited page's are both the one permalink computation of the index
//! ([`crate::site::index_page`]), so whatever moves the URL — slug, date, title in a `:title`
//! permalink, `url` — is covered. The alias is worked out again from the edits every time, so
//! it shows in the lines a save will change, is written by the save, and goes when the edit
//! that moved the page is undone. An alias equal to the page's own new URL (moving it back
//! after a save) is dropped: a page cannot redirect to itself.

use crate::front_matter::{FieldEdit, FrontMatter, Value};
use crate::site::{index_page, SiteConfig};

/// The `aliases` edit that `edited` (the page at `rel` after the editor's edits) needs,
/// `published` being its text on the main branch; `None` when its aliases are right as they
/// are.
pub fn alias_edit(
    rel: &str,
    published: &str,
    edited: &str,
    config: &SiteConfig,
) -> Option<FieldEdit> {
    let old = index_page(rel, published, config);
    if old.draft || old.front_matter_error.is_some() {
        return None;
    }
    let new = index_page(rel, edited, config);
    if new.front_matter_error.is_some() {
        return None;
    }
    let fm = FrontMatter::parse(edited).ok()?;
    let had_key = fm.get("aliases").is_some();
    let current: Vec<String> = match fm.get("aliases") {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    };
    let same = |a: &str, b: &str| a.trim_end_matches('/') == b.trim_end_matches('/');
    let mut wanted: Vec<String> = current
        .iter()
        .filter(|alias| !same(alias, &new.permalink))
        .cloned()
        .collect();
    if !same(&old.permalink, &new.permalink) && !wanted.iter().any(|a| same(a, &old.permalink)) {
        wanted.push(old.permalink.clone());
    }
    if wanted == current {
        return None;
    }
    if wanted.is_empty() && !had_key {
        return None;
    }
    Some(FieldEdit::Set {
        key: "aliases".into(),
        value: serde_json::Value::Array(wanted.into_iter().map(Into::into).collect()),
    })
}
