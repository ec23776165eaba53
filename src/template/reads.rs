//! What a shortcode template reads from its call, found by walking the parsed template: the
//! params it asks for (`.Get "name"`, `.Get 0`, `.Params.name`, `index .Params "name"`),
//! whether it reads them all (`.Params`, `range .Params`) or asks how they were written
//! (`.IsNamedParams`), and whether it takes inner content (`.Inner`, `.InnerDeindent`).
//!
//! Dot is followed the way Go's templates move it: the shortcode at the top of the file and in
//! `else` branches, something else inside `with` and `range` bodies (`{{ with .Get "x" }}{{ .Get
//! "y" }}` does not read `y` from the call). `$`, and variables assigned from dot while dot is
//! the shortcode (`$sc := .`), stay the shortcode everywhere. `{{ template }}` and `partial`
//! calls that pass the shortcode are followed into the template they name, once each.
//! A `.Get` with a computed key (`.Get $name`) cannot be known and is left out.
//!
//! Like Hugo's own detection of inner content (`collectInner`), any field or variable chain
//! naming `Inner`/`InnerDeindent` in the shortcode's file counts, whatever its receiver;
//! comments do not.

use std::collections::{BTreeSet, HashSet};

use super::exec::PartialSource;
use super::parser::{Command, Node, Operand, Pipeline, Term, Tree};

/// How many templates and partials deep the walk follows the shortcode.
const MAX_FOLLOW: usize = 16;

/// What one shortcode template reads from its call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateReads {
    /// Named params, by name.
    pub named: BTreeSet<String>,
    /// Positional params, by index.
    pub positional: BTreeSet<usize>,
    /// The template reads `.Params` as a whole (ranges over it, tests it, passes it on).
    pub all_params: bool,
    /// The template asks `.IsNamedParams`.
    pub is_named_params: bool,
    /// The template reads `.Inner` or `.InnerDeindent`: calls must be closed.
    pub inner: bool,
    /// The template (or a partial it calls) resolves refs itself (`ref`, `relref`,
    /// `urls.Ref`, `urls.RelRef`): its calls can make REF_NOT_FOUND.
    pub refs: bool,
}

/// Walks `tree` (a shortcode template) and what it calls with the shortcode as dot.
pub(crate) fn template_reads(tree: &Tree, partials: &dyn PartialSource) -> TemplateReads {
    let mut walker = Walker {
        reads: TemplateReads::default(),
        partials,
        followed: HashSet::new(),
        depth: 0,
    };
    let mut scope = Scope {
        dot: true,
        vars: HashSet::from(["$".to_string()]),
    };
    walker.nodes(&tree.root, tree, &mut scope);
    walker.reads
}

/// Which values are the shortcode at one point of the walk.
#[derive(Clone)]
struct Scope {
    /// Dot is the shortcode.
    dot: bool,
    /// Variables (with `$`) holding the shortcode.
    vars: HashSet<String>,
}

struct Walker<'a> {
    reads: TemplateReads,
    partials: &'a dyn PartialSource,
    /// Templates and partials already walked with the shortcode as dot.
    followed: HashSet<String>,
    depth: usize,
}

