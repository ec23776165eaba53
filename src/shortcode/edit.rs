//! Editing one shortcode call in place, for the editor's shortcode form: only the params the
//! writer changed are rewritten; everything else in the call keeps its bytes (the delimiters,
//! the spacing and line breaks, the other params and their quoting, the closing tag).
//!
//! The call's pieces come from the one parser ([`super::parse_body`] records where each param
//! is written). A changed value keeps the way its old value was written (bare, `"quoted"`,
//! `\"escaped\"`, `` `raw` ``) when it can still be written so; a new param follows the last
//! one with the same separator. Values are written so that Hugo's lexer reads them back as
//! typed, and the edited call is parsed again and compared before it is handed back: an edit
//! that would not read back is refused, never written. A new call is an empty call, edited.

use std::ops::Range;

use serde::Deserialize;

use super::{
    parse_body, Delimiter, ParamValue, ParsedBody, ShortcodeCall, ShortcodeParam, ShortcodeParams,
};

/// What the writer changed in a call through the form.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ShortcodeEdit {
    /// The params changed, each with its new value; the others are not touched.
    pub params: Vec<ParamChange>,
    /// The new inner content, when it changed (a call without a closing tag gets one).
    pub inner: Option<String>,
}

/// One param's new value.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ParamChange {
    /// The param, by name or position.
    pub param: ShortcodeParam,
    /// Its new value; `None` takes it out of the call.
    pub value: Option<String>,
}

/// Why an edit of a call was refused (nothing is changed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// A named param set on a call with positional ones, or the other way round.
    #[error("{0}: a call takes named or positional parameters, never both (Hugo refuses the mix)")]
    MixedParams(String),
    /// A value holding a backtick, a double quote and a backslash (no quoting reads it back).
    #[error("{0}: this value cannot be written as a shortcode parameter (it holds a backtick, a double quote and a backslash)")]
    Unwritable(String),
    /// Removing a positional param that others follow would move them.
    #[error("{0}: a positional parameter with others after it cannot be removed (they would move); empty it instead")]
    PositionalGap(String),
    /// No call starts at the place given (the text changed since the form was opened).
    #[error("no shortcode call starts there any more; open the form again")]
    NoCall,
    /// The edited call would not read back as the form says (a bug caught before writing).
    #[error("the edited call would not read back as written ({0}); nothing was changed")]
    RoundTrip(String),
}

/// How a param is labelled in messages and the form: its name, or `#1` for the first
/// positional one.
pub fn param_label(param: &ShortcodeParam) -> String {
    match param {
        ShortcodeParam::Named { name } => name.clone(),
        ShortcodeParam::Positional { index } => format!("#{}", index + 1),
    }
}

/// The innermost call of `parsed` whose text holds byte `offset` (its ends included).
pub fn call_at(parsed: &ParsedBody, offset: usize) -> Option<&ShortcodeCall> {
    parsed
        .calls()
        .into_iter()
        .filter(|c| c.span.start <= offset && offset <= c.span.end)
        .last()
}

/// The text of a new call to `name` with `edit` applied: `{{< name params >}}`, with a closing
/// tag (and the edit's inner content) when the shortcode takes inner content.
pub fn new_call(
    name: &str,
    delimiter: Delimiter,
    takes_inner: bool,
    edit: &ShortcodeEdit,
) -> Result<String, EditError> {
    let (open, close) = (delimiter.open(), delimiter.close());
    let empty = if takes_inner {
        format!("{open} {name} {close}{open} /{name} {close}")
    } else {
        format!("{open} {name} {close}")
    };
    let parsed = parse_body(&empty);
    let call = parsed
        .calls()
        .first()
        .map(|c| (*c).clone())
        .ok_or(EditError::NoCall)?;
    edit_call(&empty, &call, edit)
}

