//! Hugo's embedded shortcodes (`ref`, `relref`, `figure`, `youtube`, `vimeo`, `highlight`,
//! `param`, `details`, `x`, `comment`, and the removed `tweet`/`twitter`), written in Rust to
//! print what Hugo 0.168's templates print (docs/hugo-behaviour.md §3). A site template of the
//! same name wins over these, as in Hugo.

use crate::shortcode::{ParamValue, ShortcodeCall, ShortcodeParams};
use crate::text::{deindent, go_html_escaper};

use super::pipeline::PageRender;

/// Whether `name` is one of Hugo's embedded shortcodes.
pub fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "ref"
            | "relref"
            | "figure"
            | "youtube"
            | "vimeo"
            | "highlight"
            | "param"
            | "details"
            | "x"
            | "comment"
            | "tweet"
            | "twitter"
            | "twitter_simple"
            | "gist"
            | "instagram"
            | "qr"
    )
}

/// Whether the embedded template reads `.Inner` (so calls must be closed).
pub fn builtin_uses_inner(name: &str) -> bool {
    matches!(name, "details" | "highlight" | "comment" | "qr")
}

/// Go html/template's treatment of a value in a URL attribute: normalised (what URLs may not
/// hold is percent-encoded), unsafe schemes replaced by `#ZgotmplZ`, then attribute-escaped.
pub fn go_url_attr(value: &str) -> String {
    let lower = value.trim_start().to_ascii_lowercase();
    if let Some((scheme, _)) = lower.split_once(':') {
        if !scheme.contains('/') && !matches!(scheme, "http" | "https" | "mailto") {
            return "#ZgotmplZ".into();
        }
    }
    let mut normalised = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!#$&*+,/:;=?@[]%'()".contains(&b) {
            normalised.push(b as char);
        } else {
            normalised.push_str(&format!("%{b:02x}"));
        }
    }
    normalised
        .replace('&', "&amp;")
        .replace('\'', "&#39;")
        .replace('+', "&#43;")
}

/// A parameter as a template sees it through `.Get`.
fn get<'p>(params: &'p ShortcodeParams, key: &str) -> Option<&'p ParamValue> {
    params.named(key)
}