impl Walker<'_> {
    fn nodes(&mut self, nodes: &[Node], tree: &Tree, scope: &mut Scope) {
        for node in nodes {
            self.node(node, tree, scope);
        }
    }

    fn node(&mut self, node: &Node, tree: &Tree, scope: &mut Scope) {
        match node {
            Node::Text(_) | Node::Break | Node::Continue => {}
            Node::Action(pipe) | Node::Return(Some(pipe)) => self.pipeline(pipe, tree, scope),
            Node::Return(None) => {}
            Node::Branch {
                kind,
                pipe,
                then,
                otherwise,
            } => {
                self.pipeline(pipe, tree, scope);
                let mut inner = scope.clone();
                if *kind == super::parser::BranchKind::With {
                    inner.dot = self.is_shortcode_pipe(pipe, scope);
                }
                self.nodes(then, tree, &mut inner);
                if let Some(otherwise) = otherwise {
                    self.nodes(otherwise, tree, &mut scope.clone());
                }
            }
            Node::Range {
                pipe,
                body,
                otherwise,
            } => {
                self.pipeline(pipe, tree, scope);
                let mut inner = scope.clone();
                inner.dot = false;
                for var in &pipe.vars {
                    inner.vars.remove(var);
                }
                self.nodes(body, tree, &mut inner);
                if let Some(otherwise) = otherwise {
                    self.nodes(otherwise, tree, &mut scope.clone());
                }
            }
            Node::Template { name, pipe, .. } => {
                let passes = match pipe {
                    Some(pipe) => {
                        self.pipeline(pipe, tree, scope);
                        self.is_shortcode_pipe(pipe, scope)
                    }
                    None => false,
                };
                if passes {
                    if let Some(body) = tree.defines.get(name) {
                        self.follow(&format!("template {name}"), |walker| {
                            walker.nodes(body, tree, &mut Scope::shortcode());
                        });
                    }
                }
            }
        }
    }

    /// Runs `walk` unless `key` was followed already or the walk is too deep.
    fn follow(&mut self, key: &str, walk: impl FnOnce(&mut Self)) {
        if self.depth >= MAX_FOLLOW || !self.followed.insert(key.to_string()) {
            return;
        }
        self.depth += 1;
        walk(self);
        self.depth -= 1;
    }

    fn pipeline(&mut self, pipe: &Pipeline, tree: &Tree, scope: &mut Scope) {
        for cmd in &pipe.cmds {
            self.command(cmd, tree, scope);
        }
        if !pipe.vars.is_empty() {
            let holds_shortcode = self.is_shortcode_pipe(pipe, scope);
            for var in &pipe.vars {
                if holds_shortcode {
                    scope.vars.insert(var.clone());
                } else {
                    scope.vars.remove(var);
                }
            }
        }
    }

    /// Whether the pipeline's value is the shortcode itself (`.`, `$`, `$sc`).
    fn is_shortcode_pipe(&self, pipe: &Pipeline, scope: &Scope) -> bool {
        match pipe.cmds.as_slice() {
            [cmd] => match cmd.args.as_slice() {
                [operand] => self.is_shortcode_operand(operand, scope),
                _ => false,
            },
            _ => false,
        }
    }

    fn is_shortcode_operand(&self, operand: &Operand, scope: &Scope) -> bool {
        match &operand.term {
            Term::Dot => scope.dot,
            Term::Var(name, chain) => chain.is_empty() && scope.vars.contains(name),
            Term::Sub(pipe, chain) => chain.is_empty() && self.is_shortcode_pipe(pipe, scope),
            _ => false,
        }
    }

    /// The field chain read from the shortcode by `operand`, if it reads one.
    fn shortcode_chain<'o>(&self, operand: &'o Operand, scope: &Scope) -> Option<&'o [String]> {
        match &operand.term {
            Term::Field(chain) if scope.dot => Some(chain),
            Term::Var(name, chain) if !chain.is_empty() && scope.vars.contains(name) => Some(chain),
            _ => None,
        }
    }

    fn command(&mut self, cmd: &Command, tree: &Tree, scope: &mut Scope) {
        if cmd.args.iter().any(|operand| {
            matches!(&operand.term, Term::Func(f) if matches!(f.as_str(), "ref" | "relref" | "urls.Ref" | "urls.RelRef"))
        }) {
            self.reads.refs = true;
        }
        // Inner content, whatever the receiver, in the shortcode's own file (as Hugo's
        // `collectInner` detects it: field and variable nodes, not partials).
        for operand in cmd.args.iter().filter(|_| self.depth == 0) {
            let chain = match &operand.term {
                Term::Field(chain) | Term::Var(_, chain) => chain,
                _ => continue,
            };
            if chain
                .iter()
                .any(|field| field == "Inner" || field == "InnerDeindent")
            {
                self.reads.inner = true;
            }
        }
        // `.Get KEY`: a method call, its key the next argument.
        if let Some(first) = cmd.args.first() {
            if let Some(chain) = self.shortcode_chain(first, scope) {
                if chain == ["Get"] {
                    match cmd.args.get(1).map(|key| &key.term) {
                        Some(Term::Str(name)) => {
                            self.reads.named.insert(name.clone());
                        }
                        Some(Term::Int(index)) => {
                            if let Ok(index) = usize::try_from(*index) {
                                self.reads.positional.insert(index);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        // `index .Params KEY`.
        let index_of_params = matches!(
            cmd.args.as_slice(),
            [func, params, _, ..]
                if matches!(&func.term, Term::Func(f) if f == "index")
                    && self.shortcode_chain(params, scope) == Some(&["Params".to_string()][..])
        );
        if index_of_params {
            match cmd.args.get(2).map(|key| &key.term) {
                Some(Term::Str(name)) => {
                    self.reads.named.insert(name.clone());
                }
                Some(Term::Int(index)) => {
                    if let Ok(index) = usize::try_from(*index) {
                        self.reads.positional.insert(index);
                    }
                }
                _ => self.reads.all_params = true,
            }
        }
        for (at, operand) in cmd.args.iter().enumerate() {
            if let Some(chain) = self.shortcode_chain(operand, scope) {
                match chain.first().map(String::as_str) {
                    Some("Params") => match chain.get(1) {
                        Some(name) => {
                            self.reads.named.insert(name.clone());
                        }
                        None if index_of_params && at == 1 => {}
                        None => self.reads.all_params = true,
                    },
                    Some("IsNamedParams") => self.reads.is_named_params = true,
                    _ => {}
                }
            }
            if let Term::Sub(pipe, _) = &operand.term {
                let mut inner = scope.clone();
                self.pipeline(pipe, tree, &mut inner);
            }
        }
        // `partial "name" .`: the partial's dot is the shortcode.
        if let [func, name, arg, ..] = cmd.args.as_slice() {
            let is_partial =
                matches!(&func.term, Term::Func(f) if f == "partial" || f == "partialCached");
            if let (true, Term::Str(name)) = (is_partial, &name.term) {
                if self.is_shortcode_operand(arg, scope) {
                    if let Some(Ok(file)) = self.partials.partial(name) {
                        let partial_tree = &file.tree;
                        self.follow(&format!("partial {name}"), |walker| {
                            walker.nodes(&partial_tree.root, partial_tree, &mut Scope::shortcode());
                        });
                    }
                }
            }
        }
    }
}

impl Scope {
    /// The scope at the top of a template whose dot is the shortcode.
    fn shortcode() -> Scope {
        Scope {
            dot: true,
            vars: HashSet::from(["$".to_string()]),
        }
    }
}

/// The comments a template starts with (`{{/* … */}}`, `{{- /* … */ -}}`; several in a row
/// are joined by a line break), without their delimiters and common indentation: the help
/// text of a shortcode. Empty when the template does not start with a comment.
pub(crate) fn leading_comment(src: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = src.trim_start();
    while let Some(after_open) = rest.strip_prefix("{{") {
        let body = after_open
            .strip_prefix('-')
            .unwrap_or(after_open)
            .trim_start();
        let Some(body) = body.strip_prefix("/*") else {
            break;
        };
        let Some(end) = body.find("*/") else { break };
        let after = body[end + 2..].trim_start_matches([' ', '-']);
        let Some(after) = after.strip_prefix("}}") else {
            break;
        };
        parts.push(dedent(&body[..end]));
        rest = after.trim_start();
    }
    parts.join("\n")
}

/// Trims `text` and removes the indentation its second and later lines share (the first line
/// follows the `/*`).
fn dedent(text: &str) -> String {
    let text = text.trim();
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default().trim_end().to_string();
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = first;
    for line in rest {
        out.push('\n');
        out.push_str(line.get(indent..).unwrap_or(line.trim_start()).trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::ShortcodeTemplates;

    /// What shortcode `sc` reads, with `partials` beside it.
    fn reads_of(sc: &str, partials: &[(&str, &str)]) -> TemplateReads {
        let set = ShortcodeTemplates::from_sources(
            vec![("sc".into(), sc.into())],
            partials
                .iter()
                .map(|(n, s)| (n.to_string(), s.to_string()))
                .collect(),
        )
        .unwrap();
        set.reads("sc").unwrap().unwrap()
    }

    fn named(reads: &TemplateReads) -> Vec<&str> {
        reads.named.iter().map(String::as_str).collect()
    }

    #[test]
    fn dot_moves_with_with_and_range_but_not_in_else() {
        let r = reads_of(
            r#"{{ with .Get "a" }}{{ .Get "no1" }}{{ $.Get "b" }}{{ else }}{{ .Get "c" }}{{ end }}
               {{ range .Site.Data.x }}{{ .Get "no2" }}{{ end }}{{ if .Get "d" }}{{ .Get "e" }}{{ end }}"#,
            &[],
        );
        assert_eq!(named(&r), ["a", "b", "c", "d", "e"]);
        assert!(!r.all_params && !r.inner);
    }

    #[test]
    fn variables_holding_the_shortcode_and_positional_and_params_forms() {
        let r = reads_of(
            r#"{{ $sc := . }}{{ with .Site }}{{ $sc.Get "a" }}{{ $sc.Params.b }}{{ end }}
               {{ $v := .Get 2 }}{{ index .Params "c" }}{{ index .Params 0 }}{{ (.Get `d`) }}
               {{ .Page.Scratch.Get "no" }}{{ $.Scratch.Get "no" }}{{ .Site.Params.no }}{{ .Get $v }}"#,
            &[],
        );
        assert_eq!(named(&r), ["a", "b", "c", "d"]);
        assert_eq!(r.positional.iter().copied().collect::<Vec<_>>(), [0, 2]);
        assert!(!r.all_params && !r.is_named_params);
        // `$sc` reassigned to something else no longer reads from the call.
        let r = reads_of(r#"{{ $sc := . }}{{ $sc = .Site }}{{ $sc.Get "x" }}"#, &[]);
        assert!(r.named.is_empty());
    }

    #[test]
    fn params_as_a_whole_and_is_named_params() {
        assert!(reads_of("{{ range .Params }}{{ . }}{{ end }}", &[]).all_params);
        assert!(reads_of("{{ if .Params }}x{{ end }}", &[]).all_params);
        let r = reads_of("{{ if .IsNamedParams }}{{ .Get \"a\" }}{{ end }}", &[]);
        assert!(r.is_named_params && !r.all_params);
        assert!(!reads_of("{{ index .Params \"k\" }}", &[]).all_params);
    }

    #[test]
    fn inner_counts_in_code_not_in_comments_and_not_in_partials() {
        assert!(!reads_of("{{/* use .Inner here */}}x", &[]).inner);
        assert!(reads_of("{{ .InnerDeindent }}", &[]).inner);
        assert!(reads_of("{{ with .Site }}{{ $.Inner }}{{ end }}", &[]).inner);
        let set = ShortcodeTemplates::from_sources(
            vec![("c".into(), "{{/* .Inner */}}x".into())],
            vec![],
        )
        .unwrap();
        assert!(!set.uses_inner("c"));
        assert!(!reads_of("{{ partial \"p\" . }}", &[("p.html", "{{ .Inner }}")]).inner);
    }

    #[test]
    fn inner_assigned_in_an_else_branch_counts_beside_functions_the_preview_lacks() {
        // The shape of hugodocs' `code-toggle`: `.Inner` only reassigned in the last branch,
        // and a function the preview does not run further down (the call still needs its
        // closing tag, so the page parses as in Hugo).
        let r = reads_of(
            "{{- $code := \"\" }}\n{{- if .Get \"config\" }}\n\t{{- $code = dict \"a\" 1 }}\n{{- else if .Get \"dataKey\" }}\n\t{{- $code = 2 }}\n{{- else }}\n\t{{- $code = $.Inner }}\n{{- end }}\n{{- range slice \"toml\" }}{{ $code | transform.NoSuchThing . }}{{ end }}",
            &[],
        );
        assert!(r.inner);
        assert_eq!(named(&r), ["config", "dataKey"]);
    }

    #[test]
    fn partials_and_templates_given_the_shortcode_are_followed() {
        let r = reads_of(
            r#"{{ define "t" }}{{ .Get "in-define" }}{{ end }}{{ template "t" . }}
               {{ partial "p" . }}{{ partial "q" (dict "x" 1) }}{{ partial "p" . }}"#,
            &[
                ("p.html", r#"{{ .Get "in-partial" }}{{ partial "p" $ }}"#),
                ("q.html", r#"{{ .Get "not-the-shortcode" }}"#),
            ],
        );
        assert_eq!(named(&r), ["in-define", "in-partial"]);
    }

    #[test]
    fn leading_comments_are_the_help() {
        assert_eq!(leading_comment("{{/* One. */}}\n{{ .Get 0 }}"), "One.");
        assert_eq!(
            leading_comment(
                "\n{{- /* A\n     b\n       c */ -}}\n{{/* Second. */}}<p>{{/* not */}}"
            ),
            "A\nb\n  c\nSecond."
        );
        assert_eq!(leading_comment("<p>{{/* late */}}"), "");
        assert_eq!(leading_comment("{{ .Get 0 }}{{/* late */}}"), "");
        assert_eq!(leading_comment("{{/* unclosed"), "");
    }
}