/// The new text of `call` (a call parsed from `body`; it replaces `call.span`) with `edit`
/// applied, every byte the edit does not concern kept.
pub fn edit_call(
    body: &str,
    call: &ShortcodeCall,
    edit: &ShortcodeEdit,
) -> Result<String, EditError> {
    let mut expected = Expected::of(call, body);
    let mut splices: Vec<(Range<usize>, String)> = Vec::new();
    let style = match &call.params {
        ShortcodeParams::None => None,
        ShortcodeParams::Named(_) => Some(false),
        ShortcodeParams::Positional(_) => Some(true),
    };
    let sets_named = edit
        .params
        .iter()
        .any(|c| c.value.is_some() && matches!(c.param, ShortcodeParam::Named { .. }));
    let sets_positional = edit
        .params
        .iter()
        .any(|c| c.value.is_some() && matches!(c.param, ShortcodeParam::Positional { .. }));
    for change in &edit.params {
        let positional = matches!(change.param, ShortcodeParam::Positional { .. });
        let mixed = change.value.is_some()
            && match style {
                Some(style) => style != positional,
                None => sets_named && sets_positional,
            };
        if mixed {
            return Err(EditError::MixedParams(param_label(&change.param)));
        }
    }
    let insert_at = call
        .written
        .last()
        .map_or(call.name_span.end, |w| w.value.end);
    let separator = separator(body, call);
    let mut appended = String::new();

    // Named params: the last occurrence is the one Hugo reads; removal takes every one.
    for change in &edit.params {
        let ShortcodeParam::Named { name } = &change.param else {
            continue;
        };
        let occurrences: Vec<_> = call
            .written
            .iter()
            .filter(|w| w.key.as_ref().is_some_and(|k| &body[k.clone()] == name))
            .collect();
        match &change.value {
            Some(value) => {
                let old = occurrences.last().map(|w| &body[w.value.clone()]);
                let (text, typed) = write_value(value, old, false, &change.param)?;
                match occurrences.last() {
                    Some(w) => splices.push((w.value.clone(), text)),
                    None => appended.push_str(&format!("{separator}{name}={text}")),
                }
                expected.set_named(name, typed);
            }
            None => {
                for w in occurrences {
                    let key = w.key.clone().unwrap_or(w.value.clone());
                    splices.push((space_before(body, key.start)..w.value.end, String::new()));
                }
                expected.remove_named(name);
            }
        }
    }

    // Positional params: set in place or appended (with empty ones to fill a gap); only
    // trailing ones may go.
    let mut positional: Vec<&ParamChange> = edit
        .params
        .iter()
        .filter(|c| matches!(c.param, ShortcodeParam::Positional { .. }))
        .collect();
    positional.sort_by_key(|c| match c.param {
        ShortcodeParam::Positional { index } => index,
        ShortcodeParam::Named { .. } => 0,
    });
    let written_count = call.written.iter().filter(|w| w.key.is_none()).count();
    let removed: Vec<usize> = positional
        .iter()
        .filter(|c| c.value.is_none())
        .filter_map(|c| match c.param {
            ShortcodeParam::Positional { index } if index < written_count => Some(index),
            _ => None,
        })
        .collect();
    let mut next_index = written_count;
    for change in positional {
        let ShortcodeParam::Positional { index } = change.param else {
            continue;
        };
        let written = call.written.iter().filter(|w| w.key.is_none()).nth(index);
        match (&change.value, written) {
            (Some(value), Some(w)) => {
                let (text, typed) =
                    write_value(value, Some(&body[w.value.clone()]), true, &change.param)?;
                splices.push((w.value.clone(), text));
                expected.set_positional(index, typed);
            }
            (Some(value), None) => {
                while next_index < index {
                    appended.push_str(&format!("{separator}\"\""));
                    expected.set_positional(next_index, ParamValue::String(String::new()));
                    next_index += 1;
                }
                let (text, typed) = write_value(value, None, true, &change.param)?;
                appended.push_str(&format!("{separator}{text}"));
                expected.set_positional(index, typed);
                next_index = next_index.max(index + 1);
            }
            (None, Some(w)) => {
                if (index + 1..written_count).any(|later| !removed.contains(&later)) {
                    return Err(EditError::PositionalGap(param_label(&change.param)));
                }
                splices.push((
                    space_before(body, w.value.start)..w.value.end,
                    String::new(),
                ));
                expected.truncate_positional(index);
            }
            (None, None) => {}
        }
    }
    if !appended.is_empty() {
        splices.push((insert_at..insert_at, appended));
    }

    // Inner content: replaced between the tags, or a closing tag added.
    if let Some(inner) = &edit.inner {
        match &call.inner_span {
            Some(span) => splices.push((span.clone(), inner.clone())),
            None => {
                let (open, close) = (call.delimiter.open(), call.delimiter.close());
                if call.self_closing {
                    // `{{< x />}}` becomes `{{< x >}}`: the slash and what follows it go.
                    let tag = &body[call.open_tag.clone()];
                    let slash = tag
                        .rfind('/')
                        .map_or(call.open_tag.end, |i| call.open_tag.start + i);
                    splices.push((slash..call.open_tag.end, close.to_string()));
                }
                let closing = format!("{inner}{open} /{} {close}", call.name);
                splices.push((call.open_tag.end..call.open_tag.end, closing));
            }
        }
        expected.inner = Some(inner.clone());
    }

    let text = apply(body, call.span.clone(), splices);
    expected.check(&text, &call.name)?;
    Ok(text)
}

