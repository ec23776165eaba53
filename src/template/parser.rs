//! Builds the syntax tree of one template file from its tokens, with Go's grammar:
//! if / else if / else, with / else with / else, range (… else), define / template / block,
//! break / continue, Hugo's `return`, pipelines with `:=` and `=`, parenthesised sub-pipelines.

use std::collections::BTreeMap;

use super::funcs;
use super::lexer::{lex, TokKind, Token};

/// A parse error at a byte offset of the template source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParseError {
    pub pos: usize,
    pub message: String,
}

/// A node of the template tree.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// Template text (still raw HTML: the escaper reads it to track the context).
    Text(String),
    /// `{{ pipeline }}`: prints unless the pipeline declares or assigns variables.
    Action(Pipeline),
    /// `{{ if }}`, `{{ with }}`: `else if` / `else with` arrive as a nested node in `otherwise`.
    Branch {
        kind: BranchKind,
        pipe: Pipeline,
        then: Vec<Node>,
        otherwise: Option<Vec<Node>>,
    },
    /// `{{ range }}`.
    Range {
        pipe: Pipeline,
        body: Vec<Node>,
        otherwise: Option<Vec<Node>>,
    },
    /// `{{ template "name" pipeline }}` (also what `block` leaves in place).
    Template {
        name: String,
        pipe: Option<Pipeline>,
        pos: usize,
    },
    /// `{{ break }}`.
    Break,
    /// `{{ continue }}`.
    Continue,
    /// Hugo's `{{ return pipeline }}` in partials.
    Return(Option<Pipeline>),
}

/// Which conditional a [`Node::Branch`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BranchKind {
    If,
    With,
}

/// `$a, $b := cmd | cmd …`
#[derive(Debug, Clone)]
pub(crate) struct Pipeline {
    pub pos: usize,
    /// Variables declared or assigned (with `$`).
    pub vars: Vec<String>,
    /// `=` rather than `:=`.
    pub assign: bool,
    pub cmds: Vec<Command>,
}

/// One command of a pipeline: its first operand decides whether it is a call.
#[derive(Debug, Clone)]
pub(crate) struct Command {
    pub pos: usize,
    pub args: Vec<Operand>,
}

/// An operand with its position.
#[derive(Debug, Clone)]
pub(crate) struct Operand {
    pub pos: usize,
    pub term: Term,
}

/// An operand: a term, possibly followed by a chain of fields.
#[derive(Debug, Clone)]
pub(crate) enum Term {
    Dot,
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// `.A.B` on dot.
    Field(Vec<String>),
    /// `$x.A.B` (the name keeps its `$`).
    Var(String, Vec<String>),
    /// A function name (namespaced ones like `strings.HasPrefix` are joined).
    Func(String),
    /// `( pipeline ).A.B`
    Sub(Box<Pipeline>, Vec<String>),
}

/// A parsed template file: its main tree and the templates it defines.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    pub root: Vec<Node>,
    pub defines: BTreeMap<String, Vec<Node>>,
}

/// Parses `src`.
pub(crate) fn parse(src: &str) -> Result<Tree, ParseError> {
    parse_with(src, false)
}

/// Parses `src` for reading its shape only (what a shortcode reads, not running it): a
/// function this interpreter lacks (`site.GetPage`, `hugo.Data`) is kept as a call rather
/// than refused, so templates the preview cannot run still show their params.
pub(crate) fn parse_lenient(src: &str) -> Result<Tree, ParseError> {
    parse_with(src, true)
}

fn parse_with(src: &str, lenient: bool) -> Result<Tree, ParseError> {
    let tokens = lex(src).map_err(|e| ParseError {
        pos: e.pos,
        message: e.message,
    })?;
    let mut parser = Parser {
        tokens,
        at: 0,
        defines: BTreeMap::new(),
        src_len: src.len(),
        lenient,
    };
    let (root, stop) = parser.list()?;
    if let Some((word, pos)) = stop {
        return Err(ParseError {
            pos,
            message: format!("unexpected {{{{{word}}}}}"),
        });
    }
    Ok(Tree {
        root,
        defines: parser.defines,
    })
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    defines: BTreeMap<String, Vec<Node>>,
    src_len: usize,
    /// Unknown functions are calls, not errors ([`parse_lenient`]).
    lenient: bool,
}

