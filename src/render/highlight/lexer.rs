//! Code split into lines of classed tokens: Sublime grammars (syntect with bat's syntax set)
//! parse the code, and each token's scope stack is mapped to the Chroma class a Chroma lexer
//! would likely give it (`k`, `s2`, `nf`, `c1`…). Token boundaries may differ from Chroma's;
//! the text never does.

use std::collections::HashMap;
use std::sync::OnceLock;

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

/// A run of code with one Chroma class (`None`: plain text, printed without a span).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub class: Option<&'static str>,
    pub text: &'a str,
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Chroma's names and aliases that syntect knows under another token.
fn syntect_token(lang: &str) -> &str {
    match lang {
        "golang" => "go",
        "shell" | "sh" | "zsh" | "console" | "shell-session" | "bash-session" => "bash",
        "c++" => "cpp",
        "c#" | "csharp" => "cs",
        "python3" | "py3" => "py",
        "jsonc" | "json5" => "json",
        "docker" => "dockerfile",
        "make" => "makefile",
        "go-html-template" | "gohtml" => "html",
        "patch" => "diff",
        "ps1" | "pwsh" => "powershell",
        other => other,
    }
}

fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let lower = lang.to_ascii_lowercase();
    if matches!(lower.as_str(), "text" | "txt" | "plain" | "plaintext") {
        return None;
    }
    let set = syntaxes();
    set.find_syntax_by_token(syntect_token(&lower))
        // Chroma also takes file names (`.htaccess`), which syntect lists without the dot.
        .or_else(|| set.find_syntax_by_token(lower.strip_prefix('.')?))
}

