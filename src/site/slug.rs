//! The one answer to "the slug for this title on this site": what a new page's file name and
//! `slug` are made from, what an import names a post, and (through [`fold_accents`]) how a
//! draft's branch name drops accents.
//!
//! Decision: a site with a Decap CMS config gets Decap's rule, because that is what its
//! editors' pages were named by until now: Decap's `slug` settings (`encoding: unicode|ascii`,
//! `clean_accents`, `sanitize_replacement`) applied as Decap's `prepareSlug` + `sanitizeSlug`
//! do (lower case, `'` dropped, `.` → `-`, accents folded when asked, every character that is
//! not a URI (or, for `unicode`, IRI) character → the replacement, doubled and edge
//! replacements removed). digital.gov sets `clean_accents: true`, so "Ünïcode post" is
//! `unicode-post`. A site without one gets Hugo's `urlize` (what Hugo makes a URL of a title),
//! kept to what is safe as one file name ([`file_slug`]).
//!
//! Accent folding follows the `diacritics` package Decap uses for the Latin letters of
//! Latin-1 and Latin Extended-A (`é` → `e`, `ß` → `ss`, `Æ` → `AE`, `Ł` → `L`); letters of other
//! scripts are kept.

use serde_json::Value as Json;

use super::urlize;

/// Which characters a Decap slug keeps (Decap's `slug.encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugEncoding {
    /// IRI characters: ASCII letters, digits, `_ - . ~` and any non-ASCII letter (the default).
    Unicode,
    /// URI characters only: ASCII letters, digits, `_ - . ~`.
    Ascii,
}

/// The site's slug rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SlugRules {
    /// Hugo's `urlize`, made safe as a file name (no Decap config).
    #[default]
    Hugo,
    /// Decap CMS's `slug` settings.
    Decap {
        /// `encoding`.
        encoding: SlugEncoding,
        /// `clean_accents`.
        clean_accents: bool,
        /// `sanitize_replacement` (`-` by default).
        replacement: String,
    },
}

impl SlugRules {
    /// Decap's defaults (a config without a `slug` block).
    pub fn decap_default() -> SlugRules {
        SlugRules::Decap {
            encoding: SlugEncoding::Unicode,
            clean_accents: false,
            replacement: "-".to_string(),
        }
    }

    /// The rule of a parsed Decap config: its `slug` block, with Decap's defaults for what it
    /// leaves out. A replacement that is not itself a valid slug character is refused by Decap;
    /// here it falls back to `-`.
    pub fn from_decap_config(config: &Json) -> SlugRules {
        let block = config.get("slug");
        let get = |key: &str| block.and_then(|b| b.get(key));
        let encoding = match get("encoding").and_then(Json::as_str) {
            Some(e) if e.eq_ignore_ascii_case("ascii") => SlugEncoding::Ascii,
            _ => SlugEncoding::Unicode,
        };
        let replacement = get("sanitize_replacement")
            .and_then(Json::as_str)
            .filter(|r| r.chars().all(|c| valid_char(c, encoding)))
            .unwrap_or("-")
            .to_string();
        SlugRules::Decap {
            encoding,
            clean_accents: get("clean_accents")
                .and_then(Json::as_bool)
                .unwrap_or(false),
            replacement,
        }
    }

    /// The slug of `text` (a title, a name) under this rule; safe as one file or folder name
    /// (never `/`, `\`, a leading `.` or `..`). Empty when nothing of the text can be used.
    pub fn slug(&self, text: &str) -> String {
        match self {
            SlugRules::Hugo => file_slug(text),
            SlugRules::Decap {
                encoding,
                clean_accents,
                replacement,
            } => decap_slug(text, *encoding, *clean_accents, replacement),
        }
    }

    /// The character a slug puts between words (`-` unless Decap's `sanitize_replacement`
    /// says otherwise).
    pub fn separator(&self) -> &str {
        match self {
            SlugRules::Hugo => "-",
            SlugRules::Decap { replacement, .. } => replacement,
        }
    }
}

/// Decap's `prepareSlug` then `sanitizeSlug`.
fn decap_slug(
    text: &str,
    encoding: SlugEncoding,
    clean_accents: bool,
    replacement: &str,
) -> String {
    // prepareSlug: trim, lower-case, drop `'`, `.` → `-`.
    let prepared: String = text
        .trim()
        .to_lowercase()
        .replace('\'', "")
        .replace('.', "-");
    let folded = if clean_accents {
        fold_accents(&prepared)
    } else {
        prepared
    };
    // sanitizeURI, then sanitize-filename (whose characters are already not URI characters).
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if valid_char(c, encoding) {
            out.push(c);
        } else {
            out.push_str(replacement);
        }
    }
    if replacement.is_empty() {
        return out.trim_start_matches('.').to_string();
    }
    // Doubled, leading and trailing replacements go.
    let mut collapsed = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(replacement) {
            if !collapsed.ends_with(replacement) {
                collapsed.push_str(replacement);
            }
            rest = after;
        } else if let Some(c) = rest.chars().next() {
            collapsed.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    let trimmed = collapsed
        .strip_prefix(replacement)
        .unwrap_or(&collapsed)
        .to_string();
    let trimmed = trimmed.strip_suffix(replacement).unwrap_or(&trimmed);
    // sanitize-filename: `.` and `..` alone are not names; no name starts with a dot here.
    trimmed.trim_start_matches('.').to_string()
}