/// The whitespace a new param is written after: what precedes the last written param (a
/// line break and indent in a call written one param per line), else one space.
fn separator<'a>(body: &'a str, call: &ShortcodeCall) -> &'a str {
    let Some(last) = call.written.last() else {
        return " ";
    };
    let start = last.key.as_ref().map_or(last.value.start, |k| k.start);
    let space = &body[space_before(body, start)..start];
    if space.is_empty() {
        " "
    } else {
        space
    }
}

/// Where the whitespace before byte `at` starts.
fn space_before(body: &str, at: usize) -> usize {
    body[..at]
        .trim_end_matches([' ', '\t', '\n', '\r', '\u{0b}', '\u{0c}'])
        .len()
}

/// `body[span]` with `splices` (ranges inside `span`, not overlapping) replaced.
fn apply(body: &str, span: Range<usize>, mut splices: Vec<(Range<usize>, String)>) -> String {
    splices.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::new();
    let mut at = span.start;
    for (range, text) in splices {
        let start = range.start.max(at);
        out.push_str(&body[at..start]);
        out.push_str(&text);
        at = range.end.max(start);
    }
    out.push_str(&body[at..span.end]);
    out
}

/// How a value was written.
#[derive(Clone, Copy, PartialEq)]
enum Quoting {
    Bare,
    Quoted,
    Escaped,
    Raw,
}

fn quoting_of(written: &str) -> Quoting {
    if written.starts_with('`') {
        Quoting::Raw
    } else if written.starts_with("\\\"") {
        Quoting::Escaped
    } else if written.starts_with('"') {
        Quoting::Quoted
    } else {
        Quoting::Bare
    }
}

/// A value Hugo's lexer reads as one bare word (positional: a word of letters, digits, `-`,
/// `.`, `_` that starts with a letter, digit or `-`; named values may also hold `/`, `:`,
/// `#`, `%`…, anything up to whitespace except what would end the tag).
fn bare_ok(value: &str, positional: bool) -> bool {
    let word = |c: char| c == '_' || c == '-' || c == '.' || c.is_alphanumeric();
    let Some(first) = value.chars().next() else {
        return false;
    };
    if positional {
        (first == '_' || first == '-' || first.is_alphanumeric()) && value.chars().all(word)
    } else {
        !matches!(first, '"' | '`' | '\\')
            && value
                .chars()
                .all(|c| word(c) || matches!(c, '/' | ':' | '#' | '+' | '@' | '?' | '&' | '='))
    }
}

/// Writes `value` for a param whose old value was written `old` (`None` for a new param):
/// the text to put in the call and the value Hugo will read from it.
fn write_value(
    value: &str,
    old: Option<&str>,
    positional: bool,
    param: &ShortcodeParam,
) -> Result<(String, ParamValue), EditError> {
    let string = || ParamValue::String(value.to_string());
    let quoting = old.map(quoting_of);
    if quoting == Some(Quoting::Bare) && bare_ok(value, positional) {
        return Ok((value.to_string(), ParamValue::from_bare(value)));
    }
    let has = |c: char| value.contains(c);
    if quoting == Some(Quoting::Raw) && !has('`') {
        return Ok((format!("`{value}`"), string()));
    }
    if quoting == Some(Quoting::Escaped) && !has('"') && !has('\\') && !has('\n') {
        return Ok((format!("\\\"{value}\\\""), string()));
    }
    if !has('\n') && !has('"') && !value.ends_with('\\') {
        // Backslashes stay as written when the string holds no escaped quote.
        return Ok((format!("\"{value}\""), string()));
    }
    if !has('\n') && !has('\\') {
        // With an escaped quote inside, Hugo drops every backslash: `\"` reads `"`.
        return Ok((format!("\"{}\"", value.replace('"', "\\\"")), string()));
    }
    if !has('`') {
        return Ok((format!("`{value}`"), string()));
    }
    Err(EditError::Unwritable(param_label(param)))
}

