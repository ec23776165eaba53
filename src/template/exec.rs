//! Runs a parsed template: Go's evaluation rules (scoping, truthiness, method calls with
//! arguments, sorted map ranges, nil-lenient field access as Hugo has it) with bounded work:
//! a step budget and a partial-depth limit turn runaway templates into errors.

use std::cell::RefCell;
use std::collections::HashMap;

use super::escape::HtmlWriter;
use super::funcs::{self, FuncEnv};
use super::parser::{BranchKind, Command, Node, Operand, Pipeline, Term, Tree};
use super::value::{SafeKind, Value};
use super::TemplateError;

/// How many commands one shortcode render may evaluate (partials included).
pub const MAX_STEPS: u64 = 2_000_000;
/// How deeply partials and `template` calls may nest.
pub const MAX_DEPTH: usize = 32;
/// How many bytes one template (or partial) may print. Real shortcodes print kilobytes; a
/// `printf` width or `strings.Repeat` in a loop can print gigabytes within the step budget.
pub const MAX_OUTPUT: usize = 4 << 20;

/// A parsed template file.
#[derive(Debug)]
pub(crate) struct TemplateFile {
    /// The name errors show (`_shortcodes/img.html`, `_partials/x.html`).
    pub display_name: String,
    pub source: String,
    pub tree: Tree,
}

impl TemplateFile {
    pub(crate) fn error_at(&self, pos: usize, message: impl Into<String>) -> TemplateError {
        let (line, column) = crate::text::line_column(&self.source, pos);
        TemplateError {
            template: self.display_name.clone(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// Looks partials up by name.
pub(crate) trait PartialSource {
    fn partial(&self, name: &str) -> Option<Result<&TemplateFile, TemplateError>>;
}

/// What ended a list early.
enum Flow {
    Normal,
    Break,
    Continue,
    Return(Value),
}

/// The state of one render.
pub(crate) struct Exec<'a> {
    pub funcs: FuncEnv<'a>,
    pub partials: &'a dyn PartialSource,
    steps: u64,
    depth: usize,
    partial_cache: RefCell<HashMap<String, Value>>,
}

/// Variables in scope, innermost last; `$` is the first.
struct Vars(Vec<(String, Value)>);

impl Vars {
    fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    fn set(&mut self, name: &str, value: Value) -> bool {
        match self.0.iter_mut().rev().find(|(n, _)| n == name) {
            Some(slot) => {
                slot.1 = value;
                true
            }
            None => false,
        }
    }
}

type Res<T> = Result<T, TemplateError>;

/// Stops a render whose output passed [`MAX_OUTPUT`]: checked after each printed value, each
/// `range` iteration and each `template` call, the only ways text multiplies.
fn check_output(file: &TemplateFile, pos: usize, w: &HtmlWriter) -> Res<()> {
    if w.len() > MAX_OUTPUT {
        return Err(file.error_at(
            pos,
            format!("template output limit reached ({MAX_OUTPUT} bytes)"),
        ));
    }
    Ok(())
}

impl<'a> Exec<'a> {
    pub(crate) fn new(funcs: FuncEnv<'a>, partials: &'a dyn PartialSource) -> Exec<'a> {
        Exec {
            funcs,
            partials,
            steps: 0,
            depth: 0,
            partial_cache: RefCell::new(HashMap::new()),
        }
    }

    /// Renders `file` with `dot` as `.` and `$`; returns the output, or the value of a
    /// `return` (partials that compute values).
    pub(crate) fn run(&mut self, file: &TemplateFile, dot: &Value) -> Res<Result<String, Value>> {
        self.run_into(file, dot, HtmlWriter::new())
    }

    /// [`Exec::run`] as Go's text/template runs it: nothing escaped (archetypes).
    pub(crate) fn run_text(
        &mut self,
        file: &TemplateFile,
        dot: &Value,
    ) -> Res<Result<String, Value>> {
        self.run_into(file, dot, HtmlWriter::plain())
    }

    fn run_into(
        &mut self,
        file: &TemplateFile,
        dot: &Value,
        mut writer: HtmlWriter,
    ) -> Res<Result<String, Value>> {
        let mut vars = Vars(vec![("$".to_string(), dot.clone())]);
        match self.list(file, &file.tree.root, dot, &mut vars, &mut writer)? {
            Flow::Return(v) => Ok(Err(v)),
            _ => Ok(Ok(writer.into_string())),
        }
    }

    fn step(&mut self, file: &TemplateFile, pos: usize) -> Res<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(file.error_at(
                pos,
                format!(
                    "template work limit reached ({MAX_STEPS} steps): is there a runaway loop?"
                ),
            ));
        }
        Ok(())
    }