/// Decap's `validURIChar` (`[\w\-.~]`) or, for `unicode`, `validIRIChar` (also the UCS ranges
/// of RFC 3987, i.e. any character from U+00A0 up except the specials and private use).
fn valid_char(c: char, encoding: SlugEncoding) -> bool {
    if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '~') {
        return true;
    }
    encoding == SlugEncoding::Unicode
        && matches!(c, '\u{a0}'..='\u{d7ff}' | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{ffef}' | '\u{10000}'..='\u{10ffff}')
        && !matches!(c, '\u{e000}'..='\u{f8ff}')
}

/// A slug safe as one file or folder name: [`urlize`] without the URL characters that are
/// path syntax (`/`, `\\`, `%`, `#`…) and without leading dots, so `../x` cannot climb.
pub fn file_slug(title: &str) -> String {
    let slug: String = urlize(title)
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    slug.trim_start_matches(['.', '-'])
        .trim_end_matches('.')
        .to_string()
}

/// `text` with the accents of Latin letters dropped (`Ünïcode` → `Unicode`, `Straße` →
/// `Strasse`); other characters unchanged. The one accent folding: slugs and branch names use it.
pub fn fold_accents(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match fold_char(c) {
            Some(base) => out.push_str(base),
            None => out.push(c),
        }
    }
    out
}

/// The base letters of an accented Latin letter (Latin-1 Supplement and Latin Extended-A, as
/// the `diacritics` package maps them).
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ď' | 'Đ' | 'Ð' => "D",
        'ď' | 'đ' | 'ð' => "d",
        'È'..='Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ì'..='Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' | 'ĸ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' | 'Ŋ' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => "s",
        'ß' => "ss",
        'Ţ' | 'Ť' | 'Ŧ' => "T",
        'ţ' | 'ť' | 'ŧ' => "t",
        'Þ' => "TH",
        'þ' => "th",
        'Ù'..='Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decap(yaml: &str) -> SlugRules {
        let config: Json = serde_json::from_str(yaml).unwrap();
        SlugRules::from_decap_config(&config)
    }

    #[test]
    fn digital_gov_folds_accents() {
        let rules = decap(r#"{"slug": {"clean_accents": true}}"#);
        assert_eq!(rules.slug("Ünïcode post"), "unicode-post");
        assert_eq!(
            rules.slug("Café au lait, s'il vous plaît!"),
            "cafe-au-lait-sil-vous-plait"
        );
        assert_eq!(rules.slug("Straße"), "strasse");
    }

    #[test]
    fn decap_defaults_keep_unicode_letters() {
        let rules = decap("{}");
        assert_eq!(rules, SlugRules::decap_default());
        assert_eq!(rules.slug("Ünïcode post"), "ünïcode-post");
        assert_eq!(rules.slug("日本語 タイトル"), "日本語-タイトル");
    }

    #[test]
    fn decap_ascii_encoding_replaces_what_is_not_a_uri_character() {
        let rules = decap(r#"{"slug": {"encoding": "ascii"}}"#);
        // Without clean_accents the accented letters are not URI characters.
        assert_eq!(rules.slug("Ünïcode post"), "n-code-post");
        let rules = decap(r#"{"slug": {"encoding": "ascii", "clean_accents": true}}"#);
        assert_eq!(rules.slug("Ünïcode post"), "unicode-post");
    }

    #[test]
    fn decap_prepare_slug_drops_quotes_and_dashes_periods() {
        let rules = SlugRules::decap_default();
        assert_eq!(rules.slug("What's new in v1.2?"), "whats-new-in-v1-2");
        assert_eq!(rules.slug("  Hello,   Customers!  "), "hello-customers");
        assert_eq!(rules.slug("a/b\\c:d*e"), "a-b-c-d-e");
        assert_eq!(rules.slug("~tilde_under"), "~tilde_under");
        assert_eq!(rules.slug("!!!"), "");
        assert_eq!(rules.slug("../../etc"), "etc");
    }

    #[test]
    fn decap_sanitize_replacement_is_used_and_collapsed() {
        let rules = decap(r#"{"slug": {"sanitize_replacement": "_"}}"#);
        assert_eq!(rules.slug("Hello,  World!"), "hello_world");
        // `-` is kept as a character of its own; Decap only collapses the replacement.
        assert_eq!(rules.slug("Pre-launch notes"), "pre-launch_notes");
        // A replacement that is not a slug character is refused (Decap throws); `-` it is.
        let rules = decap(r#"{"slug": {"sanitize_replacement": "/"}}"#);
        assert_eq!(rules.separator(), "-");
    }

    #[test]
    fn hugo_urlize_without_decap() {
        let rules = SlugRules::Hugo;
        assert_eq!(rules.slug("Hello, Customers!"), "hello-customers");
        // Hugo keeps accents (urlize lower-cases, drops punctuation).
        assert_eq!(rules.slug("Ünïcode post"), "ünïcode-post");
        assert_eq!(rules.slug("../x"), "x");
        assert_eq!(rules.slug("C# & .NET"), "c-.net");
    }

    #[test]
    fn folding_is_latin_only() {
        assert_eq!(fold_accents("Æsir Łódź"), "AEsir Lodz");
        assert_eq!(fold_accents("Ελληνικά"), "Ελληνικά");
    }
}