/// What a scope says about the token's class, looked at from the innermost scope outwards.
#[derive(Clone, Copy)]
enum ScopeClass {
    /// This scope decides.
    Class(&'static str),
    /// This scope says nothing: ask the enclosing one.
    Inherit,
}

/// Scope-name prefixes and the Chroma class they stand for; the first matching prefix wins,
/// so the more specific come first.
const SCOPE_CLASSES: &[(&str, Option<&str>)] = &[
    ("comment.line.shebang", Some("ch")),
    ("comment.line", Some("c1")),
    ("comment.block.documentation", Some("cs")),
    ("comment.block", Some("cm")),
    ("comment", Some("c")),
    ("punctuation.definition.comment", None),
    ("punctuation.definition.string", None),
    ("punctuation.definition.variable", Some("nv")),
    ("punctuation.separator.decimal", None),
    ("punctuation.section.interpolation", Some("si")),
    ("punctuation.section.embedded", Some("si")),
    ("punctuation.definition.template-expression", Some("si")),
    ("punctuation.definition.tag", Some("p")),
    ("punctuation.definition.heading", None),
    ("punctuation.definition", None),
    ("punctuation", Some("p")),
    ("string.quoted.double", Some("s2")),
    ("string.quoted.single", Some("s1")),
    ("string.quoted.other", Some("sb")),
    ("string.quoted.triple", Some("sd")),
    ("string.template", Some("sb")),
    ("string.interpolated", Some("sb")),
    ("string.regexp", Some("sr")),
    ("string.unquoted.heredoc", Some("sh")),
    ("string", Some("s")),
    ("constant.character.escape", Some("se")),
    ("constant.character", Some("sc")),
    ("constant.numeric.integer.hexadecimal", Some("mh")),
    ("constant.numeric.hex", Some("mh")),
    ("constant.numeric.integer", Some("mi")),
    ("constant.numeric.float", Some("mf")),
    ("constant.numeric", Some("m")),
    ("constant.language", Some("kc")),
    ("constant.other.symbol", Some("ss")),
    ("constant", Some("no")),
    ("keyword.operator.word", Some("ow")),
    ("keyword.operator.logical.python", Some("ow")),
    ("keyword.operator", Some("o")),
    ("keyword.control.import", Some("kn")),
    ("keyword.other.import", Some("kn")),
    ("keyword.other.package", Some("kn")),
    ("keyword.control.directive", Some("cp")),
    ("keyword.declaration", Some("kd")),
    ("keyword", Some("k")),
    ("storage.type.function", Some("kd")),
    ("storage.type.class", Some("kd")),
    ("storage.type.struct", Some("kd")),
    ("storage.type.keyword", Some("kd")),
    ("storage.type", Some("kt")),
    ("storage.modifier", Some("kd")),
    ("storage", Some("k")),
    ("entity.name.function", Some("nf")),
    ("entity.name.tag", Some("nt")),
    ("entity.other.attribute-name", Some("na")),
    ("entity.name.class", Some("nc")),
    ("entity.name.struct", Some("nc")),
    ("entity.name.type", Some("nc")),
    ("entity.other.inherited-class", Some("nc")),
    ("entity.name.namespace", Some("nn")),
    ("entity.name.package", Some("nn")),
    ("entity.name.label", Some("nl")),
    ("entity.name.decorator", Some("nd")),
    ("entity.name.constant", Some("no")),
    ("entity.name", Some("n")),
    ("support.function.builtin", Some("nb")),
    ("support.function", Some("nb")),
    ("support.type", Some("kt")),
    ("support.class", Some("nc")),
    ("support.constant", Some("no")),
    ("variable.function", Some("nf")),
    ("variable.language", Some("bp")),
    ("variable.parameter", Some("n")),
    ("variable.other.constant", Some("no")),
    ("variable.other.readwrite.shell", Some("nv")),
    ("variable.other.normal.shell", Some("nv")),
    ("variable.other.member", Some("n")),
    ("variable.other", Some("nx")),
    ("variable", Some("nv")),
    ("meta.preprocessor", Some("cp")),
    ("meta.annotation", Some("nd")),
    ("markup.inserted", Some("gi")),
    ("markup.deleted", Some("gd")),
    ("markup.heading", Some("gh")),
    ("markup.changed", Some("gu")),
    ("meta.diff.range", Some("gu")),
    ("meta.diff.header", Some("gh")),
    ("markup.bold", Some("gs")),
    ("markup.italic", Some("ge")),
    ("markup.underline", Some("gl")),
    ("invalid", Some("err")),
];

fn classify(name: &str) -> ScopeClass {
    for (prefix, class) in SCOPE_CLASSES {
        let matches = name.starts_with(prefix)
            && (name.len() == prefix.len() || name.as_bytes()[prefix.len()] == b'.');
        if matches {
            return match class {
                Some(c) => ScopeClass::Class(c),
                None => ScopeClass::Inherit,
            };
        }
    }
    ScopeClass::Inherit
}

/// Memoised class lookups for one code block (a block uses few distinct scopes).
#[derive(Default)]
struct Classifier {
    by_scope: HashMap<Scope, ScopeClass>,
}

impl Classifier {
    fn class_of(&mut self, stack: &ScopeStack) -> Option<&'static str> {
        for scope in stack.as_slice().iter().rev() {
            let class = *self
                .by_scope
                .entry(*scope)
                .or_insert_with(|| classify(&scope.build_string()));
            if let ScopeClass::Class(c) = class {
                return Some(c);
            }
        }
        None
    }
}

/// Blocks larger than this are not coloured.
const MAX_HIGHLIGHTED_BYTES: usize = 256 * 1024;
/// Nor are blocks with a line longer than this.
const MAX_HIGHLIGHTED_LINE: usize = 4096;

fn plain(code: &str) -> Vec<Vec<Token<'_>>> {
    code.split_inclusive('\n')
        .map(|text| vec![Token { class: None, text }])
        .collect()
}

/// The code's lines (each with its `\n`, as Chroma splits them), as classed tokens. A language
/// syntect does not know, or a grammar that fails part-way, gives plain text from there on.
pub fn tokenize<'a>(code: &'a str, lang: &str) -> Vec<Vec<Token<'a>>> {
    let Some(syntax) = syntax_for(lang) else {
        return plain(code);
    };
    // Backtracking grammars can take seconds on a pasted megabyte or a minified line; the
    // preview must not, so such blocks keep their wrapper and text without colours.
    if code.len() > MAX_HIGHLIGHTED_BYTES
        || code
            .split('\n')
            .any(|line| line.len() > MAX_HIGHLIGHTED_LINE)
    {
        return plain(code);
    }
    // The grammars are third-party data run by a third-party engine: should either ever panic
    // on what an author typed, the block is printed plain rather than the preview failing.
    std::panic::catch_unwind(|| tokenize_with(code, syntax)).unwrap_or_else(|_| plain(code))
}