/// What the edited call must read back as.
struct Expected {
    params: ShortcodeParams,
    inner: Option<String>,
}

impl Expected {
    fn of(call: &ShortcodeCall, body: &str) -> Expected {
        Expected {
            params: call.params.clone(),
            inner: call.inner_span.clone().map(|s| body[s].to_string()),
        }
    }

    fn set_named(&mut self, name: &str, value: ParamValue) {
        if !matches!(self.params, ShortcodeParams::Named(_)) {
            self.params = ShortcodeParams::Named(Vec::new());
        }
        if let ShortcodeParams::Named(pairs) = &mut self.params {
            match pairs.iter_mut().rev().find(|(k, _)| k == name) {
                Some((_, v)) => *v = value,
                None => pairs.push((name.to_string(), value)),
            }
        }
    }

    fn remove_named(&mut self, name: &str) {
        if let ShortcodeParams::Named(pairs) = &mut self.params {
            pairs.retain(|(k, _)| k != name);
            if pairs.is_empty() {
                self.params = ShortcodeParams::None;
            }
        }
    }

    fn set_positional(&mut self, index: usize, value: ParamValue) {
        if !matches!(self.params, ShortcodeParams::Positional(_)) {
            self.params = ShortcodeParams::Positional(Vec::new());
        }
        if let ShortcodeParams::Positional(values) = &mut self.params {
            if values.len() <= index {
                values.resize(index + 1, ParamValue::String(String::new()));
            }
            values[index] = value;
        }
    }

    fn truncate_positional(&mut self, index: usize) {
        if let ShortcodeParams::Positional(values) = &mut self.params {
            values.truncate(index);
            if values.is_empty() {
                self.params = ShortcodeParams::None;
            }
        }
    }

