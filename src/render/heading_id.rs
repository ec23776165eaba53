//! Auto ids for headings (and, with `autoDefinitionTermID`, definition terms) the way Hugo
//! makes them: its `sanitizeAnchorName` for the three `autoIDType`s, and one set of used ids
//! per render with goldmark's `-1`, `-2`, … for duplicates (docs/hugo-behaviour.md §4.1).

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use super::options::HeadingIdType;

/// Ids already given in one render (goldmark keeps one set per document).
#[derive(Debug, Default)]
pub struct HeadingIds {
    used: HashSet<String>,
}

impl HeadingIds {
    /// Registers an id written out by the author (`{#id}`), so auto ids avoid it.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// The id for a heading or term whose plain text is `text`: its anchor name (or
    /// `fallback` when that is empty), made unique with the first free `-1`, `-2`, ….
    pub fn generate(&mut self, text: &str, kind: HeadingIdType, fallback: &str) -> String {
        let mut id = anchor_name(text, kind);
        if id.is_empty() {
            id = fallback.to_string();
        }
        if self.used.insert(id.clone()) {
            return id;
        }
        let mut n = 1;
        loop {
            let candidate = format!("{id}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// Hugo's `sanitizeAnchorName`. The github types keep `_`, letters and decimal digits
/// (lower-cased), turn `-` and space into `-` and drop the rest; `github-ascii` first strips
/// accents and then drops whatever is not ASCII. `blackfriday` joins runs of letters and
/// numbers with single dashes.
pub fn anchor_name(text: &str, kind: HeadingIdType) -> String {
    let mut id = String::with_capacity(text.len());
    match kind {
        HeadingIdType::Blackfriday => {
            let mut dash_pending = false;
            for c in text.chars() {
                if is_go_letter(c) || is_go_number(c) {
                    if dash_pending && !id.is_empty() {
                        id.push('-');
                    }
                    dash_pending = false;
                    push_lower(c, &mut id);
                } else {
                    dash_pending = true;
                }
            }
        }
        HeadingIdType::Github | HeadingIdType::GithubAscii => {
            let ascii_only = kind == HeadingIdType::GithubAscii;
            for c in text.trim().chars() {
                let c = if ascii_only { remove_accent(c) } else { c };
                if ascii_only && !c.is_ascii() {
                    continue;
                }
                if c == '-' || c == ' ' {
                    id.push('-');
                } else if c == '_' || is_go_letter(c) || is_go_digit(c) {
                    push_lower(c, &mut id);
                }
            }
        }
    }
    id
}

/// Go's `unicode.ToLower`: the simple mapping, one rune for one (`İ` is the one letter
/// whose full lower case is longer).
fn push_lower(c: char, out: &mut String) {
    match c {
        'İ' => out.push('i'),
        c => out.extend(c.to_lowercase()),
    }
}

fn unicode_class(pattern: &'static str, cell: &'static OnceLock<Regex>) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|_| unreachable!("constant regex")))
}

/// Go's `unicode.IsLetter` (general category L; Rust's `is_alphabetic` also takes marks
/// and letter numbers).
fn is_go_letter(c: char) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    unicode_class(r"^\p{L}$", &RE).is_match(c.encode_utf8(&mut [0; 4]))
}

/// Go's `unicode.IsDigit` (category Nd).
fn is_go_digit(c: char) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    unicode_class(r"^\p{Nd}$", &RE).is_match(c.encode_utf8(&mut [0; 4]))
}

/// Go's `unicode.IsNumber` (category N: `²`, `½`, `Ⅻ` too).
fn is_go_number(c: char) -> bool {
    c.is_numeric()
}

