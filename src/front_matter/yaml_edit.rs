//! Edits to YAML front matter as splices over the original bytes: each edit replaces, inserts
//! or removes the lines of one top-level key and leaves every other byte where it was.

use std::ops::Range;

use saphyr_parser::ScalarStyle;

use super::emit::{self, BlockLayout, QuoteStyle};
use super::split::Block;
use super::yaml::{line_start, Entry, Shape, YamlDoc};
use super::Value;

/// A replacement of `range` in the source by `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    /// Bytes replaced.
    pub range: Range<usize>,
    /// What goes there.
    pub text: String,
}

impl Splice {
    /// Applies the splice to `source`.
    pub fn apply(&self, source: &str) -> String {
        let mut out = String::with_capacity(source.len() + self.text.len());
        out.push_str(&source[..self.range.start]);
        out.push_str(&self.text);
        out.push_str(&source[self.range.end..]);
        out
    }
}

/// The splice that sets `key` to `value` (`None`: it already has that value).
pub fn set(
    source: &str,
    block: &Block,
    doc: &YamlDoc,
    key: &str,
    value: &Value,
    key_order: &[&str],
) -> Option<Splice> {
    let layout = layout(doc, block);
    let Some(entry) = doc.entries.iter().find(|e| e.key == key) else {
        let at = insertion_point(source, block, doc, key, key_order);
        let text = format!(
            "{}{}:{}{}",
            layout.indent,
            emit::key(key),
            emit::after_colon(value, QuoteStyle::Plain, false, &layout),
            block.line_ending
        );
        return Some(Splice {
            range: at..at,
            text,
        });
    };
    if entry.value == *value {
        return None;
    }
    let layout = BlockLayout {
        indent: source[entry.lines.start..entry.key_span.start].to_string(),
        ..layout
    };
    if let (Value::List(new_items), false) =
        (value, matches!(value, Value::List(v) if v.is_empty()))
    {
        match &entry.shape {
            Shape::BlockList { items, .. } => {
                return Some(block_list_splice(source, entry, items, new_items, &layout))
            }
            Shape::FlowList {
                items,
                one_line: true,
            } if !items.is_empty() => {
                return Some(flow_list_splice(source, entry, items, new_items))
            }
            _ => {}
        }
    }
    let (style, was_date) = match &entry.shape {
        Shape::Scalar { style, .. } => (
            match style {
                ScalarStyle::SingleQuoted => QuoteStyle::Single,
                ScalarStyle::DoubleQuoted => QuoteStyle::Double,
                _ => QuoteStyle::Plain,
            },
            *style == ScalarStyle::Plain && entry.value.as_str().is_some_and(emit::looks_like_date),
        ),
        _ => (QuoteStyle::Plain, false),
    };
    let one_line_scalar =
        matches!(entry.shape, Shape::Scalar { one_line: true, .. }) && !entry.value_span.is_empty();
    if one_line_scalar {
        if *value == Value::Null {
            return Some(Splice {
                range: entry.colon_end..entry.value_span.end,
                text: String::new(),
            });
        }
        if let Some(text) = emit::scalar(value, style, false, was_date) {
            // Only the value's bytes change: the spacing after the colon and a trailing
            // comment on the line stay.
            return Some(Splice {
                range: entry.value_span.clone(),
                text,
            });
        }
    }
    // Everything from the colon to the end of the value's last line is rewritten.
    let end = entry.lines.end - line_ending_len(&source[..entry.lines.end]);
    Some(Splice {
        range: entry.colon_end..end,
        text: emit::after_colon(value, style, was_date, &layout),
    })
}

/// The splice that removes `key`'s lines (`None` when there is no such key).
pub fn unset(doc: &YamlDoc, key: &str) -> Option<Splice> {
    let entry = doc.entries.iter().find(|e| e.key == key)?;
    Some(Splice {
        range: entry.lines.clone(),
        text: String::new(),
    })
}

/// The splice that renames `from` to `to`, keeping the value's bytes.
pub fn rename(doc: &YamlDoc, from: &str, to: &str) -> Option<Splice> {
    let entry = doc.entries.iter().find(|e| e.key == from)?;
    Some(Splice {
        range: entry.key_span.clone(),
        text: emit::key(to),
    })
}

fn line_ending_len(text: &str) -> usize {
    if text.ends_with("\r\n") {
        2
    } else {
        usize::from(text.ends_with('\n'))
    }
}

/// The file's own habits: indentation of top-level keys, of list dashes, flow or block lists.
fn layout(doc: &YamlDoc, block: &Block) -> BlockLayout {
    let mut flow = 0;
    let mut block_lists = 0;
    let mut dash_indent = None;
    for entry in &doc.entries {
        match &entry.shape {
            Shape::FlowList { items, .. } if !items.is_empty() => flow += 1,
            Shape::BlockList {
                dash_indent: indent,
                ..
            } => {
                block_lists += 1;
                dash_indent.get_or_insert_with(|| indent.clone());
            }
            _ => {}
        }
    }
    // Relative to the key: a list under an indented key keeps the same offset.
    let indent = doc
        .entries
        .first()
        .map(|e| e.key_span.start - e.lines.start)
        .unwrap_or(0);
    let dash_indent = dash_indent.map_or_else(
        || "  ".to_string(),
        |d| d.get(indent..).unwrap_or("").to_string(),
    );
    BlockLayout {
        indent: " ".repeat(indent),
        dash_indent,
        line_ending: block.line_ending,
        flow_lists: flow > block_lists,
    }
}