/// What ended a list: `end` or `else` (with the offset of its `{{`), or `None` at EOF.
type Stop = Option<(&'static str, usize)>;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn peek_kind(&self) -> Option<&TokKind> {
        self.tokens.get(self.at).map(|t| &t.kind)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn pos(&self) -> usize {
        self.peek().map_or(self.src_len, |t| t.pos)
    }

    fn error<T>(&self, pos: usize, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            pos,
            message: message.into(),
        })
    }

    fn expect_close(&mut self, context: &str) -> Result<(), ParseError> {
        match self.next() {
            Some(Token {
                kind: TokKind::Close,
                ..
            }) => Ok(()),
            Some(t) => self.error(
                t.pos,
                format!("unexpected {} in {context}", describe(&t.kind)),
            ),
            None => self.error(self.src_len, format!("unclosed action in {context}")),
        }
    }

    /// Parses nodes until `{{ end }}` / `{{ else … }}` (left for the caller, positioned after
    /// the keyword) or the end of input.
    fn list(&mut self) -> Result<(Vec<Node>, Stop), ParseError> {
        let mut nodes = Vec::new();
        while let Some(token) = self.next() {
            match token.kind {
                TokKind::Text(text) => nodes.push(Node::Text(text)),
                TokKind::Open => {
                    let open_pos = token.pos;
                    if let Some(TokKind::Ident(word)) = self.peek_kind().cloned() {
                        match word.as_str() {
                            "end" => {
                                self.at += 1;
                                self.expect_close("end")?;
                                return Ok((nodes, Some(("end", open_pos))));
                            }
                            "else" => {
                                self.at += 1;
                                return Ok((nodes, Some(("else", open_pos))));
                            }
                            "if" | "with" => {
                                self.at += 1;
                                let kind = if word == "if" {
                                    BranchKind::If
                                } else {
                                    BranchKind::With
                                };
                                nodes.push(self.branch(kind, open_pos)?);
                                continue;
                            }
                            "range" => {
                                self.at += 1;
                                nodes.push(self.range(open_pos)?);
                                continue;
                            }
                            "break" | "continue" => {
                                self.at += 1;
                                self.expect_close(&word)?;
                                nodes.push(if word == "break" {
                                    Node::Break
                                } else {
                                    Node::Continue
                                });
                                continue;
                            }
                            "define" => {
                                self.at += 1;
                                let name = self.template_name("define")?;
                                self.expect_close("define")?;
                                let (body, stop) = self.list()?;
                                self.expect_end(stop, "define", open_pos)?;
                                self.defines.insert(name, body);
                                continue;
                            }
                            "template" | "block" => {
                                self.at += 1;
                                let name = self.template_name(&word)?;
                                let pipe = if self.peek_kind() == Some(&TokKind::Close) {
                                    None
                                } else {
                                    Some(self.pipeline(false)?)
                                };
                                self.expect_close(&word)?;
                                if word == "block" {
                                    let (body, stop) = self.list()?;
                                    self.expect_end(stop, "block", open_pos)?;
                                    // `block` defines a default that an earlier `define` wins over.
                                    self.defines.entry(name.clone()).or_insert(body);
                                }
                                nodes.push(Node::Template {
                                    name,
                                    pipe,
                                    pos: open_pos,
                                });
                                continue;
                            }
                            "return" => {
                                self.at += 1;
                                let pipe = if self.peek_kind() == Some(&TokKind::Close) {
                                    None
                                } else {
                                    Some(self.pipeline(false)?)
                                };
                                self.expect_close("return")?;
                                nodes.push(Node::Return(pipe));
                                continue;
                            }
                            _ => {}
                        }
                    }
                    let pipe = self.pipeline(true)?;
                    self.expect_close("command")?;
                    nodes.push(Node::Action(pipe));
                }
                other => return self.error(token.pos, format!("unexpected {}", describe(&other))),
            }
        }
        Ok((nodes, None))
    }

    fn expect_end(&mut self, stop: Stop, what: &str, open_pos: usize) -> Result<(), ParseError> {
        match stop {
            Some(("end", _)) => Ok(()),
            Some((word, pos)) => self.error(pos, format!("unexpected {{{{{word}}}}} in {what}")),
            None => self.error(
                open_pos,
                format!("unexpected EOF: {{{{{what}}}}} has no {{{{end}}}}"),
            ),
        }
    }

    fn template_name(&mut self, context: &str) -> Result<String, ParseError> {
        match self.next() {
            Some(Token {
                kind: TokKind::Str(name),
                ..
            }) => Ok(name),
            Some(t) => self.error(
                t.pos,
                format!(
                    "unexpected {} in {context}: expected a quoted name",
                    describe(&t.kind)
                ),
            ),
            None => self.error(self.src_len, format!("unexpected EOF in {context}")),
        }
    }

    /// `if`/`with` after the keyword: pipeline, body, optional else chain, end.
    fn branch(&mut self, kind: BranchKind, open_pos: usize) -> Result<Node, ParseError> {
        let name = if kind == BranchKind::If { "if" } else { "with" };
        let pipe = self.pipeline(true)?;
        self.expect_close(name)?;
        let (then, stop) = self.list()?;
        let otherwise = self.else_part(stop, name, open_pos)?;
        Ok(Node::Branch {
            kind,
            pipe,
            then,
            otherwise,
        })
    }

    /// After a body: `{{ end }}`, `{{ else }} … {{ end }}`, or `{{ else if|with … }}` (which
    /// shares the outer `end`).
    fn else_part(
        &mut self,
        stop: Stop,
        name: &str,
        open_pos: usize,
    ) -> Result<Option<Vec<Node>>, ParseError> {
        match stop {
            Some(("end", _)) => Ok(None),
            Some(("else", else_pos)) => match self.peek_kind().cloned() {
                Some(TokKind::Close) => {
                    self.at += 1;
                    let (body, stop) = self.list()?;
                    self.expect_end(stop, name, open_pos)?;
                    Ok(Some(body))
                }
                Some(TokKind::Ident(word)) if word == "if" || word == "with" => {
                    self.at += 1;
                    let kind = if word == "if" {
                        BranchKind::If
                    } else {
                        BranchKind::With
                    };
                    Ok(Some(vec![self.branch(kind, else_pos)?]))
                }
                _ => self.error(
                    self.pos(),
                    format!("unexpected token after {{{{else}}}} in {name}"),
                ),
            },
            Some((word, pos)) => self.error(pos, format!("unexpected {{{{{word}}}}}")),
            None => self.error(
                open_pos,
                format!("unexpected EOF: {{{{{name}}}}} has no {{{{end}}}}"),
            ),
        }
    }

    fn range(&mut self, open_pos: usize) -> Result<Node, ParseError> {
        let pipe = self.pipeline(true)?;
        if pipe.vars.len() > 2 {
            return self.error(pipe.pos, "too many declarations in range");
        }
        self.expect_close("range")?;
        let (body, stop) = self.list()?;
        let otherwise = match stop {
            Some(("else", _)) => {
                self.expect_close("range else")?;
                let (body, stop) = self.list()?;
                self.expect_end(stop, "range", open_pos)?;
                Some(body)
            }
            other => {
                self.expect_end(other, "range", open_pos)?;
                None
            }
        };
        Ok(Node::Range {
            pipe,
            body,
            otherwise,
        })
    }

    /// A pipeline, optionally starting with variable declarations.
    fn pipeline(&mut self, allow_decl: bool) -> Result<Pipeline, ParseError> {
        let pos = self.pos();
        let mut vars = Vec::new();
        let mut assign = false;
        if allow_decl {
            // Look ahead for `$x :=`, `$x =` or `$i, $e :=`.
            let save = self.at;
            let mut names = Vec::new();
            while let Some(TokKind::Var(name)) = self.peek_kind().cloned() {
                self.at += 1;
                names.push(name);
                match self.peek_kind() {
                    Some(TokKind::Comma) if names.len() == 1 => {
                        self.at += 1;
                    }
                    Some(TokKind::Declare) => {
                        self.at += 1;
                        vars = std::mem::take(&mut names);
                        break;
                    }
                    Some(TokKind::Assign) => {
                        self.at += 1;
                        vars = std::mem::take(&mut names);
                        assign = true;
                        break;
                    }
                    _ => break,
                }
            }
            if vars.is_empty() {
                self.at = save;
            }
        }
        let mut cmds = Vec::new();
        loop {
            cmds.push(self.command()?);
            match self.peek_kind() {
                Some(TokKind::Pipe) => {
                    self.at += 1;
                }
                _ => break,
            }
        }
        Ok(Pipeline {
            pos,
            vars,
            assign,
            cmds,
        })
    }

    fn command(&mut self) -> Result<Command, ParseError> {
        let pos = self.pos();
        let mut args = Vec::new();
        while let Some(kind) = self.peek_kind() {
            if matches!(kind, TokKind::Close | TokKind::Pipe | TokKind::RParen) {
                break;
            }
            args.push(self.operand()?);
        }
        if args.is_empty() {
            return self.error(pos, "missing value for command");
        }
        Ok(Command { pos, args })
    }

    /// Field names directly attached (no space) to the previous token.
    fn chain(&mut self) -> Vec<String> {
        let mut fields = Vec::new();
        while let Some(Token {
            kind: TokKind::Field(name),
            space_before: false,
            ..
        }) = self.peek()
        {
            fields.push(name.clone());
            self.at += 1;
        }
        fields
    }

    fn operand(&mut self) -> Result<Operand, ParseError> {
        let Some(token) = self.next() else {
            return self.error(self.src_len, "unexpected EOF in command");
        };
        let pos = token.pos;
        let term = match token.kind {
            TokKind::Dot => Term::Dot,
            TokKind::Str(s) => Term::Str(s),
            TokKind::Number(n) => parse_number(&n).ok_or(ParseError {
                pos,
                message: format!("bad number syntax: {n:?}"),
            })?,
            TokKind::Field(name) => {
                let mut fields = vec![name];
                fields.extend(self.chain());
                Term::Field(fields)
            }
            TokKind::Var(name) => Term::Var(name, self.chain()),
            TokKind::Ident(word) => match word.as_str() {
                "true" => Term::Bool(true),
                "false" => Term::Bool(false),
                "nil" => Term::Nil,
                _ => {
                    let fields = self.chain();
                    let mut joined = word.clone();
                    for field in &fields {
                        joined.push('.');
                        joined.push_str(field);
                    }
                    // Namespaced functions (`strings.HasPrefix`) are known by their joined
                    // name; otherwise the fields are a chain on the function's result
                    // (`now.Year`).
                    if self.lenient || funcs::is_known(&joined) {
                        Term::Func(joined)
                    } else if !fields.is_empty() && funcs::is_known(&word) {
                        let call = Command {
                            pos,
                            args: vec![Operand {
                                pos,
                                term: Term::Func(word),
                            }],
                        };
                        Term::Sub(
                            Box::new(Pipeline {
                                pos,
                                vars: Vec::new(),
                                assign: false,
                                cmds: vec![call],
                            }),
                            fields,
                        )
                    } else {
                        return self.error(pos, format!("function {joined:?} not defined"));
                    }
                }
            },
            TokKind::LParen => {
                let pipe = self.pipeline(true)?;
                match self.next() {
                    Some(Token {
                        kind: TokKind::RParen,
                        ..
                    }) => {}
                    Some(t) => {
                        return self.error(
                            t.pos,
                            format!("unexpected {} in parenthesized pipeline", describe(&t.kind)),
                        )
                    }
                    None => return self.error(self.src_len, "unclosed left paren"),
                }
                Term::Sub(Box::new(pipe), self.chain())
            }
            other => return self.error(pos, format!("unexpected {} in operand", describe(&other))),
        };
        Ok(Operand { pos, term })
    }
}

