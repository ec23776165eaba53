//! HTML entities left in text by old WordPress/Jekyll exports (`What&#8217;s`,
//! `CX Community&mdash;Year One`): one reading of them, used by the `html-entity` check (which
//! offers to replace them in the file), wherever a title is shown or turned into a name (the
//! page list, the editor's header, commit messages, branch names) and by the import of old
//! posts. Showing a title decoded never changes the file: the file keeps what it has until the
//! writer takes the fix. Every HTML5 name is known (quick-xml's table); entities that stand for
//! markup (`&lt;`, `&gt;`, `&amp;`), the no-break space and control characters stay as written,
//! since in Markdown they are deliberate and decoding them could turn text into tags.

use std::sync::OnceLock;

use regex::Regex;

/// Named entities that old WordPress/Jekyll exports left in text, and the characters they mean.
/// `&amp;`, `&lt;`, `&gt;` and `&nbsp;` are left alone: they are deliberate escapes.
const ENTITIES: &[(&str, char)] = &[
    ("mdash", '—'),
    ("ndash", '–'),
    ("rsquo", '’'),
    ("lsquo", '‘'),
    ("rdquo", '”'),
    ("ldquo", '“'),
    ("hellip", '…'),
    ("quot", '"'),
    ("apos", '\''),
    ("eacute", 'é'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
];

/// Matches one entity, numeric or named.
pub fn entity_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"&(#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
            .unwrap_or_else(|_| unreachable!())
    })
}

/// The character an entity stands for, when it is one we replace.
pub fn decode_entity(entity: &str) -> Option<char> {
    let name = entity.strip_prefix('&')?.strip_suffix(';')?;
    let c = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
    } else if let Some(dec) = name.strip_prefix('#') {
        char::from_u32(dec.parse().ok()?)?
    } else {
        return ENTITIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c);
    };
    // Numeric escapes of markup characters are deliberate.
    (!matches!(c, '<' | '>' | '&' | '\u{a0}') && !c.is_control()).then_some(c)
}

/// `text` with its entities decoded (see the module doc for those that stay): a title as the
/// app shows it.
pub fn decode_entities(text: &str) -> String {
    decode(text)
}

/// `text` with its entities decoded, except those that stand for markup characters (`<`, `>`,
/// `&`), a no-break space or a control character. An `&` that starts no entity stays.
pub fn decode(text: &str) -> String {
    decode_with(text, false)
}

/// Like [`decode`], also decoding `&lt;`, `&gt;`, `&amp;` and `&quot;`: for plain-text fields
/// (a title, a summary, a term) read out of HTML, where no Markdown follows.
pub fn decode_all(text: &str) -> String {
    decode_with(text, true)
}

fn decode_with(text: &str, markup_too: bool) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        // An entity is at most 32 characters before its `;` (`&CounterClockwiseContourIntegral;`).
        let end = after
            .char_indices()
            .take(33)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
            .filter(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        match end.and_then(|end| entity(&after[..end], markup_too).map(|s| (end, s))) {
            Some((end, decoded)) => {
                out.push_str(&decoded);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What the entity named `name` (between `&` and `;`) stands for, when it is decoded.
fn entity(name: &str, markup_too: bool) -> Option<String> {
    let decoded: String = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        char::from_u32(code)?.to_string()
    } else {
        quick_xml::escape::resolve_html5_entity(name)?.to_string()
    };
    let keep = decoded
        .chars()
        .any(|c| c == '\u{a0}' || c.is_control() || (!markup_too && matches!(c, '<' | '>' | '&')));
    (!keep).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_decimal_and_hex_entities_become_characters() {
        assert_eq!(
            decode("CX Community&mdash;Year One &ldquo;x&rdquo; customer&#8217;s &#x2014;"),
            "CX Community—Year One “x” customer’s —"
        );
    }

    #[test]
    fn markup_entities_and_stray_ampersands_stay() {
        assert_eq!(
            decode("a &lt;b&gt; &amp; c&nbsp;d AT&T &bogus; &#0;"),
            "a &lt;b&gt; &amp; c&nbsp;d AT&T &bogus; &#0;"
        );
        assert_eq!(decode_all("a &lt;b&gt; &amp;amp;"), "a <b> &amp;");
    }
}
