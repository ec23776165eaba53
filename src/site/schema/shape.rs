//! How the pages of one folder are written today: which keys they carry, in which order, how
//! each value is quoted, how an empty list is left, and the UTC offset their dates carry. A new
//! page is written in that shape, so it reads like its neighbours (digital.gov quotes a news
//! post's title, `"…"`, but writes its date plain, `2024-12-31 00:00:00 -0500`).
//!
//! Decision: the shape is learned from the newest pages of the folder (by date, at most
//! [`SAMPLE`]), because a site's house style drifts over the years and the newest pages are
//! the ones written the way the team writes now; pages without dates (term pages) are taken in
//! index order. Only YAML front matter is read; other formats give an empty shape.

use crate::front_matter::emit::QuoteStyle;
use crate::site::Site;

/// How many of the newest pages the shape is learned from.
pub const SAMPLE: usize = 40;

/// How one key is written in the folder's pages.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyShape {
    /// The key.
    pub name: String,
    /// How many sampled pages carry it.
    pub count: usize,
    /// Pages writing a non-empty value plain, `"…"`, `'…'`.
    pub plain: usize,
    /// See [`KeyShape::plain`].
    pub double: usize,
    /// See [`KeyShape::plain`].
    pub single: usize,
    /// Pages writing nothing after `key:` (null, or a block list on the next lines).
    pub bare: usize,
    /// Pages writing `key: []`.
    pub flow_empty: usize,
}

impl KeyShape {
    /// The quoting most pages use for a non-empty value of this key.
    pub fn quote_style(&self) -> QuoteStyle {
        if self.double > self.plain.max(self.single) {
            QuoteStyle::Double
        } else if self.single > self.plain.max(self.double) {
            QuoteStyle::Single
        } else {
            QuoteStyle::Plain
        }
    }
}

/// The shape of a folder's pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageShape {
    /// How many pages it was learned from.
    pub pages: usize,
    /// Each key seen, first-seen order.
    pub keys: Vec<KeyShape>,
    /// The UTC offsets (seconds east) the sampled `date` values carry, most used first, with
    /// their counts.
    pub date_offsets: Vec<(i32, usize)>,
    /// Each sampled page's keys, in order.
    orders: Vec<Vec<String>>,
}

impl PageShape {
    /// The shape of the pages under `folder` (content-relative, no trailing `/`).
    pub fn learn(site: &Site, folder: &str) -> PageShape {
        let prefix = format!("{folder}/");
        let mut pages: Vec<_> = site
            .index
            .pages
            .iter()
            .filter(|p| p.path.starts_with(&prefix) && p.path != format!("{folder}/_index.md"))
            .collect();
        // Newest first; undated pages keep index order after the dated ones.
        pages.sort_by(|a, b| {
            b.date
                .is_some()
                .cmp(&a.date.is_some())
                .then(b.date.cmp(&a.date))
        });
        let root = site.content_root();
        let mut shape = PageShape::default();
        for page in pages.into_iter().take(SAMPLE) {
            let Ok(text) = std::fs::read_to_string(root.join(&page.path)) else {
                continue;
            };
            if shape.read(&text) {
                shape.pages += 1;
            }
        }
        shape.date_offsets.sort_by_key(|o| std::cmp::Reverse(o.1));
        shape
    }

    /// Adds one page's front matter; false when it has no YAML front matter.
    fn read(&mut self, text: &str) -> bool {
        let mut lines = text.lines();
        if lines.next().map(str::trim_end) != Some("---") {
            return false;
        }
        let mut seen: Vec<String> = Vec::new();
        for line in lines.take_while(|l| l.trim_end() != "---") {
            if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().trim_matches(['"', '\'']).to_string();
            if seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            let value = value.trim();
            let entry = match self.keys.iter_mut().position(|k| k.name == key) {
                Some(at) => &mut self.keys[at],
                None => {
                    self.keys.push(KeyShape {
                        name: key.clone(),
                        count: 0,
                        plain: 0,
                        double: 0,
                        single: 0,
                        bare: 0,
                        flow_empty: 0,
                    });
                    let last = self.keys.len() - 1;
                    &mut self.keys[last]
                }
            };
            entry.count += 1;
            let value = value.split(" #").next().unwrap_or(value).trim();
            match value.chars().next() {
                None => entry.bare += 1,
                Some('"') => entry.double += 1,
                Some('\'') => entry.single += 1,
                Some('[') if value == "[]" => entry.flow_empty += 1,
                Some(_) => entry.plain += 1,
            }
            if key == "date" {
                if let Some(offset) = offset_of(value.trim_matches(['"', '\''])) {
                    match self.date_offsets.iter_mut().find(|(o, _)| *o == offset) {
                        Some(found) => found.1 += 1,
                        None => self.date_offsets.push((offset, 1)),
                    }
                }
            }
        }
        self.orders.push(seen);
        true
    }