    fn list(
        &mut self,
        file: &TemplateFile,
        nodes: &[Node],
        dot: &Value,
        vars: &mut Vars,
        w: &mut HtmlWriter,
    ) -> Res<Flow> {
        for node in nodes {
            let flow = self.node(file, node, dot, vars, w)?;
            if !matches!(flow, Flow::Normal) {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn node(
        &mut self,
        file: &TemplateFile,
        node: &Node,
        dot: &Value,
        vars: &mut Vars,
        w: &mut HtmlWriter,
    ) -> Res<Flow> {
        match node {
            Node::Text(text) => w.write_text(text),
            Node::Action(pipe) => {
                let value = self.pipeline(file, pipe, dot, vars)?;
                if pipe.vars.is_empty() {
                    w.write_value(&value);
                    check_output(file, pipe.pos, w)?;
                }
            }
            Node::Branch {
                kind,
                pipe,
                then,
                otherwise,
            } => {
                let mark = vars.0.len();
                let value = self.pipeline(file, pipe, dot, vars)?;
                let flow = if value.is_truthy() {
                    let inner_dot = if *kind == BranchKind::With {
                        value
                    } else {
                        dot.clone()
                    };
                    self.list(file, then, &inner_dot, vars, w)?
                } else if let Some(otherwise) = otherwise {
                    self.list(file, otherwise, dot, vars, w)?
                } else {
                    Flow::Normal
                };
                vars.0.truncate(mark);
                return Ok(flow);
            }
            Node::Range {
                pipe,
                body,
                otherwise,
            } => return self.range(file, pipe, body, otherwise.as_deref(), dot, vars, w),
            Node::Break => return Ok(Flow::Break),
            Node::Continue => return Ok(Flow::Continue),
            Node::Return(pipe) => {
                let value = match pipe {
                    Some(pipe) => self.pipeline(file, pipe, dot, vars)?,
                    None => Value::Nil,
                };
                return Ok(Flow::Return(value));
            }
            Node::Template { name, pipe, pos } => {
                let Some(body) = file.tree.defines.get(name) else {
                    return Err(file.error_at(*pos, format!("no such template {name:?}")));
                };
                let new_dot = match pipe {
                    Some(pipe) => self.pipeline(file, pipe, dot, vars)?,
                    None => Value::Nil,
                };
                if self.depth >= MAX_DEPTH {
                    return Err(file.error_at(
                        *pos,
                        format!("template calls nested more than {MAX_DEPTH} deep"),
                    ));
                }
                self.depth += 1;
                let mut inner_vars = Vars(vec![("$".to_string(), new_dot.clone())]);
                let flow = self.list(file, body, &new_dot, &mut inner_vars, w);
                self.depth -= 1;
                check_output(file, *pos, w)?;
                if let Flow::Return(v) = flow? {
                    return Ok(Flow::Return(v));
                }
            }
        }
        Ok(Flow::Normal)
    }

    #[allow(clippy::too_many_arguments)]
    fn range(
        &mut self,
        file: &TemplateFile,
        pipe: &Pipeline,
        body: &[Node],
        otherwise: Option<&[Node]>,
        dot: &Value,
        vars: &mut Vars,
        w: &mut HtmlWriter,
    ) -> Res<Flow> {
        let mark = vars.0.len();
        let value = self.pipeline_value(file, pipe, dot, vars)?;
        let items: Vec<(Value, Value)> = match &value {
            Value::List(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::Int(i as i64), v.clone()))
                .collect(),
            Value::Map(entries) => entries
                .iter()
                .map(|(k, v)| (Value::str(k), v.clone()))
                .collect(),
            Value::Int(n) => {
                if pipe.vars.len() > 1 {
                    return Err(
                        file.error_at(pipe.pos, "can't use two variables when ranging over an int")
                    );
                }
                if *n > MAX_STEPS as i64 {
                    return Err(
                        file.error_at(pipe.pos, format!("range over {n} exceeds the work limit"))
                    );
                }
                (0..*n).map(|i| (Value::Int(i), Value::Int(i))).collect()
            }
            Value::Nil => Vec::new(),
            other => {
                return Err(file.error_at(
                    pipe.pos,
                    format!("range can't iterate over {}", other.to_go_string()),
                ))
            }
        };
        let empty = items.is_empty();
        for (key, item) in items {
            self.step(file, pipe.pos)?;
            let iteration_mark = vars.0.len();
            match pipe.vars.as_slice() {
                [] => {}
                [one] => self.bind(file, pipe, one, item.clone(), vars)?,
                [k, v, ..] => {
                    self.bind(file, pipe, k, key, vars)?;
                    self.bind(file, pipe, v, item.clone(), vars)?;
                }
            }
            let flow = self.list(file, body, &item, vars, w)?;
            check_output(file, pipe.pos, w)?;
            vars.0.truncate(iteration_mark);
            match flow {
                Flow::Break => break,
                Flow::Return(v) => {
                    vars.0.truncate(mark);
                    return Ok(Flow::Return(v));
                }
                Flow::Normal | Flow::Continue => {}
            }
        }
        let flow = match otherwise {
            Some(otherwise) if empty => self.list(file, otherwise, dot, vars, w)?,
            _ => Flow::Normal,
        };
        vars.0.truncate(mark);
        Ok(flow)
    }

    fn bind(
        &mut self,
        file: &TemplateFile,
        pipe: &Pipeline,
        name: &str,
        value: Value,
        vars: &mut Vars,
    ) -> Res<()> {
        if pipe.assign {
            if !vars.set(name, value) {
                return Err(file.error_at(pipe.pos, format!("undefined variable: {name}")));
            }
        } else {
            vars.0.push((name.to_string(), value));
        }
        Ok(())
    }

    /// Evaluates a pipeline and performs its declarations or assignments.
    fn pipeline(
        &mut self,
        file: &TemplateFile,
        pipe: &Pipeline,
        dot: &Value,
        vars: &mut Vars,
    ) -> Res<Value> {
        let value = self.pipeline_value(file, pipe, dot, vars)?;
        for name in &pipe.vars {
            self.bind(file, pipe, name, value.clone(), vars)?;
        }
        Ok(value)
    }

    fn pipeline_value(
        &mut self,
        file: &TemplateFile,
        pipe: &Pipeline,
        dot: &Value,
        vars: &mut Vars,
    ) -> Res<Value> {
        let mut piped: Option<Value> = None;
        for cmd in &pipe.cmds {
            piped = Some(self.command(file, cmd, dot, vars, piped)?);
        }
        Ok(piped.unwrap_or_default())
    }

    fn command(
        &mut self,
        file: &TemplateFile,
        cmd: &Command,
        dot: &Value,
        vars: &mut Vars,
        piped: Option<Value>,
    ) -> Res<Value> {
        self.step(file, cmd.pos)?;
        let first = &cmd.args[0];
        let rest = &cmd.args[1..];
        match &first.term {
            Term::Func(name) => self.call_func(file, name, first.pos, rest, piped, dot, vars),
            Term::Field(chain) => {
                self.chain(file, first.pos, dot.clone(), chain, rest, piped, dot, vars)
            }
            Term::Var(name, chain) if !chain.is_empty() => {
                let base = self.var(file, first.pos, name, vars)?;
                self.chain(file, first.pos, base, chain, rest, piped, dot, vars)
            }
            Term::Sub(pipe, chain) if !chain.is_empty() => {
                let base = self.pipeline(file, pipe, dot, vars)?;
                self.chain(file, first.pos, base, chain, rest, piped, dot, vars)
            }
            _ => {
                if !rest.is_empty() || piped.is_some() {
                    return Err(file.error_at(first.pos, "can't give argument to non-function"));
                }
                self.operand(file, first, dot, vars)
            }
        }
    }

    fn var(&self, file: &TemplateFile, pos: usize, name: &str, vars: &Vars) -> Res<Value> {
        vars.get(name)
            .cloned()
            .ok_or_else(|| file.error_at(pos, format!("undefined variable: {name}")))
    }

    /// Walks `.A.B.C` from `receiver`; the last name gets the arguments.
    #[allow(clippy::too_many_arguments)]
    fn chain(
        &mut self,
        file: &TemplateFile,
        pos: usize,
        receiver: Value,
        chain: &[String],
        args: &[Operand],
        piped: Option<Value>,
        dot: &Value,
        vars: &mut Vars,
    ) -> Res<Value> {
        let mut current = receiver;
        let last = chain.len() - 1;
        for (i, name) in chain.iter().enumerate() {
            let call_args = if i == last {
                let mut values = Vec::with_capacity(args.len() + 1);
                for a in args {
                    values.push(self.operand(file, a, dot, vars)?);
                }
                values.extend(piped.clone());
                values
            } else {
                Vec::new()
            };
            current = self
                .member(&current, name, &call_args)
                .map_err(|m| file.error_at(pos, m))?;
        }
        Ok(current)
    }

    /// Field or method `name` of `receiver`; `GetPage` of a site or page asks the host for
    /// the page (Hugo's lookup is the one `ref` uses).
    fn member(&self, receiver: &Value, name: &str, args: &[Value]) -> Result<Value, String> {
        // `.Page.RenderString [OPTIONS] MARKDOWN`: Markdown rendered by the page's pipeline,
        // a lone paragraph unwrapped unless `display` is `block`.
        if name == "RenderString" {
            if let Value::Object(o) = receiver {
                if o.type_name() == "Page" {
                    let (options, markdown) = match args {
                        [markdown] => (None, markdown),
                        [options, markdown] => (Some(options), markdown),
                        _ => {
                            return Err(format!(
                                "error calling RenderString: want 1 or 2 arguments, got {}",
                                args.len()
                            ))
                        }
                    };
                    let block = options
                        .map(|o| field(o, "display", &[]))
                        .transpose()?
                        .is_some_and(|d| d.to_go_string() == "block");
                    let markdown = markdown.to_go_string();
                    let html = if block {
                        self.funcs.host.render_block(&markdown)
                    } else {
                        self.funcs.host.markdownify(&markdown)
                    };
                    return Ok(Value::safe(SafeKind::Html, html));
                }
            }
        }
        // `.RenderShortcodes`: the page's body with its shortcodes run and its Markdown left
        // as it is (hugodocs' `include`).
        if name == "RenderShortcodes" && args.is_empty() {
            if let Value::Object(o) = receiver {
                if o.type_name() == "Page" {
                    let path = field(&field(receiver, "File", &[])?, "Path", &[])?;
                    let text = self.funcs.host.render_shortcodes(&path.to_go_string());
                    return Ok(Value::safe(SafeKind::Html, text));
                }
            }
        }
        // A page's collections and content: the host finds them (from its page path).
        if let Value::Object(o) = receiver {
            let list = match name {
                "Pages" => Some(super::PageList::Pages),
                "RegularPages" => Some(super::PageList::RegularPages),
                "Sections" => Some(super::PageList::Sections),
                "RegularPagesRecursive" => Some(super::PageList::RegularPagesRecursive),
                _ => None,
            };
            if o.type_name() == "Page" && name == "Resources" && args.is_empty() {
                let path = field(&field(receiver, "File", &[])?, "Path", &[])?.to_go_string();
                let items = self.funcs.host.page_resources(&path);
                return Ok(Value::Object(std::sync::Arc::new(
                    super::resources::Resources { items },
                )));
            }
            let reads_content = matches!(name, "Content" | "RawContent");
            if o.type_name() == "Page" && args.is_empty() && (list.is_some() || reads_content) {
                let path = field(&field(receiver, "File", &[])?, "Path", &[])?.to_go_string();
                let host = self.funcs.host;
                if let Some(list) = list {
                    let site = field(receiver, "Site", &[])?;
                    let mut pages: Vec<Value> = host
                        .page_list(&path, list)
                        .iter()
                        .map(|page| {
                            Value::Object(std::sync::Arc::new(super::objects::PageObject::new(
                                page,
                                self.funcs.base_url,
                                site.clone(),
                            )))
                        })
                        .collect();
                    super::pages::sort_default(&mut pages);
                    return Ok(Value::list(pages));
                }
                return Ok(if name == "Content" {
                    Value::safe(SafeKind::Html, host.page_content(&path))
                } else {
                    Value::str(host.raw_content(&path))
                });
            }
        }
        if let Value::List(items) = receiver {
            if let Some(value) = super::pages::list_method(items, name, args) {
                return Ok(value);
            }
        }
        if name == "GetPage" {
            if let Value::Object(o) = receiver {
                if matches!(o.type_name(), "Site" | "Page") {
                    let [target] = args else {
                        return Err(format!(
                            "error calling GetPage: want 1 argument, got {}",
                            args.len()
                        ));
                    };
                    let target = target.to_go_string();
                    let (site, from) = if o.type_name() == "Site" {
                        (receiver.clone(), None)
                    } else {
                        let from = field(&field(receiver, "File", &[])?, "Path", &[])?;
                        (field(receiver, "Site", &[])?, Some(from.to_go_string()))
                    };
                    return Ok(match self.funcs.host.get_page(from.as_deref(), &target) {
                        Some(page) => Value::Object(std::sync::Arc::new(
                            super::objects::PageObject::new(&page, self.funcs.base_url, site),
                        )),
                        None => Value::Nil,
                    });
                }
            }
        }
        field(receiver, name, args)
    }

    fn operand(
        &mut self,
        file: &TemplateFile,
        op: &Operand,
        dot: &Value,
        vars: &mut Vars,
    ) -> Res<Value> {
        Ok(match &op.term {
            Term::Dot => dot.clone(),
            Term::Nil => Value::Nil,
            Term::Bool(b) => Value::Bool(*b),
            Term::Int(i) => Value::Int(*i),
            Term::Float(f) => Value::Float(*f),
            Term::Str(s) => Value::str(s),
            Term::Field(chain) => {
                self.chain(file, op.pos, dot.clone(), chain, &[], None, dot, vars)?
            }
            Term::Var(name, chain) => {
                let base = self.var(file, op.pos, name, vars)?;
                if chain.is_empty() {
                    base
                } else {
                    self.chain(file, op.pos, base, chain, &[], None, dot, vars)?
                }
            }
            Term::Func(name) => self.call_func(file, name, op.pos, &[], None, dot, vars)?,
            Term::Sub(pipe, chain) => {
                let base = self.pipeline(file, pipe, dot, vars)?;
                if chain.is_empty() {
                    base
                } else {
                    self.chain(file, op.pos, base, chain, &[], None, dot, vars)?
                }
            }
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn call_func(
        &mut self,
        file: &TemplateFile,
        name: &str,
        pos: usize,
        args: &[Operand],
        piped: Option<Value>,
        dot: &Value,
        vars: &mut Vars,
    ) -> Res<Value> {
        // `and` / `or` stop at the first operand that decides, and return it.
        if name == "and" || name == "or" {
            let count = args.len() + usize::from(piped.is_some());
            if count == 0 {
                return Err(file.error_at(
                    pos,
                    format!("wrong number of args for {name}: want at least 1 got 0"),
                ));
            }
            let mut last = Value::Nil;
            for a in args {
                last = self.operand(file, a, dot, vars)?;
                if last.is_truthy() == (name == "or") {
                    return Ok(last);
                }
            }
            if let Some(p) = piped {
                last = p;
            }
            return Ok(last);
        }
        // `try (EXPR)`: the expression's value or its error, as `.Value` and `.Err`.
        if name == "try" {
            let ([only], None) = (args, &piped) else {
                return Err(file.error_at(pos, "try: want one expression"));
            };
            let (value, error) = match self.operand(file, only, dot, vars) {
                Ok(value) => (value, Value::Nil),
                Err(e) => (Value::Nil, Value::str(e.to_string())),
            };
            return Ok(Value::map(
                [("Value".to_string(), value), ("Err".to_string(), error)]
                    .into_iter()
                    .collect(),
            ));
        }
        let mut values = Vec::with_capacity(args.len() + 1);
        for a in args {
            values.push(self.operand(file, a, dot, vars)?);
        }
        values.extend(piped);
        if let Some((root, chain)) = funcs::site_chain(name) {
            let mut current = match root {
                funcs::GlobalRoot::Site => self.funcs.site.clone(),
                funcs::GlobalRoot::CurrentTemplate => Value::map(
                    [
                        ("Name".to_string(), Value::str(&file.display_name)),
                        ("Filename".to_string(), Value::str(&file.display_name)),
                    ]
                    .into_iter()
                    .collect(),
                ),
                funcs::GlobalRoot::Data => {
                    field(&self.funcs.site, "Data", &[]).map_err(|m| file.error_at(pos, m))?
                }
                funcs::GlobalRoot::Version => Value::str(funcs::HUGO_VERSION),
            };
            if chain.is_empty() && !values.is_empty() {
                return Err(file.error_at(pos, format!("{name} is not a function")));
            }
            let last = chain.len().saturating_sub(1);
            for (i, part) in chain.iter().enumerate() {
                let args = if i == last { &values[..] } else { &[] };
                current = self
                    .member(&current, part, args)
                    .map_err(|m| file.error_at(pos, m))?;
            }
            return Ok(current);
        }
        match name {
            "partial" | "partialCached" => self.partial(file, pos, name, &values),
            // `apply LIST "func" ARGS…`: the function called for each item, `"."` standing
            // for the item.
            "apply" | "collections.Apply" => {
                let (Some(Value::List(items)), Some(func)) = (values.first(), values.get(1)) else {
                    return Err(file.error_at(pos, "apply: want a slice and a function name"));
                };
                let func = func.to_go_string();
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    let args: Vec<Value> = values[2..]
                        .iter()
                        .map(|a| {
                            if a.as_str() == Some(".") {
                                item.clone()
                            } else {
                                a.clone()
                            }
                        })
                        .collect();
                    out.push(
                        funcs::call(&self.funcs, &func, &args)
                            .map_err(|m| file.error_at(pos, format!("error calling apply: {m}")))?,
                    );
                }
                Ok(Value::list(out))
            }
            _ => funcs::call(&self.funcs, name, &values)
                .map_err(|m| file.error_at(pos, format!("error calling {name}: {m}"))),
        }
    }

    fn partial(
        &mut self,
        file: &TemplateFile,
        pos: usize,
        func: &str,
        args: &[Value],
    ) -> Res<Value> {
        let Some(name) = args.first().and_then(Value::as_str) else {
            return Err(file.error_at(
                pos,
                format!("{func}: the first argument must be the partial's name"),
            ));
        };
        let context = args.get(1).cloned().unwrap_or_default();
        let cache_key = (func == "partialCached").then(|| {
            let variants: Vec<String> = args[2..].iter().map(Value::to_go_string).collect();
            format!("{name}\u{0}{}", variants.join("\u{0}"))
        });
        if let Some(key) = &cache_key {
            if let Some(v) = self.partial_cache.borrow().get(key) {
                return Ok(v.clone());
            }
        }
        // A partial defined inside the calling file (`define "_partials/x.html"`), as Hugo's
        // inline partials.
        let inline = [
            format!("_partials/{name}"),
            format!("_partials/{name}.html"),
        ]
        .into_iter()
        .find_map(|key| file.tree.defines.get(&key));
        if let Some(body) = inline {
            if self.depth >= MAX_DEPTH {
                return Err(file.error_at(pos, format!("partials nested more than {MAX_DEPTH} deep (calling {name:?}): is a partial calling itself?")));
            }
            self.depth += 1;
            let mut writer = HtmlWriter::new();
            let mut vars = Vars(vec![("$".to_string(), context.clone())]);
            let flow = self.list(file, body, &context, &mut vars, &mut writer);
            self.depth -= 1;
            return Ok(match flow? {
                Flow::Return(v) => v,
                _ => Value::safe(SafeKind::Html, writer.into_string()),
            });
        }
        let partial = match self.partials.partial(name) {
            Some(Ok(p)) => p,
            Some(Err(e)) => return Err(e),
            None => return Err(file.error_at(pos, format!("partial {name:?} not found"))),
        };
        if self.depth >= MAX_DEPTH {
            return Err(file.error_at(pos, format!("partials nested more than {MAX_DEPTH} deep (calling {name:?}): is a partial calling itself?")));
        }
        self.depth += 1;
        let result = self.run(partial, &context);
        self.depth -= 1;
        let value = match result? {
            Ok(html) => Value::safe(SafeKind::Html, html),
            Err(returned) => returned,
        };
        if let Some(key) = cache_key {
            self.partial_cache.borrow_mut().insert(key, value.clone());
        }
        Ok(value)
    }
}

/// Field or method `name` of `receiver`: map keys (exact, then lower-cased as Hugo's params
/// are), object members, and nil for anything on nil (Hugo does not fail there).
pub(crate) fn field(receiver: &Value, name: &str, args: &[Value]) -> Result<Value, String> {
    match receiver {
        Value::Nil => Ok(Value::Nil),
        Value::Map(m) => {
            if !args.is_empty() {
                return Err(format!("{name} is not a method but has arguments"));
            }
            Ok(m.get(name)
                .or_else(|| m.get(&name.to_lowercase()))
                .cloned()
                .unwrap_or_default())
        }
        Value::Object(o) => match o.call(name, args) {
            Some(result) => result.map_err(|m| format!("error calling {name}: {m}")),
            None => Err(format!(
                "can't evaluate field {name} in type {}",
                o.type_name()
            )),
        },
        other => Err(format!(
            "can't evaluate field {name} in type {}",
            other.type_name()
        )),
    }
}
