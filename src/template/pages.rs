//! Page collections as templates see them: the host finds a page's `.Pages`,
//! `.RegularPages` and `.Sections`; this module puts them in Hugo's order and gives the lists
//! the methods of Hugo's `Pages` (`ByTitle`, `ByWeight`, `ByDate`, `Reverse`, `Len`…).
//!
//! Hugo's default order (`page.DefaultPageSort`): weight ascending with unweighted pages
//! last, then date newest first, then link title, then path. Titles compare with the
//! language's collator (`golang.org/x/text/collate`); [`collate`] stands in for it with the
//! Unicode collation's broad rules for the text of titles: spaces and punctuation before
//! digits before letters, letters compared without case first, lower case before upper
//! case on a tie.

use std::cmp::Ordering;

use super::exec::field;
use super::value::Value;

/// Where a character sorts at the collation's first level: its class, then its folded form.
fn primary(c: char) -> (u8, char) {
    if c.is_alphabetic() {
        (2, c.to_lowercase().next().unwrap_or(c))
    } else if c.is_numeric() {
        (1, c)
    } else {
        (0, c)
    }
}

/// Compares two strings as the collator of an English site does (see the module docs).
pub(crate) fn collate(a: &str, b: &str) -> Ordering {
    let first = a.chars().map(primary).cmp(b.chars().map(primary));
    if first != Ordering::Equal {
        return first;
    }
    // Lower case sorts before upper case at the third level.
    let third = |c: char| u8::from(c.is_uppercase());
    a.chars().map(third).cmp(b.chars().map(third))
}

fn member(page: &Value, name: &str) -> Value {
    field(page, name, &[]).unwrap_or_default()
}

fn unix(page: &Value, name: &str) -> i64 {
    match member(page, name) {
        date @ Value::Object(_) => match field(&date, "Unix", &[]) {
            Ok(Value::Int(seconds)) => seconds,
            _ => 0,
        },
        _ => 0,
    }
}

fn weight(page: &Value) -> i64 {
    match member(page, "Weight") {
        Value::Int(w) => w,
        other => other.as_f64().map_or(0, |f| f as i64),
    }
}

fn text(page: &Value, name: &str) -> String {
    member(page, name).to_go_string()
}

/// Hugo's `DefaultPageSort`.
pub(crate) fn default_order(a: &Value, b: &Value) -> Ordering {
    let (wa, wb) = (weight(a), weight(b));
    if wa == wb {
        let (da, db) = (unix(a, "Date"), unix(b, "Date"));
        if da == db {
            return collate(&text(a, "LinkTitle"), &text(b, "LinkTitle"))
                .then_with(|| text(a, "Path").cmp(&text(b, "Path")));
        }
        return db.cmp(&da);
    }
    match (wa, wb) {
        (_, 0) => Ordering::Less,
        (0, _) => Ordering::Greater,
        _ => wa.cmp(&wb),
    }
}

/// Sorts pages in Hugo's default order.
pub(crate) fn sort_default(pages: &mut [Value]) {
    pages.sort_by(default_order);
}

/// Whether every item is a page (an empty list counts: Hugo's `Pages` may be empty).
fn all_pages(items: &[Value]) -> bool {
    items
        .iter()
        .all(|item| matches!(item, Value::Object(o) if o.type_name() == "Page"))
}

/// Method `name` of a list of pages (`ByTitle`, `Reverse`, `Len`…), `None` when the list
/// holds something else or Hugo's `Pages` has no such method.
pub(crate) fn list_method(items: &[Value], name: &str, args: &[Value]) -> Option<Value> {
    if !args.is_empty() || !all_pages(items) {
        return None;
    }
    let mut sorted = items.to_vec();
    match name {
        "Len" => return Some(Value::Int(items.len() as i64)),
        "ByTitle" => sorted.sort_by(|a, b| collate(&text(a, "Title"), &text(b, "Title"))),
        "ByLinkTitle" => {
            sorted.sort_by(|a, b| collate(&text(a, "LinkTitle"), &text(b, "LinkTitle")))
        }
        "ByWeight" => sort_default(&mut sorted),
        "ByDate" => sorted.sort_by_key(|p| unix(p, "Date")),
        "ByPublishDate" => sorted.sort_by_key(|p| unix(p, "PublishDate")),
        "ByLastmod" => sorted.sort_by_key(|p| unix(p, "Lastmod")),
        "Reverse" => sorted.reverse(),
        _ => return None,
    }
    Some(Value::list(sorted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collation_orders_titles_as_hugo_does() {
        let mut titles = vec![
            "Boolean",
            "action",
            "Zebra",
            "archetype",
            "a b",
            "ab",
            "2 things",
            "_x",
            "Ab",
        ];
        titles.sort_by(|a, b| collate(a, b));
        assert_eq!(
            titles,
            [
                "_x",
                "2 things",
                "a b",
                "ab",
                "Ab",
                "action",
                "archetype",
                "Boolean",
                "Zebra"
            ]
        );
    }
}