    /// In how many sampled pages `a` comes before `b`.
    pub fn before(&self, a: &str, b: &str) -> usize {
        self.orders
            .iter()
            .filter(|keys| {
                let pa = keys.iter().position(|k| k == a);
                let pb = keys.iter().position(|k| k == b);
                matches!((pa, pb), (Some(pa), Some(pb)) if pa < pb)
            })
            .count()
    }

    /// The shape of `key`, when the sampled pages carry it.
    pub fn key(&self, key: &str) -> Option<&KeyShape> {
        self.keys.iter().find(|k| k.name == key)
    }

    /// The share of sampled pages carrying `key` (0 when none were sampled).
    pub fn share(&self, key: &str) -> f64 {
        match (self.key(key), self.pages) {
            (Some(k), pages) if pages > 0 => k.count as f64 / pages as f64,
            _ => 0.0,
        }
    }

    /// The offset most sampled dates carry.
    pub fn usual_offset(&self) -> Option<chrono::FixedOffset> {
        self.date_offsets
            .first()
            .and_then(|(secs, _)| chrono::FixedOffset::east_opt(*secs))
    }
}

/// The UTC offset at the end of a front-matter date, in seconds east.
pub fn offset_of(date: &str) -> Option<i32> {
    let date = date.trim();
    if date.ends_with('Z') && date.len() > 10 {
        return Some(0);
    }
    let cut = date.rfind(['+', '-'])?;
    // The date's own dashes are at 4 and 7; an offset comes after the time.
    if cut < 11 {
        return None;
    }
    let sign = if date[cut..].starts_with('-') { -1 } else { 1 };
    let digits: String = date[cut + 1..]
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if digits.len() != 4 || date[cut + 1..].len() > 5 {
        return None;
    }
    let hh: i32 = digits[..2].parse().ok()?;
    let mm: i32 = digits[2..].parse().ok()?;
    Some(sign * (hh * 3600 + mm * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_read_from_the_shapes_hugo_accepts() {
        assert_eq!(offset_of("2024-12-31 00:00:00 -0500"), Some(-5 * 3600));
        assert_eq!(
            offset_of("2024-12-31T10:00:00+05:30"),
            Some(5 * 3600 + 1800)
        );
        assert_eq!(offset_of("2024-12-31T10:00:00Z"), Some(0));
        assert_eq!(offset_of("2024-12-31"), None);
        assert_eq!(offset_of("2024-12-31 10:00:00"), None);
    }

    #[test]
    fn quoting_and_empties_are_counted_per_key() {
        let mut shape = PageShape::default();
        for text in [
            "---\ndate: 2024-01-02 00:00:00 -0500\ntitle: \"A\"\ntopics:\n  - x\n---\n",
            "---\ndate: 2024-01-03 00:00:00 -0500\ntitle: \"B: b\"\ntopics: []\n---\n",
            "---\ndate: 2024-01-04 00:00:00 -0400\ntitle: C\n---\n",
        ] {
            assert!(shape.read(text));
        }
        let title = shape.key("title").unwrap();
        assert_eq!(title.quote_style(), QuoteStyle::Double);
        assert_eq!(shape.key("date").unwrap().quote_style(), QuoteStyle::Plain);
        assert_eq!(shape.key("topics").unwrap().bare, 1);
        assert_eq!(shape.key("topics").unwrap().flow_empty, 1);
        assert_eq!(shape.before("date", "title"), 3);
        assert_eq!(shape.before("title", "date"), 0);
        assert_eq!(shape.date_offsets[0], (-5 * 3600, 2));
    }
}