fn tokenize_with<'a>(code: &'a str, syntax: &SyntaxReference) -> Vec<Vec<Token<'a>>> {
    let lines: Vec<&str> = code.split_inclusive('\n').collect();
    let mut state = Some(ParseState::new(syntax));
    let mut stack = ScopeStack::new();
    let mut classifier = Classifier::default();
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let ops = state
            .as_mut()
            .and_then(|s| s.parse_line(line, syntaxes()).ok());
        let Some(ops) = ops else {
            state = None;
            out.push(vec![Token {
                class: None,
                text: line,
            }]);
            continue;
        };
        // (class, start, end) within the line; Chroma's lexers coalesce neighbours of one type.
        let mut runs: Vec<(Option<&'static str>, usize, usize)> = Vec::new();
        let mut push = |class, from: usize, to: usize| {
            if from >= to {
                return;
            }
            match runs.last_mut() {
                Some(last) if last.0 == class && last.2 == from => last.2 = to,
                _ => runs.push((class, from, to)),
            }
        };
        let mut start = 0;
        for (index, op) in ops {
            let index = index.min(line.len());
            if index > start && line.is_char_boundary(index) {
                push(classifier.class_of(&stack), start, index);
                start = index;
            }
            if stack.apply(&op).is_err() {
                break;
            }
        }
        push(classifier.class_of(&stack), start, line.len());
        let tokens = runs
            .into_iter()
            .map(|(class, from, to)| Token {
                class,
                text: &line[from..to],
            })
            .collect();
        out.push(tokens);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(code: &str, lang: &str) -> Vec<(Option<&'static str>, String)> {
        tokenize(code, lang)
            .into_iter()
            .flatten()
            .map(|t| (t.class, t.text.to_string()))
            .collect()
    }

    #[test]
    fn go_keywords_strings_numbers_and_comments_get_chroma_classes() {
        let tokens = classes("package main\n// hi\nx := \"s\" + 42\n", "go");
        let class_of = |text: &str| {
            tokens
                .iter()
                .find(|(_, t)| t.contains(text))
                .and_then(|(c, _)| *c)
        };
        assert_eq!(class_of("package"), Some("kn"));
        assert_eq!(class_of("// hi"), Some("c1"));
        assert_eq!(class_of("\"s\""), Some("s2"));
        assert_eq!(class_of("42"), Some("mi"));
        // The text is kept exactly, line by line.
        let text: String = tokens.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(text, "package main\n// hi\nx := \"s\" + 42\n");
    }

    #[test]
    fn lines_keep_their_newlines_and_unknown_languages_are_plain() {
        let lines = tokenize("a\nb", "no-such-language");
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            vec![Token {
                class: None,
                text: "a\n"
            }]
        );
        assert_eq!(
            lines[1],
            vec![Token {
                class: None,
                text: "b"
            }]
        );
        assert!(tokenize("", "go").is_empty());
    }

    #[test]
    fn huge_blocks_and_minified_lines_stay_plain() {
        let minified = format!("var a=\"{}\";\n", "x".repeat(10_000));
        let lines = tokenize(&minified, "js");
        assert_eq!(
            lines,
            vec![vec![Token {
                class: None,
                text: minified.as_str()
            }]]
        );
        let long = "let a = 1;\n".repeat(30_000);
        assert!(tokenize(&long, "js")
            .iter()
            .flatten()
            .all(|t| t.class.is_none()));
    }

    #[test]
    fn aliases_hugo_accepts_find_a_grammar() {
        for lang in [
            "golang",
            "shell",
            "sh",
            "yml",
            "toml",
            "ts",
            "dockerfile",
            "c#",
            "py",
        ] {
            assert!(syntax_for(lang).is_some(), "{lang}");
        }
    }
}