/// Hugo's `text.RemoveAccents` (NFD, drop nonspacing marks, NFC) for the letters it turns
/// into ASCII: every precomposed letter whose decomposition is an ASCII letter and marks,
/// listed by base letter (generated from Unicode 14's decompositions).
fn remove_accent(c: char) -> char {
    const ACCENTED: [(char, &str); 25] = [
        (
            'a',
            "ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặÅ",
        ),
        ('b', "ḂḃḄḅḆḇ"),
        ('c', "ÇçĆćĈĉĊċČčḈḉ"),
        ('d', "ĎďḊḋḌḍḎḏḐḑḒḓ"),
        ('e', "ÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ"),
        ('f', "Ḟḟ"),
        ('g', "ĜĝĞğĠġĢģǦǧǴǵḠḡ"),
        ('h', "ĤĥȞȟḢḣḤḥḦḧḨḩḪḫẖ"),
        ('i', "ÌÍÎÏìíîïĨĩĪīĬĭĮįİǏǐȈȉȊȋḬḭḮḯỈỉỊị"),
        ('j', "Ĵĵǰ"),
        ('k', "ĶķǨǩḰḱḲḳḴḵK"),
        ('l', "ĹĺĻļĽľḶḷḸḹḺḻḼḽ"),
        ('m', "ḾḿṀṁṂṃ"),
        ('n', "ÑñŃńŅņŇňǸǹṄṅṆṇṈṉṊṋ"),
        (
            'o',
            "ÒÓÔÕÖòóôõöŌōŎŏŐőƠơǑǒǪǫǬǭȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ",
        ),
        ('p', "ṔṕṖṗ"),
        ('r', "ŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ"),
        ('s', "ŚśŜŝŞşŠšȘșṠṡṢṣṤṥṦṧṨṩ"),
        ('t', "ŢţŤťȚțṪṫṬṭṮṯṰṱẗ"),
        (
            'u',
            "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự",
        ),
        ('v', "ṼṽṾṿ"),
        ('w', "ŴŵẀẁẂẃẄẅẆẇẈẉẘ"),
        ('x', "ẊẋẌẍ"),
        ('y', "ÝýÿŶŷŸȲȳẎẏẙỲỳỴỵỶỷỸỹ"),
        ('z', "ŹźŻżŽžẐẑẒẓẔẕ"),
    ];
    if c.is_ascii() {
        return c;
    }
    ACCENTED
        .iter()
        .find(|(_, letters)| letters.contains(c))
        .map_or(c, |&(base, _)| base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(kind: HeadingIdType, texts: &[&str]) -> Vec<String> {
        let mut used = HeadingIds::default();
        texts
            .iter()
            .map(|t| used.generate(t, kind, "heading"))
            .collect()
    }

    #[test]
    fn github_ids_keep_unicode_letters_and_decimal_digits() {
        assert_eq!(
            ids(
                HeadingIdType::Github,
                &[
                    "Hello  World!",
                    "Über Café",
                    "x² ½ Ⅻ ٣ ǅ",
                    "snake_case",
                    "!!!",
                    "Dup",
                    "Dup",
                    "Dup-1"
                ]
            ),
            [
                "hello--world",
                "über-café",
                "x---٣-ǆ",
                "snake_case",
                "heading",
                "dup",
                "dup-1",
                "dup-1-1"
            ]
        );
    }

    #[test]
    fn github_ascii_ids_strip_accents_and_drop_the_rest() {
        assert_eq!(
            ids(
                HeadingIdType::GithubAscii,
                &[
                    "Über Café",
                    "日本語 テスト",
                    "Ñandú straße Œuvre ﬁ ß",
                    "e\u{301}té İ"
                ]
            ),
            ["uber-cafe", "-", "nandu-strae-uvre--", "ete-i"]
        );
    }

    #[test]
    fn blackfriday_ids_join_words_with_single_dashes() {
        assert_eq!(
            ids(
                HeadingIdType::Blackfriday,
                &[
                    "Hello  World",
                    "Hello World",
                    "-leading and trailing-",
                    "snake_case",
                    "x² ½ Ⅻ",
                    "Don't"
                ]
            ),
            [
                "hello-world",
                "hello-world-1",
                "leading-and-trailing",
                "snake-case",
                "x²-½-ⅻ",
                "don-t"
            ]
        );
    }
}