/// Go number syntax: ints (decimal, hex, octal, binary, `_` separators) or floats.
fn parse_number(text: &str) -> Option<Term> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let clean: String = body.chars().filter(|c| *c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    let int = if let Some(hex) = lower.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = lower.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()
    } else if let Some(bin) = lower.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()
    } else if lower.len() > 1 && lower.starts_with('0') && lower.chars().all(|c| c.is_ascii_digit())
    {
        i64::from_str_radix(&lower[1..], 8).ok()
    } else if lower.chars().all(|c| c.is_ascii_digit()) {
        lower.parse().ok()
    } else {
        None
    };
    if let Some(i) = int {
        return Some(Term::Int(if negative { -i } else { i }));
    }
    if lower.starts_with("0x") {
        return None;
    }
    let f: f64 = clean.parse().ok()?;
    Some(Term::Float(if negative { -f } else { f }))
}

fn describe(kind: &TokKind) -> String {
    match kind {
        TokKind::Text(_) => "text".into(),
        TokKind::Open => "\"{{\"".into(),
        TokKind::Close => "\"}}\"".into(),
        TokKind::Ident(w) => format!("{w:?}"),
        TokKind::Field(f) => format!("field .{f}"),
        TokKind::Var(v) => format!("variable {v}"),
        TokKind::Str(s) => format!("string {s:?}"),
        TokKind::Number(n) => format!("number {n}"),
        TokKind::Dot => "\".\"".into(),
        TokKind::LParen => "\"(\"".into(),
        TokKind::RParen => "\")\"".into(),
        TokKind::Pipe => "\"|\"".into(),
        TokKind::Declare => "\":=\"".into(),
        TokKind::Assign => "\"=\"".into(),
        TokKind::Comma => "\",\"".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_else_if_else_nests_into_one_end() {
        let tree = parse("{{ if .A }}a{{ else if .B }}b{{ else }}c{{ end }}").unwrap();
        let [Node::Branch {
            otherwise: Some(inner),
            ..
        }] = tree.root.as_slice()
        else {
            panic!("{:?}", tree.root)
        };
        let [Node::Branch {
            otherwise: Some(last),
            ..
        }] = inner.as_slice()
        else {
            panic!("{inner:?}")
        };
        assert!(matches!(last.as_slice(), [Node::Text(t)] if t == "c"));
    }

    #[test]
    fn range_with_two_variables_and_else() {
        let tree = parse("{{ range $i, $e := .List }}{{ $e }}{{ else }}none{{ end }}").unwrap();
        let [Node::Range {
            pipe,
            otherwise: Some(_),
            ..
        }] = tree.root.as_slice()
        else {
            panic!()
        };
        assert_eq!(pipe.vars, vec!["$i".to_string(), "$e".to_string()]);
        assert!(!pipe.assign);
    }

    #[test]
    fn reassignment_and_method_calls_parse() {
        let tree = parse("{{ $x := 1 }}{{ $x = .Get \"src\" | lower }}").unwrap();
        let Node::Action(pipe) = &tree.root[1] else {
            panic!()
        };
        assert!(pipe.assign);
        assert_eq!(pipe.cmds.len(), 2);
        assert_eq!(pipe.cmds[0].args.len(), 2);
    }

    #[test]
    fn namespaced_functions_and_chains() {
        let tree = parse("{{ strings.HasPrefix (.Get 0).Name \"x\" }}").unwrap();
        let Node::Action(pipe) = &tree.root[0] else {
            panic!()
        };
        assert!(matches!(&pipe.cmds[0].args[0].term, Term::Func(n) if n == "strings.HasPrefix"));
        assert!(
            matches!(&pipe.cmds[0].args[1].term, Term::Sub(_, chain) if chain == &vec!["Name".to_string()])
        );
    }

    #[test]
    fn define_and_block_are_collected() {
        let tree =
            parse(r#"{{ define "a" }}A{{ end }}{{ block "b" . }}B{{ end }}{{ template "a" }}"#)
                .unwrap();
        assert_eq!(tree.defines.keys().collect::<Vec<_>>(), vec!["a", "b"]);
        assert_eq!(tree.root.len(), 2);
    }

    #[test]
    fn numbers() {
        assert!(matches!(parse_number("0x10"), Some(Term::Int(16))));
        assert!(matches!(parse_number("-3"), Some(Term::Int(-3))));
        assert!(matches!(parse_number("1_000"), Some(Term::Int(1000))));
        assert!(matches!(parse_number("1.50"), Some(Term::Float(f)) if f == 1.5));
        assert!(matches!(parse_number("1e3"), Some(Term::Float(f)) if f == 1000.0));
        assert!(parse_number("0xZZ").is_none());
    }

    #[test]
    fn errors_have_positions() {
        let err = parse("ab\n{{ if .X }}never closed").unwrap_err();
        assert_eq!(err.pos, 3);
        assert!(err.message.contains("no {{end}}"), "{}", err.message);
        let err = parse("{{ nosuchfunc 1 }}").unwrap_err();
        assert_eq!(
            (err.pos, err.message.as_str()),
            (3, "function \"nosuchfunc\" not defined")
        );
        let err = parse("x{{ end }}").unwrap_err();
        assert_eq!(err.pos, 1);
        let err = parse("{{ (1 }}").unwrap_err();
        assert!(err.message.contains("paren"), "{}", err.message);
    }
}
