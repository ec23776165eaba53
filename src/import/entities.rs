//! HTML entities in imported text (`&rsquo;`, `&#8217;`, `&#x2014;`) turned into the characters
//! they stand for: Jekyll and WordPress stored typography as entities, the site writes the
//! characters. Every HTML5 name is known (quick-xml's table). Entities that stand for markup
//! (`&lt;`, `&gt;`, `&amp;`) and the no-break space stay as written: in Markdown they are
//! deliberate, and decoding them could turn text into tags.

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