fn get_str(params: &ShortcodeParams, key: &str) -> String {
    get(params, key)
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// Go truthiness of a parameter (empty string, 0, false are false).
fn truthy(value: Option<&ParamValue>) -> bool {
    match value {
        None => false,
        Some(ParamValue::String(s)) => !s.is_empty(),
        Some(ParamValue::Int(i)) => *i != 0,
        Some(ParamValue::Float(f)) => *f != 0.0,
        Some(ParamValue::Bool(b)) => *b,
    }
}

/// `in (slice "true" true 1) v` / `in (slice "false" false 0) v`.
fn flag(value: Option<&ParamValue>) -> Option<bool> {
    match value? {
        ParamValue::String(s) if s == "true" => Some(true),
        ParamValue::String(s) if s == "false" => Some(false),
        ParamValue::Bool(b) => Some(*b),
        ParamValue::Int(1) => Some(true),
        ParamValue::Int(0) => Some(false),
        _ => None,
    }
}

/// `or (.Get "id") (.Get 0)`.
fn id_param(params: &ShortcodeParams) -> Option<String> {
    let named = get(params, "id").filter(|v| truthy(Some(v)));
    named
        .or_else(|| params.positional(0))
        .filter(|v| truthy(Some(v)))
        .map(ToString::to_string)
}

/// Renders an embedded shortcode; `inner` is the call's inner content, already expanded.
pub fn render_builtin(
    page: &PageRender<'_>,
    call: &ShortcodeCall,
    inner: Option<&str>,
) -> Result<String, String> {
    let params = &call.params;
    match call.name.as_str() {
        "ref" | "relref" => {
            let target = params.named_or_positional("path", 0).map(ToString::to_string).unwrap_or_default();
            let lang = params.named("lang").map(ToString::to_string);
            Ok(page.resolve_ref(
                &target,
                lang.as_deref(),
                call.name == "relref",
                call.line,
                call.column,
            ))
        }
        "figure" => Ok(figure(page, params)),
        "youtube" => youtube(params, &call.name),
        "vimeo" => vimeo(params, &call.name),
        "highlight" => {
            let code = deindent(inner.unwrap_or_default());
            let code = code.trim_matches(|c| c == '\n' || c == '\r');
            let lang = params.positional(0).map(ToString::to_string).unwrap_or_default();
            let options = params.positional(1).map(ToString::to_string).unwrap_or_default();
            Ok(page.highlight(code, &lang, &options))
        }
        "param" => {
            let Some(name) = params.positional(0).map(ToString::to_string).filter(|n| !n.is_empty()) else {
                return Err(format!("Missing param key: {}:{}", call.line, call.column));
            };
            match page.param(&name) {
                Some(value) => Ok(go_html_escaper(&value)),
                None => Err(format!("Param {name:?} not found: {}:{}", call.line, call.column)),
            }
        }
        "details" => Ok(details(page, params, inner.unwrap_or_default())),
        "comment" => Ok(String::new()),
        "tweet" | "twitter" | "twitter_simple" => Err(
            "The \"twitter\", \"tweet\", and \"twitter_simple\" shortcodes were deprecated in v0.142.0 and removed in v0.156.0. Please use the \"x\" shortcode instead."
                .into(),
        ),
        "x" => {
            // Hugo fetches the post from X's oEmbed service; the preview stays offline.
            let user = get_str(params, "user");
            let id = get_str(params, "id");
            let url = format!("https://x.com/{user}/status/{id}");
            Ok(format!("<blockquote class=\"postwright-embed\"><a href=\"{0}\">{0}</a></blockquote>", go_url_attr(&url)))
        }
        other => Err(format!("the {other:?} shortcode fetches remote content and is not previewed")),
    }
}

fn figure(page: &PageRender<'_>, params: &ShortcodeParams) -> String {
    let g = |k: &str| get_str(params, k);
    let mut html = String::from("<figure");
    if !g("class").is_empty() {
        html.push_str(&format!(" class=\"{}\"", go_html_escaper(&g("class"))));
    }
    html.push('>');
    let link = g("link");
    if !link.is_empty() {
        html.push_str(&format!("<a href=\"{}\"", go_url_attr(&link)));
        for key in ["target", "rel"] {
            if !g(key).is_empty() {
                html.push_str(&format!(" {key}=\"{}\"", go_html_escaper(&g(key))));
            }
        }
        html.push('>');
    }
    html.push_str(&format!("<img src=\"{}\"", go_url_attr(&g("src"))));
    let caption = g("caption");
    if !g("alt").is_empty() || !caption.is_empty() {
        let alt = if g("alt").is_empty() {
            plainify(&page.markdownify(&caption))
        } else {
            g("alt")
        };
        html.push_str(&format!("\n\t\t\talt=\"{}\"", go_html_escaper(&alt)));
    }
    for key in ["width", "height", "loading"] {
        if !g(key).is_empty() {
            html.push_str(&format!(" {key}=\"{}\"", go_html_escaper(&g(key))));
        }
    }
    html.push('>');
    if !link.is_empty() {
        html.push_str("</a>");
    }
    let (title, attr) = (g("title"), g("attr"));
    if !title.is_empty() || !caption.is_empty() || !attr.is_empty() {
        html.push_str("<figcaption>\n\t\t\t");
        if !title.is_empty() {
            html.push_str(&format!("<h4>{}</h4>", go_html_escaper(&title)));
        }
        if !caption.is_empty() || !attr.is_empty() {
            html.push_str("<p>");
            html.push_str(&page.markdownify(&caption));
            let attrlink = g("attrlink");
            if !attrlink.is_empty() {
                html.push_str(&format!(
                    "\n\t\t\t\t\t\t<a href=\"{}\">",
                    go_url_attr(&attrlink)
                ));
            }
            html.push_str(&page.markdownify(&attr));
            if !attrlink.is_empty() {
                html.push_str("</a>");
            }
            html.push_str("</p>");
        }
        html.push_str("\n\t\t</figcaption>");
    }
    html.push_str("\n</figure>");
    html
}

/// Hugo's `plainify`: the text without its tags.
pub fn plainify(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn youtube(params: &ShortcodeParams, name: &str) -> Result<String, String> {
    let Some(id) = id_param(params) else {
        return Err(format!("The {name:?} shortcode requires an id argument."));
    };
    let allow_full_screen = flag(get(params, "allowFullScreen")).unwrap_or(true);
    let autoplay = flag(get(params, "autoplay")).unwrap_or(false);
    let controls = flag(get(params, "controls")).unwrap_or(true);
    let looped = flag(get(params, "loop")).unwrap_or(false);
    let mute = autoplay || flag(get(params, "mute")).unwrap_or(false);
    let or = |key: &str, default: &str| {
        get(params, key)
            .filter(|v| truthy(Some(v)))
            .map_or(default.to_string(), ToString::to_string)
    };
    let class = or("class", "");
    let end = or("end", "0");
    let loading = or("loading", "eager");
    let start = or("start", "0");
    let title = or("title", "YouTube video");
    let mut allow = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share".to_string();
    if allow_full_screen {
        allow.push_str("; fullscreen");
    }
    let bit = |b: bool| if b { "1" } else { "0" };
    // `querify` sorts the keys.
    let mut query = vec![
        ("autoplay", bit(autoplay).to_string()),
        ("controls", bit(controls).to_string()),
        ("end", end),
        ("loop", bit(looped).to_string()),
        ("mute", bit(mute).to_string()),
        ("start", start),
    ];
    if looped {
        query.push(("playlist", id.clone()));
        query.sort_by(|a, b| a.0.cmp(b.0));
    }
    let query: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{k}={}", query_escape(v)))
        .collect();
    let src = format!("https://www.youtube.com/embed/{id}?{}", query.join("&"));
    let mut html = String::from("<div");
    if !class.is_empty() {
        html.push_str(&format!(" class=\"{}\"", go_html_escaper(&class)));
    } else {
        html.push_str(
            " style=\"position: relative; padding-bottom: 56.25%; height: 0; overflow: hidden;\"",
        );
    }
    html.push_str(">\n\t\t\t<iframe");
    html.push_str(&format!(" allow=\"{}\"", go_html_escaper(&allow)));
    html.push_str(&format!(" loading=\"{}\"", go_html_escaper(&loading)));
    html.push_str(" referrerpolicy=\"strict-origin-when-cross-origin\"");
    html.push_str(&format!(" src=\"{}\"", go_url_attr(&src)));
    if class.is_empty() {
        html.push_str(
            " style=\"position: absolute; top: 0; left: 0; width: 100%; height: 100%; border:0;\"",
        );
    }
    html.push_str(&format!(
        " title=\"{}\"></iframe>\n\t\t</div>",
        go_html_escaper(&title)
    ));
    Ok(html)
}

/// Go's `url.QueryEscape`.
fn query_escape(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b' ' => out.push('+'),
            b if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) => out.push(b as char),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn vimeo(params: &ShortcodeParams, name: &str) -> Result<String, String> {
    let Some(id) = id_param(params) else {
        return Err(format!(
            "The {name:?} shortcode requires a video id, either as the first positional argument or an argument named id."
        ));
    };
    let g = |k: &str| get_str(params, k);
    let class = g("class");
    let allow_full_screen = flag(get(params, "allowFullScreen")).unwrap_or(true);
    let src = format!("https://player.vimeo.com/video/{id}?dnt=0");
    let mut html = String::from("\n\t\t\t<div\n\t\t\t\t\t");
    if class.is_empty() {
        html.push_str(
            "style=\"position: relative; padding-bottom: 56.25%; height: 0; overflow: hidden;\">",
        );
    } else {
        html.push_str(&format!("class=\"{}\">", go_html_escaper(&class)));
    }
    html.push_str(&format!(
        "\n\t\t\t\t<iframe\n\t\t\t\t\tsrc=\"{}\"",
        go_url_attr(&src)
    ));
    if class.is_empty() {
        html.push_str("\n\t\t\t\t\t\tstyle=\"position: absolute; top: 0; left: 0; width: 100%; height: 100%; border:0;\"");
    }
    if allow_full_screen {
        html.push_str(" allow=\"fullscreen\"");
    }
    for key in ["loading", "title"] {
        if !g(key).is_empty() {
            html.push_str(&format!(" {key}=\"{}\"", go_html_escaper(&g(key))));
        }
    }
    html.push_str(">\n\t\t\t\t</iframe>\n\t\t\t</div>");
    Ok(html)
}

fn details(page: &PageRender<'_>, params: &ShortcodeParams, inner: &str) -> String {
    let g = |k: &str| get_str(params, k);
    let summary = if truthy(get(params, "summary")) {
        g("summary")
    } else {
        "Details".into()
    };
    let mut html = String::from("<details");
    for key in ["class", "name"] {
        if !g(key).is_empty() {
            html.push_str(&format!(" {key}=\"{}\"", go_html_escaper(&g(key))));
        }
    }
    if flag(get(params, "open")) == Some(true) {
        html.push_str(" open");
    }
    if !g("title").is_empty() {
        html.push_str(&format!(" title=\"{}\"", go_html_escaper(&g("title"))));
    }
    html.push_str(">\n\t<summary>");
    html.push_str(&page.markdownify(&summary));
    html.push_str("</summary>\n\t");
    html.push_str(&page.render_block(inner));
    html.push_str("</details>");
    html
}
