//! Decap CMS conventions that are not fields: its moment.js date formats, the coaching
//! `comment` lines it writes above keys, and the backend's merge setting.

/// Whether a Decap config's `backend:` block sets `squash_merges: true`.
pub fn squash_merges(decap_config: &str) -> bool {
    let mut in_backend = false;
    for line in decap_config.lines() {
        if !line.starts_with([' ', '\t', '#']) && !line.is_empty() {
            in_backend = line.trim_end() == "backend:";
            continue;
        }
        if in_backend
            && line
                .trim()
                .strip_prefix("squash_merges:")
                .is_some_and(|v| v.trim() == "true")
        {
            return true;
        }
    }
    false
}

/// A new page's YAML front matter with each field's Decap `comment` written as `#` lines above
/// its key: the coaching digital.gov's editors rely on, there for whoever edits the file next.
pub fn with_coaching_comments(source: &str, fields: &[super::FieldSchema]) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        let key = line
            .split_once(':')
            .map(|(k, _)| k)
            .filter(|k| !k.starts_with([' ', '#', '-']));
        if let Some(comment) = key
            .and_then(|k| fields.iter().find(|f| f.name == k))
            .and_then(|f| f.comment.as_deref())
        {
            for comment_line in comment.lines() {
                out.push_str(format!("# {}", comment_line.trim()).trim_end());
                out.push('\n');
            }
        }
        out.push_str(line);
    }
    out
}

/// Formats `time` with Decap's moment.js tokens (`YYYY-MM-DD HH:mm:ss ZZ`); other characters
/// are kept as written (digital.gov writes a literal `00` for seconds).
pub fn moment_format(time: &chrono::DateTime<chrono::FixedOffset>, format: &str) -> String {
    const TOKENS: [(&str, &str); 8] = [
        ("YYYY", "%Y"),
        ("MM", "%m"),
        ("DD", "%d"),
        ("HH", "%H"),
        ("mm", "%M"),
        ("ss", "%S"),
        ("ZZ", "%z"),
        ("Z", "%:z"),
    ];
    let mut out = String::new();
    let mut rest = format;
    'outer: while !rest.is_empty() {
        for (token, strftime) in TOKENS {
            if let Some(after) = rest.strip_prefix(token) {
                out.push_str(&time.format(strftime).to_string());
                rest = after;
                continue 'outer;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squash_merges_is_read_from_the_backend_block() {
        assert!(squash_merges(
            "backend:\n  name: github\n  squash_merges: true\npublish_mode: x\n"
        ));
        assert!(!squash_merges(
            "backend:\n  name: github\nother:\n  squash_merges: true\n"
        ));
    }

    #[test]
    fn moment_formats_become_the_sites_date_shape() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-25T09:05:07-05:00").unwrap();
        assert_eq!(
            moment_format(&t, "YYYY-MM-DD HH:mm:ss ZZ"),
            "2026-11-25 09:05:07 -0500"
        );
        assert_eq!(
            moment_format(&t, "YYYY-MM-DD HH:mm:00 -0500"),
            "2026-11-25 09:05:00 -0500"
        );
    }
}
