//! Hugo's path globs (gobwas/glob with `/` as the separator), as cascade targets and page
//! matchers write them: `*` is any run of characters but `/`, `**` any run at all, `?` one
//! character but `/`, `[abc]`/`[!abc]`/`[a-z]` a class, `{a,b}` alternatives (nested), `\`
//! escapes the next character. Hugo lower-cases both the pattern and the path
//! (`docs/hugo-behaviour.md` §11).

use regex::Regex;

/// A compiled glob.
#[derive(Debug, Clone)]
pub struct Glob {
    regex: Regex,
}

impl Glob {
    /// Compiles `pattern`; `None` when it is malformed (an unclosed `[` or `{`), which Hugo
    /// reports as a config error and we treat as matching nothing.
    pub fn new(pattern: &str) -> Option<Glob> {
        let pattern = pattern.to_lowercase();
        let chars: Vec<char> = pattern.chars().collect();
        let mut out = String::from("^");
        let mut i = 0;
        let mut depth = 0usize;
        while i < chars.len() {
            let c = chars[i];
            match c {
                '*' if chars.get(i + 1) == Some(&'*') => {
                    out.push_str(".*");
                    i += 1;
                }
                '*' => out.push_str("[^/]*"),
                '?' => out.push_str("[^/]"),
                '\\' => {
                    i += 1;
                    out.push_str(&regex::escape(&chars.get(i)?.to_string()));
                }
                '[' => {
                    let end = chars[i + 1..].iter().position(|&c| c == ']')? + i + 1;
                    let mut class: String = chars[i + 1..end].iter().collect();
                    if let Some(rest) = class.strip_prefix('!') {
                        class = format!("^{rest}");
                    }
                    out.push('[');
                    out.push_str(&class.replace('\\', "\\\\").replace('[', "\\["));
                    out.push(']');
                    i = end;
                }
                '{' => {
                    depth += 1;
                    out.push_str("(?:");
                }
                '}' if depth > 0 => {
                    depth -= 1;
                    out.push(')');
                }
                ',' if depth > 0 => out.push('|'),
                other => out.push_str(&regex::escape(&other.to_string())),
            }
            i += 1;
        }
        if depth > 0 {
            return None;
        }
        out.push('$');
        Regex::new(&out).ok().map(|regex| Glob { regex })
    }

    /// Whether `path` (lower-cased first) matches.
    pub fn is_match(&self, path: &str) -> bool {
        self.regex.is_match(&path.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::Glob;

    fn matches(pattern: &str, path: &str) -> bool {
        Glob::new(pattern).unwrap().is_match(path)
    }

    #[test]
    fn stars_classes_and_alternatives_read_as_hugo_reads_them() {
        assert!(matches("/news/**", "/news/2020/post"));
        assert!(!matches("/news/**", "/news"));
        assert!(matches("/news/*", "/news/post"));
        assert!(!matches("/news/*", "/news/2020/post"));
        assert!(matches(
            "{/functions/**,/methods/**}",
            "/methods/page/title"
        ));
        assert!(!matches("{/functions/**,/methods/**}", "/news/x"));
        assert!(matches("/docs/v?", "/docs/v1"));
        assert!(matches("/[a-c]*", "/blog"));
        assert!(!matches("/[!a-c]*", "/blog"));
        assert!(matches("/News/**", "/news/A"));
        assert!(matches("/a\\*b", "/a*b"));
        assert!(Glob::new("{/a,/b").is_none());
    }
}