/// Where a new key goes: after the nearest key before it in `key_order`, else before the
/// nearest one after it (and the comment lines directly above that one), else after the last
/// key, so comments at the end of the block stay last.
pub(super) fn insertion_point(
    source: &str,
    block: &Block,
    doc: &YamlDoc,
    key: &str,
    key_order: &[&str],
) -> usize {
    let find = |name: &str| doc.entries.iter().position(|e| e.key == name);
    if let Some(position) = key_order.iter().position(|k| *k == key) {
        if let Some(before) = key_order[..position].iter().rev().find_map(|k| find(k)) {
            return doc.entries[before].lines.end;
        }
        if let Some(after) = key_order[position + 1..].iter().find_map(|k| find(k)) {
            let floor = if after == 0 {
                block.content.start
            } else {
                doc.entries[after - 1].lines.end
            };
            return attached_comments_start(source, doc.entries[after].lines.start, floor);
        }
    }
    match doc.entries.last() {
        Some(last) => last.lines.end,
        None => block.content.end,
    }
}

/// The start of the comment lines directly above `line`, not going above `floor`.
fn attached_comments_start(source: &str, line: usize, floor: usize) -> usize {
    let mut start = line;
    while start > floor {
        let previous = line_start(source, start - 1);
        if previous < floor || !source[previous..start].trim_start().starts_with('#') {
            break;
        }
        start = previous;
    }
    start
}

/// A new item list for a block list: items whose value stays keep their lines (and the comment
/// or blank lines before them); removed items lose theirs; new items are written in between.
fn block_list_splice(
    source: &str,
    entry: &Entry,
    old_ranges: &[Range<usize>],
    new_items: &[Value],
    layout: &BlockLayout,
) -> Splice {
    let old_items = entry.value.as_list().unwrap_or(&[]);
    let pairs = common_subsequence(old_items, new_items);
    let prefix = match &entry.shape {
        Shape::BlockList { dash_indent, .. } => dash_indent.clone(),
        _ => layout.indent.clone(),
    };
    let region = old_ranges[0].start..old_ranges[old_ranges.len() - 1].end;
    let mut out = String::new();
    let mut next_new = 0;
    let mut pair = pairs.iter().peekable();
    let mut previous_end = region.start;
    let write_new = |out: &mut String, item: &Value| {
        out.push_str(&emit::list_item(item, &prefix, layout));
        out.push_str(layout.line_ending);
    };
    for (old_index, range) in old_ranges.iter().enumerate() {
        // Comment and blank lines between items stay where they are.
        out.push_str(&source[previous_end..range.start]);
        previous_end = range.end;
        if let Some(&&(matched_old, matched_new)) = pair.peek() {
            if matched_old == old_index {
                pair.next();
                while next_new < matched_new {
                    write_new(&mut out, &new_items[next_new]);
                    next_new += 1;
                }
                next_new = matched_new + 1;
                out.push_str(&source[range.clone()]);
            }
        }
    }
    for item in &new_items[next_new..] {
        write_new(&mut out, item);
    }
    Splice {
        range: region,
        text: out,
    }
}

/// `[a, b]` rewritten with the new items, reusing the text of items that stay.
fn flow_list_splice(
    source: &str,
    entry: &Entry,
    old_ranges: &[Range<usize>],
    new_items: &[Value],
) -> Splice {
    let old_items = entry.value.as_list().unwrap_or(&[]);
    let mut used = vec![false; old_items.len()];
    let separator = if source[entry.value_span.clone()].contains(", ") || old_items.len() < 2 {
        ", "
    } else {
        ","
    };
    let texts: Vec<String> = new_items
        .iter()
        .map(|item| {
            let reuse = old_items
                .iter()
                .enumerate()
                .position(|(i, old)| !used[i] && old == item);
            match reuse {
                Some(i) => {
                    used[i] = true;
                    source[old_ranges[i].clone()].to_string()
                }
                None => emit::flow(item),
            }
        })
        .collect();
    Splice {
        range: entry.value_span.clone(),
        text: format!("[{}]", texts.join(separator)),
    }
}

/// Index pairs (old, new) of a longest common subsequence of equal values.
fn common_subsequence(old: &[Value], new: &[Value]) -> Vec<(usize, usize)> {
    let (n, m) = (old.len(), new.len());
    let mut table = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if old[i] == new[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut pairs = Vec::new();
    while i < n && j < m {
        if old[i] == new[j] {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}