    /// Parses `text` (the edited call alone) and compares it with what the edit asked for.
    fn check(&self, text: &str, name: &str) -> Result<(), EditError> {
        let parsed = parse_body(text);
        let Some(call) = parsed.calls().first().copied() else {
            return Err(EditError::RoundTrip("no call".into()));
        };
        if call.span != (0..text.len()) || call.name != name {
            return Err(EditError::RoundTrip("the call's extent changed".into()));
        }
        if call.params != self.params {
            return Err(EditError::RoundTrip(format!(
                "params {:?}, wanted {:?}",
                call.params, self.params
            )));
        }
        let inner = call.inner_span.clone().map(|s| &text[s]);
        if inner != self.inner.as_deref() {
            return Err(EditError::RoundTrip("the inner content changed".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str, value: Option<&str>) -> ParamChange {
        ParamChange {
            param: ShortcodeParam::Named { name: name.into() },
            value: value.map(str::to_string),
        }
    }

    fn pos(index: usize, value: Option<&str>) -> ParamChange {
        ParamChange {
            param: ShortcodeParam::Positional { index },
            value: value.map(str::to_string),
        }
    }

    /// Edits the first call of `body` and returns the whole body after the edit.
    fn edited(
        body: &str,
        changes: Vec<ParamChange>,
        inner: Option<&str>,
    ) -> Result<String, EditError> {
        let parsed = parse_body(body);
        let call = parsed.calls()[0].clone();
        let edit = ShortcodeEdit {
            params: changes,
            inner: inner.map(str::to_string),
        };
        let text = edit_call(body, &call, &edit)?;
        Ok(format!(
            "{}{}{}",
            &body[..call.span.start],
            text,
            &body[call.span.end..]
        ))
    }

    #[test]
    fn one_named_value_changes_and_nothing_else() {
        let body = "Before {{<  img   src=\"a.png\" alt=\"old\"\tcaption=`raw \"c\"`  >}} after";
        let out = edited(body, vec![named("alt", Some("new alt"))], None).unwrap();
        assert_eq!(
            out,
            "Before {{<  img   src=\"a.png\" alt=\"new alt\"\tcaption=`raw \"c\"`  >}} after"
        );
    }

    #[test]
    fn quoting_styles_are_kept_where_the_value_allows() {
        let body = "{{% d a=bare b=`raw` c=\\\"esc\\\" d=4 %}}";
        let out = edited(
            body,
            vec![
                named("a", Some("word")),
                named("b", Some("has \"quotes\"")),
                named("c", Some("other")),
                named("d", Some("5")),
            ],
            None,
        )
        .unwrap();
        assert_eq!(
            out,
            "{{% d a=word b=`has \"quotes\"` c=\\\"other\\\" d=5 %}}"
        );
        // A bare value that needs quotes now gets them; a typed number stays bare and typed.
        let out = edited(body, vec![named("a", Some("two words"))], None).unwrap();
        assert_eq!(out, "{{% d a=\"two words\" b=`raw` c=\\\"esc\\\" d=4 %}}");
        let reparsed = parse_body(&out);
        assert_eq!(
            reparsed.calls()[0].params.named("d"),
            Some(&ParamValue::Int(4))
        );
    }

    #[test]
    fn quotes_and_backslashes_are_written_so_hugo_reads_them_back() {
        let body = "{{< d a=\"x\" >}}";
        let cases = [
            ("say \"hi\"", "{{< d a=\"say \\\"hi\\\"\" >}}"),
            ("C:\\path", "{{< d a=\"C:\\path\" >}}"),
            ("both \" and \\", "{{< d a=`both \" and \\` >}}"),
            ("ends\\", "{{< d a=`ends\\` >}}"),
            ("two\nlines", "{{< d a=`two\nlines` >}}"),
        ];
        for (value, want) in cases {
            let out = edited(body, vec![named("a", Some(value))], None).unwrap();
            assert_eq!(out, want, "{value:?}");
            let parsed = parse_body(&out);
            assert_eq!(
                parsed.calls()[0].params.named("a"),
                Some(&ParamValue::String(value.into())),
                "{value:?}"
            );
        }
        assert_eq!(
            edited(body, vec![named("a", Some("` \" \\"))], None),
            Err(EditError::Unwritable("a".into()))
        );
    }

    #[test]
    fn new_params_follow_the_last_one_with_its_separator() {
        let body = "{{< card\n    title=\"T\"\n    link=\"/x\"\n>}}";
        let out = edited(body, vec![named("kicker", Some("K"))], None).unwrap();
        assert_eq!(
            out,
            "{{< card\n    title=\"T\"\n    link=\"/x\"\n    kicker=\"K\"\n>}}"
        );
        let out = edited("{{<img>}}", vec![named("src", Some("a"))], None).unwrap();
        assert_eq!(out, "{{<img src=\"a\">}}");
        let out = edited("{{< img />}}", vec![named("src", Some("a"))], None).unwrap();
        assert_eq!(out, "{{< img src=\"a\" />}}");
    }

    #[test]
    fn removing_a_param_takes_its_leading_space() {
        let body = "{{< img src=\"a\"  alt=\"b\" caption=\"c\" >}}";
        assert_eq!(
            edited(body, vec![named("alt", None)], None).unwrap(),
            "{{< img src=\"a\" caption=\"c\" >}}"
        );
        assert_eq!(
            edited(
                body,
                vec![
                    named("src", None),
                    named("alt", None),
                    named("caption", None)
                ],
                None
            )
            .unwrap(),
            "{{< img >}}"
        );
        // A repeated key: Hugo reads the last; setting changes it, removing removes both.
        let body = "{{< d a=\"1\" a=\"2\" >}}";
        assert_eq!(
            edited(body, vec![named("a", Some("3"))], None).unwrap(),
            "{{< d a=\"1\" a=\"3\" >}}"
        );
        assert_eq!(
            edited(body, vec![named("a", None)], None).unwrap(),
            "{{< d >}}"
        );
    }

    #[test]
    fn positional_params_set_append_fill_and_trim() {
        let body = "{{< highlight go \"linenos=table\" >}}code{{< /highlight >}}";
        assert_eq!(
            edited(body, vec![pos(0, Some("rust"))], None).unwrap(),
            "{{< highlight rust \"linenos=table\" >}}code{{< /highlight >}}"
        );
        assert_eq!(
            edited(body, vec![pos(1, None)], None).unwrap(),
            "{{< highlight go >}}code{{< /highlight >}}"
        );
        assert_eq!(
            edited(body, vec![pos(0, None)], None),
            Err(EditError::PositionalGap("#1".into()))
        );
        assert_eq!(
            edited(body, vec![pos(0, None), pos(1, None)], None).unwrap(),
            "{{< highlight >}}code{{< /highlight >}}"
        );
        assert_eq!(
            edited("{{< link >}}", vec![pos(2, Some("c d"))], None).unwrap(),
            "{{< link \"\" \"\" \"c d\" >}}"
        );
        // A bare positional value stays bare while it can.
        assert_eq!(
            edited("{{< x 4 >}}", vec![pos(0, Some("5"))], None).unwrap(),
            "{{< x 5 >}}"
        );
    }

    #[test]
    fn named_and_positional_never_mix() {
        assert_eq!(
            edited(
                "{{< ref \"a.md\" >}}",
                vec![named("lang", Some("en"))],
                None
            ),
            Err(EditError::MixedParams("lang".into()))
        );
        assert_eq!(
            edited(
                "{{< ref >}}",
                vec![named("path", Some("a")), pos(0, Some("b"))],
                None
            ),
            Err(EditError::MixedParams("path".into()))
        );
    }

    #[test]
    fn inner_content_is_replaced_between_the_tags_or_a_closing_tag_is_added() {
        let body = "{{% note variant=\"alert\" %}}\n*old*\n{{% /note %}} tail";
        assert_eq!(
            edited(body, vec![], Some("\nnew\n")).unwrap(),
            "{{% note variant=\"alert\" %}}\nnew\n{{% /note %}} tail"
        );
        assert_eq!(
            edited("{{< note />}}", vec![], Some("x")).unwrap(),
            "{{< note >}}x{{< /note >}}"
        );
        assert_eq!(
            edited("{{< note variant=\"a\" >}}", vec![], Some("x")).unwrap(),
            "{{< note variant=\"a\" >}}x{{< /note >}}"
        );
        // The inner content's own calls are kept untouched when only a param changes.
        let body = "{{< box color=\"red\" >}}{{< img src=\"a\" >}}{{< /box >}}";
        assert_eq!(
            edited(body, vec![named("color", Some("blue"))], None).unwrap(),
            "{{< box color=\"blue\" >}}{{< img src=\"a\" >}}{{< /box >}}"
        );
    }

    #[test]
    fn the_call_under_a_place_is_the_innermost() {
        let body = "a {{< box >}}x {{< img src=\"i\" >}} y{{< /box >}} b";
        let parsed = parse_body(body);
        assert_eq!(
            call_at(&parsed, body.find("img").unwrap()).unwrap().name,
            "img"
        );
        assert_eq!(
            call_at(&parsed, body.find("x ").unwrap()).unwrap().name,
            "box"
        );
        assert!(call_at(&parsed, 0).is_none());
        assert_eq!(
            call_at(&parsed, body.len() - 1).map(|c| c.name.as_str()),
            None
        );
    }

    #[test]
    fn a_new_call_is_an_empty_call_edited() {
        let edit = ShortcodeEdit {
            params: vec![named("variant", Some("alert"))],
            inner: Some("Mind the gap.".into()),
        };
        assert_eq!(
            new_call("note", Delimiter::Angle, true, &edit).unwrap(),
            "{{< note variant=\"alert\" >}}Mind the gap.{{< /note >}}"
        );
        let edit = ShortcodeEdit {
            params: vec![pos(0, Some("news/a.md"))],
            inner: None,
        };
        assert_eq!(
            new_call("ref", Delimiter::Angle, false, &edit).unwrap(),
            "{{< ref \"news/a.md\" >}}"
        );
        assert_eq!(
            new_call("toc", Delimiter::Percent, false, &ShortcodeEdit::default()).unwrap(),
            "{{% toc %}}"
        );
    }
}
