//! HTML entities left in text by old WordPress/Jekyll exports (`What&#8217;s`,
//! `CX Community&mdash;Year One`): one reading of them, used by the `html-entity` check (which
//! offers to replace them in the file) and wherever a title is shown or turned into a name
//! (the page list, the editor's header, commit messages, branch names). Showing a title
//! decoded never changes the file: the file keeps what it has until the writer takes the fix.

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

/// `text` with the entities of [`decode_entity`] replaced by their characters (others kept).
pub fn decode_entities(text: &str) -> String {
    entity_regex()
        .replace_all(text, |caps: &regex::Captures<'_>| {
            decode_entity(&caps[0]).map_or_else(|| caps[0].to_string(), |c| c.to_string())
        })
        .into_owned()
}
