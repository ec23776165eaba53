//! End-to-end tests of the interpreter: templates in, HTML out. Expected outputs were checked
//! against Hugo 0.168 (docs/hugo-behaviour.md, or a scratch site) unless a comment says otherwise.

use super::*;

/// A host with a tiny Markdown renderer (enough for `*em*`, `**strong**`, paragraphs) and a
/// fixed ref table, so the tests do not depend on the render module.
struct TestHost;

impl TemplateHost for TestHost {
    fn markdownify(&self, markdown: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
        let trimmed = html.trim();
        if trimmed.matches("<p>").count() == 1
            && trimmed.starts_with("<p>")
            && trimmed.ends_with("</p>")
        {
            return trimmed["<p>".len()..trimmed.len() - "</p>".len()].to_string();
        }
        html
    }

    fn resolve_ref(&self, target: &str, relative: bool) -> Result<String, String> {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, format!("#{a}")),
            None => (target, String::new()),
        };
        match path.trim_end_matches(".md").trim_start_matches('/') {
            "target" | "posts/target" => {
                let base = if relative { "" } else { "https://example.org" };
                Ok(format!("{base}/posts/target/{anchor}"))
            }
            _ => Err(format!("REF_NOT_FOUND: Ref {target:?}: page not found")),
        }
    }

    fn now(&self) -> String {
        "2026-11-25T10:00:00Z".into()
    }
}

fn site() -> SiteContext {
    SiteContext {
        base_url: "https://example.org/".into(),
        title: "Example".into(),
        params: serde_json::json!({"cdn": "https://cdn.example.org", "myKey": "site value"}),
        data: serde_json::json!({
            "cards": [
                {"title": "B card", "url": "/b/", "weight": 2},
                {"title": "A card", "url": "/a/", "weight": 1}
            ],
            "people": {"zed": {"name": "Zed"}, "amy": {"name": "Amy <A>"}}
        }),
    }
}

fn page() -> PageContext {
    PageContext {
        path: "posts/p.md".into(),
        title: "A Page".into(),
        params: serde_json::json!({"myParam": "page value", "tags": ["a", "b"]}),
        date: Some("2020-01-15T09:05:00-05:00".into()),
        rel_permalink: "/posts/p/".into(),
        section: "posts".into(),
        ..PageContext::default()
    }
}

fn templates(template: &str) -> ShortcodeTemplates {
    ShortcodeTemplates::from_sources(
        vec![("t".into(), template.into())],
        vec![
            ("greet.html".into(), "<b>Hi {{ . }}</b>".into()),
            ("sum.html".into(), "{{ return add .a .b }}".into()),
            ("loop.html".into(), "{{ partial \"loop.html\" . }}".into()),
            (
                "bad.html".into(),
                "<div>\n  <p>\n    {{ .Page.NoSuchMethod }}</p>".into(),
            ),
        ],
    )
    .unwrap()
}

fn run_input(template: &str, input: &ShortcodeInput) -> Result<String, TemplateError> {
    templates(template).render_shortcode(input, &page(), &site(), &TestHost)
}

fn named(pairs: &[(&str, &str)]) -> ShortcodeInput {
    ShortcodeInput {
        name: "t".into(),
        named: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        position: (3, 1),
        ..Default::default()
    }
}

fn positional(values: &[&str]) -> ShortcodeInput {
    ShortcodeInput {
        name: "t".into(),
        positional: values.iter().map(|v| v.to_string()).collect(),
        position: (3, 1),
        ..Default::default()
    }
}

/// Renders `template` called without params.
fn run(template: &str) -> String {
    run_input(template, &named(&[])).unwrap()
}

fn run_err(template: &str) -> TemplateError {
    run_input(template, &named(&[])).unwrap_err()
}

// ----- the language -----

#[test]
fn text_and_trim_markers() {
    assert_eq!(run("a  {{- \"b\" -}}  \n c"), "abc");
    assert_eq!(run("a {{ 1 }} b"), "a 1 b");
    assert_eq!(run("x{{/* a comment */}}y{{- /* trimmed */ -}} z"), "xyz");
}

#[test]
fn variables_follow_go_scoping() {
    assert_eq!(
        run("{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ end }}{{ $x }}"),
        "1"
    );
    assert_eq!(
        run("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}"),
        "2"
    );
    assert_eq!(
        run("{{ $x := 1 }}{{ range slice 1 2 3 }}{{ $x = . }}{{ end }}{{ $x }}"),
        "3"
    );
    assert_eq!(run("{{ with 5 }}{{ $y := . }}{{ end }}{{ 7 }}"), "7");
    let err = run_err("{{ if true }}{{ $y := 2 }}{{ end }}{{ $y }}");
    assert!(err.message.contains("undefined variable"), "{err}");
    let err = run_err("{{ $z = 1 }}");
    assert!(err.message.contains("undefined variable: $z"), "{err}");
}

#[test]
fn if_else_if_and_with_else() {
    let t = "{{ if eq .Ordinal 1 }}one{{ else if eq .Ordinal 0 }}zero{{ else }}many{{ end }}";
    assert_eq!(run(t), "zero");
    assert_eq!(run("{{ with \"\" }}yes{{ else }}no{{ end }}"), "no");
    assert_eq!(run("{{ with \"v\" }}[{{ . }}]{{ end }}"), "[v]");
    assert_eq!(
        run("{{ with false }}a{{ else with \"b\" }}{{ . }}{{ end }}"),
        "b"
    );
    assert_eq!(
        run("{{ if and 1 0 }}t{{ else }}f{{ end }}{{ if or 0 \"\" 3 }}t{{ end }}"),
        "ft"
    );
}

#[test]
fn range_over_lists_maps_and_ints() {
    assert_eq!(
        run("{{ range $i, $v := slice \"a\" \"b\" }}{{ $i }}={{ $v }};{{ end }}"),
        "0=a;1=b;"
    );
    assert_eq!(
        run("{{ range $k, $v := dict \"b\" 2 \"a\" 1 \"c\" 3 }}{{ $k }}{{ $v }}{{ end }}"),
        "a1b2c3"
    );
    assert_eq!(run("{{ range 3 }}{{ . }}{{ end }}"), "012");
    assert_eq!(run("{{ range slice }}x{{ else }}empty{{ end }}"), "empty");
    assert_eq!(
        run("{{ range slice 1 2 }}{{ . }}{{ else }}empty{{ end }}"),
        "12"
    );
    assert_eq!(run("{{ range seq 5 }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}"), "13");
    // `.` inside the body is the element; `$` stays the shortcode.
    assert_eq!(run("{{ range slice 1 }}{{ $.Ordinal }}{{ end }}"), "0");
}

#[test]
fn define_template_and_block() {
    assert_eq!(
        run("{{ define \"x\" }}<{{ . }}>{{ end }}{{ template \"x\" \"a\" }}{{ template \"x\" 2 }}"),
        // Go writes a `<` that starts no tag as `&lt;`.
        "&lt;a>&lt;2>"
    );
    assert_eq!(run("{{ block \"b\" \"v\" }}[{{ . }}]{{ end }}"), "[v]");
    let err = run_err("{{ template \"nope\" }}");
    assert!(err.message.contains("nope"), "{err}");
}

#[test]
fn pipelines_and_parenthesised_arguments() {
    assert_eq!(run("{{ \"ABC\" | lower | printf \"%s!\" }}"), "abc!");
    assert_eq!(run("{{ printf \"%s-%d\" (upper \"a\") (add 1 2) }}"), "A-3");
    assert_eq!(run("{{ (dict \"k\" \"v\").k }}"), "v");
    assert_eq!(
        run("{{ $m := dict \"a\" (dict \"b\" \"deep\") }}{{ $m.a.b }}"),
        "deep"
    );
}

#[test]
fn printing_values_like_go() {
    assert_eq!(
        run("{{ dict \"k\" \"v\" }}|{{ slice \"a\" \"b\" }}|{{ 1.50 }}|{{ true }}"),
        "map[k:v]|[a b]|1.5|true"
    );
    assert_eq!(run("{{ index (dict \"a\" 1) \"zz\" }}"), "");
}

#[test]
fn comparisons_are_hugos() {
    assert_eq!(run("{{ eq 1 1.0 }} {{ gt 1.5 1 }} {{ eq \"a\" \"b\" \"a\" }} {{ ge nil 200 }} {{ ne \"\" nil }}"), "true true true false true");
    assert_eq!(
        run("{{ lt \"a\" \"b\" }} {{ le 2 2 }} {{ not 0 }}"),
        "true true true"
    );
    assert_eq!(
        run("{{ or \"\" 0 \"x\" }}|{{ and \"a\" \"\" \"b\" }}|{{ or nil false }}"),
        "x||false"
    );
}

// ----- the shortcode object -----

#[test]
fn get_by_name_and_index() {
    let t = "[{{ .Get \"src\" }}][{{ .Get \"nope\" }}][{{ .Get 0 }}]{{ .IsNamedParams }}";
    assert_eq!(
        run_input(t, &named(&[("src", "a.png")])).unwrap(),
        "[a.png][][]true"
    );
    let t = "[{{ .Get 0 }}][{{ .Get 5 }}][{{ .Get \"k\" }}]{{ .IsNamedParams }}";
    assert_eq!(
        run_input(t, &positional(&["first"])).unwrap(),
        "[first][][]false"
    );
    assert_eq!(run("[{{ .Get 0 }}][{{ .Get \"x\" }}]{{ .Params }}"), "[][]");
    let t = "{{ .Params.alt }} {{ index .Params 0 }}";
    assert_eq!(
        run_input("{{ .Params.alt }}", &named(&[("alt", "A")])).unwrap(),
        "A"
    );
    assert_eq!(
        run_input("{{ index .Params 1 }}", &positional(&["a", "b"])).unwrap(),
        "b"
    );
    let _ = t;
}

#[test]
fn typed_params_follow_hugo() {
    let input = ShortcodeInput {
        name: "t".into(),
        typed_positional: vec![
            ParamValue::Int(5),
            ParamValue::Bool(true),
            ParamValue::Float(1.5),
            ParamValue::String("7".into()),
        ],
        ..Default::default()
    };
    let t = "{{ printf \"%T %T %T %T\" (.Get 0) (.Get 1) (.Get 2) (.Get 3) }} {{ add (.Get 0) 1 }}";
    assert_eq!(run_input(t, &input).unwrap(), "int bool float64 string 6");
    assert_eq!(ParamValue::from_bare("+4"), ParamValue::Int(4));
    assert_eq!(ParamValue::from_bare("-2.5"), ParamValue::Float(-2.5));
    assert_eq!(ParamValue::from_bare("true"), ParamValue::Bool(true));
    assert_eq!(
        ParamValue::from_bare("TRUE"),
        ParamValue::String("TRUE".into())
    );
    assert_eq!(
        ParamValue::from_bare("1e3"),
        ParamValue::String("1e3".into())
    );
}

#[test]
fn default_with_get() {
    let t = "{{ $w := .Get \"width\" | default \"100%\" }}<img width=\"{{ $w }}\">";
    assert_eq!(
        run_input(t, &named(&[("src", "x")])).unwrap(),
        "<img width=\"100%\">"
    );
    assert_eq!(
        run_input(t, &named(&[("width", "50")])).unwrap(),
        "<img width=\"50\">"
    );
    assert_eq!(run("{{ default \"d\" \"\" }} {{ default \"d\" false }} {{ default \"d\" 0 }} {{ default \"d\" nil }}"), "d false d d");
}

#[test]
fn inner_ordinal_parent_and_deindent() {
    let mut input = named(&[]);
    input.inner = Some("\n    line 1\n      line 2\n    ".into());
    input.ordinal = 4;
    input.parent = Some(Box::new(ShortcodeInput {
        name: "outer".into(),
        ordinal: 2,
        ..Default::default()
    }));
    let t =
        "{{ .Ordinal }}|{{ .Parent.Name }}:{{ .Parent.Ordinal }}|{{ .InnerDeindent }}|{{ .Inner }}";
    assert_eq!(
        run_input(t, &input).unwrap(),
        "4|outer:2|\nline 1\n  line 2\n|\n    line 1\n      line 2\n    "
    );
    // `.Inner` is HTML: printed raw.
    let mut input = named(&[]);
    input.inner = Some("<b>x</b> & y".into());
    assert_eq!(run_input("{{ .Inner }}", &input).unwrap(), "<b>x</b> & y");
    assert_eq!(
        run_input(
            "{{ .Inner | markdownify }}",
            &ShortcodeInput {
                inner: Some("*em*".into()),
                ..named(&[])
            }
        )
        .unwrap(),
        "<em>em</em>"
    );
    assert_eq!(run("{{ with .Parent }}p{{ else }}top{{ end }}"), "top");
}

#[test]
fn page_and_site() {
    let t = "{{ .Page.Title }}|{{ .Page.Params.myparam }}|{{ .Page.Section }}|{{ .Page.RelPermalink }}|{{ .Page.Permalink }}|{{ .Page.File.LogicalName }}|{{ .Page.Date.Format \"Jan 2, 2006\" }}";
    assert_eq!(
        run(t),
        "A Page|page value|posts|/posts/p/|https://example.org/posts/p/|p.md|Jan 15, 2020"
    );
    let t = "{{ .Site.Params.cdn }}|{{ $.Site.Params.mykey }}|{{ .Site.BaseURL }}|{{ .Site.Title }}|{{ .Page.Param \"myKey\" }}";
    assert_eq!(
        run(t),
        "https://cdn.example.org|site value|https://example.org/|Example|site value"
    );
    let t = "{{ range sort .Site.Data.cards \"weight\" }}{{ .title }};{{ end }}{{ range $k, $p := .Site.Data.people }}{{ $k }}={{ $p.name }};{{ end }}";
    assert_eq!(run(t), "A card;B card;amy=Amy &lt;A&gt;;zed=Zed;");
}

#[test]
fn scratch_and_store() {
    let t = "{{ $.Scratch.Set \"n\" 1 }}{{ $.Scratch.Add \"n\" 2 }}{{ $.Scratch.Get \"n\" }}\
             {{ .Store.Add \"l\" (slice \"a\") }}{{ .Store.Add \"l\" (slice \"b\") }}{{ .Store.Get \"l\" }}\
             {{ .Scratch.SetInMap \"m\" \"k\" \"v\" }}{{ .Scratch.Get \"m\" }}";
    assert_eq!(run(t), "3[a b]map[k:v]");
}

// ----- functions -----

#[test]
fn markdownify_refs_and_urls() {
    assert_eq!(
        run("{{ \"*a* & <i>x</i>\" | markdownify }}"),
        "<em>a</em> &amp; <i>x</i>"
    );
    assert_eq!(run("{{ ref . \"target.md\" }}|{{ relref . \"target.md#sec\" }}|{{ relref $.Page \"/posts/target\" }}"), "https://example.org/posts/target/|/posts/target/#sec|/posts/target/");
    let err = run_err("{{ ref . \"missing.md\" }}");
    assert!(err.message.contains("REF_NOT_FOUND"), "{err}");
    // A permalink of the site itself becomes root-relative (digital.gov's featured-resource).
    assert_eq!(
        run(
            "{{ relURL \"https://example.org/a/b/\" }}|{{ relURL \"https://example.org.evil/x\" }}"
        ),
        "/a/b/|https://example.org.evil/x"
    );
    assert_eq!(run("{{ relURL \"uswds/x.svg#a\" }}|{{ relURL \"https://o.org/x\" }}|{{ relURL \"\" }}|{{ absURL \"/x/y\" }}"), "/uswds/x.svg#a|https://o.org/x|/|https://example.org/x/y");
    assert_eq!(
        run("{{ relLangURL \"a\" }}|{{ absLangURL \"a\" }}"),
        "/a|https://example.org/a"
    );
}

#[test]
fn regular_expressions() {
    assert_eq!(run("{{ replaceRE \"^/\" \"\" \"/a/b\" }}"), "a/b");
    assert_eq!(run("{{ replaceRE \"^(http[s]://).+$\" \"$1\" \"https://x.y/z\" }}|{{ replaceRE \"^(http[s]://).+$\" \"$1\" \"http://x.y/z\" }}"), "https://|http://x.y/z");
    assert_eq!(
        run("{{ replaceRE \"(a)(b)\" \"${2}$1\" \"abab\" 1 }}"),
        "baab"
    );
    assert_eq!(run("{{ findRE \"[0-9]+\" \"a1b22c333\" 2 }}"), "[1 22]");
    let err = run_err("{{ replaceRE \"(\" \"\" \"x\" }}");
    assert!(err.message.contains("replaceRE"), "{err}");
}

#[test]
fn printf_verbs() {
    assert_eq!(run("{{ printf \"%s|%d|%v|%q|%t|%.2f|%x|%5s|%-3d|\" \"s\" 42 (slice 1 \"a\") \"q\" true 3.14159 255 \"r\" 7 }}"), "s|42|[1 a]|&#34;q&#34;|true|3.14|ff|    r|7  |");
    assert_eq!(
        run("{{ printf \"%s/%s\" \"cdn\" nil }}"),
        "cdn/%!s(&lt;nil&gt;)"
    );
    // Explicit argument indexes, as Go's fmt reads them (hugodocs' style list).
    assert_eq!(
        run("{{ printf \"%[2]s %[1]s %[2]s|%[1]s %s|%[3]s\" \"a\" \"b\" }}"),
        "b a b|a b|%!s(BADINDEX)"
    );
    assert_eq!(
        run("{{ print \"a\" 1 2 \"b\" }}|{{ println \"x\" }}"),
        "a1 2b|x\n"
    );
}

#[test]
fn string_functions() {
    assert_eq!(run("{{ upper \"straße\" }}|{{ urlize \"Ünïcode & Spaces\" }}|{{ plainify \"<p>a <b>b</b></p>\" }}|{{ countwords \"<p>one two</p>three\" }}"), "STRAßE|%C3%BCn%C3%AFcode-spaces|a b |3");
    assert_eq!(run("{{ lower \"ABC Déf\" }}|{{ upper \"abc\" }}|{{ title \"the lord of the rings\" }}|{{ title \"HELLO world\" }}"), "abc déf|ABC|The Lord of the Rings|HELLO World");
    assert_eq!(
        run("{{ title \"customer-experience\" }}|{{ title \"a tale of two cities\" }}"),
        "Customer-Experience|A Tale of Two Cities"
    );
    assert_eq!(run("{{ humanize \"my-first-post\" }}|{{ humanize \"camelCaseWord\" }}|{{ humanize 52 }}|{{ humanize 1 }}|{{ humanize 13 }}"), "My first post|Camel case word|52nd|1st|13th");
    assert_eq!(
        run("{{ humanize \"52\" }}|{{ truncate 10 \"Hello wonderful world\" }}"),
        "52nd|Hello …"
    );
    assert_eq!(
        run("{{ title \"o'neil and sons: a story\" }}|{{ title \"the end of the line - and the start\" }}|{{ title \"vs. the world via rail\" }}|{{ title \"hello/the world\" }}|{{ title \"a\" }}|{{ title \"über café\" }}"),
        "O&#39;neil and Sons: A Story|The End of the Line - And the Start|Vs. the World via Rail|Hello/the World|A|Über Café"
    );
    assert_eq!(run("{{ trim \"  x  \" \" \" }}|{{ split \"a,b\" \",\" }}|{{ len (split \"\" \",\") }}|{{ delimit (slice \"a\" \"b\" \"c\") \", \" \" and \" }}"), "x|[a b]|1|a, b and c");
    assert_eq!(
        run("{{ in (slice 1 2) 2 }} {{ in \"haystack\" \"st\" }} {{ in (slice \"a\") \"b\" }}"),
        "true true false"
    );
    assert_eq!(
        run("{{ strings.Contains \"abc\" \"b\" }} {{ strings.HasPrefix \"abc\" \"a\" }} {{ strings.HasSuffix \"abc\" \"c\" }} {{ strings.TrimPrefix \"a\" \"abc\" }} {{ strings.TrimSuffix \"c\" \"abc\" }}"),
        "true true true bc ab"
    );
    assert_eq!(
        run("{{ strings.Replace \"aaa\" \"a\" \"b\" 2 }} {{ strings.Split \"a-b\" \"-\" }} {{ strings.TrimSpace \"  t \" }} {{ strings.ToLower \"X\" }} {{ strings.ToUpper \"y\" }} {{ strings.Repeat 3 \"ab\" }} {{ strings.Count \"a\" \"banana\" }}"),
        "bba [a b] t x Y ababab 3"
    );
    assert_eq!(run("{{ chomp \"line\\n\" }}|{{ urlize \"Hello World!\" }}|{{ anchorize \"Hello, World & Co!\" }}"), "line|hello-world|hello-world--co");
    assert_eq!(run("{{ plainify \"<b>x</b> y\" }}|{{ htmlEscape \"<a&b>\" | safeHTML }}|{{ htmlUnescape \"&lt;b&gt;\" }}"), "x y|&lt;a&amp;b&gt;|&lt;b&gt;");
    assert_eq!(
        run("{{ emojify \"I :heart: Hugo :nope: :+1:\" }}"),
        "I ❤️ Hugo :nope: 👍"
    );
    assert_eq!(
        run("{{ substr \"abcdef\" 1 3 }}|{{ len \"héllo\" }}"),
        "bcd|6"
    );
}

#[test]
fn collection_functions() {
    assert_eq!(run("{{ index (slice 1 2 3) 1 }}|{{ index (dict \"a\" (slice 5 6)) \"a\" 1 }}|{{ len (slice 1 2) }}|{{ len (dict) }}"), "2|6|2|0");
    assert_eq!(
        run("{{ first 2 (slice 1 2 3) }}|{{ last 1 (slice 1 2 3) }}|{{ after 1 (slice 1 2 3) }}"),
        "[1 2]|[3]|[2 3]"
    );
    assert_eq!(
        run("{{ seq 3 }}|{{ seq 2 4 }}|{{ seq 5 -2 1 }}|{{ uniq (slice 1 1 2) }}"),
        "[1 2 3]|[2 3 4]|[5 3 1]|[1 2]"
    );
    assert_eq!(
        run("{{ sort (slice 3 1 2) }}|{{ sort (slice \"b\" \"a\") \"value\" \"desc\" }}"),
        "[1 2 3]|[b a]"
    );
    assert_eq!(run("{{ range where .Site.Data.cards \"weight\" \">\" 1 }}{{ .title }}{{ end }}|{{ len (where .Site.Data.cards \"title\" \"A card\") }}"), "B card|1");
    assert_eq!(
        run("{{ delimit (slice \"a\" \"b\" | append \"c\") \" \" }}"),
        "a b c"
    );
    assert_eq!(
        run(
            "{{ isset (dict \"a\" 1) \"a\" }} {{ isset (dict) \"a\" }} {{ cond true \"y\" \"n\" }}"
        ),
        "true false y"
    );
    assert_eq!(
        run("{{ jsonify (dict \"a\" \"<b>\" \"b\" (slice 1 2)) }}"),
        "{\"a\":\"\\u003cb\\u003e\",\"b\":[1,2]}"
    );
    assert_eq!(run("{{ (transform.Unmarshal \"{\\\"a\\\": [1, 2]}\").a }}|{{ (transform.Unmarshal \"k: v\").k }}"), "[1 2]|v");
}

#[test]
fn math_and_casts() {
    assert_eq!(run("{{ add 1 2 }} {{ sub 5 2 }} {{ mul 2 3 }} {{ div 7 2 }} {{ mod 7 3 }} {{ add 1.5 1 }} {{ div 7.0 2 }}"), "3 3 6 3 1 2.5 3.5");
    assert_eq!(run("{{ int \"2017\" }} {{ float \"1.5\" }} {{ string 5 }} {{ int 3.9 }} {{ math.Round 2.5 }} {{ math.Floor 2.5 }} {{ math.Ceil 2.1 }}"), "2017 1.5 5 3 3 2 3");
    let err = run_err("{{ int \"08\" }}");
    assert!(err.message.contains("int"), "{err}");
    let err = run_err("{{ div 1 0 }}");
    assert!(err.message.contains("divide"), "{err}");
    assert_eq!(run("{{ hash.FNV32a \"Hugo\" }}"), "3988454644");
    assert_eq!(
        run("{{ md5 \"Hello world\" }} {{ sha1 \"abc\" | len }} {{ sha256 \"abc\" | len }}"),
        "3e25960a79dbc69b674cd4ec67a72c62 40 64"
    );
    assert_eq!(run("{{ base64Encode \"Hugo!\" }} {{ base64Decode \"SHVnbyE=\" }} {{ base64Encode \"ab\" }}"), "SHVnbyE= Hugo! YWI=");
}

#[test]
fn dates() {
    assert_eq!(run("{{ now.Year }}|{{ dateFormat \"2006-01-02\" \"2020-03-05T10:00:00Z\" }}|{{ (time \"2021-06-07\").Format \"Monday\" }}|{{ time.Format \"Jan 2006\" .Page.Date }}"), "2026|2020-03-05|Monday|Jan 2020");
}

#[test]
fn partials() {
    assert_eq!(run("{{ partial \"greet.html\" \"<x>\" }}|{{ partial \"greet\" 1 }}|{{ partialCached \"greet.html\" 2 }}"), "<b>Hi &lt;x&gt;</b>|<b>Hi 1</b>|<b>Hi 2</b>");
    assert_eq!(
        run("{{ partial \"sum.html\" (dict \"a\" 1 \"b\" 2) }}"),
        "3"
    );
    let err = run_err("{{ partial \"missing.html\" . }}");
    assert!(err.message.contains("missing.html"), "{err}");
}

#[test]
fn apply_calls_a_function_for_each_item() {
    assert_eq!(
        run("{{ delimit (apply (slice \" a\" \"b \") \"trim\" \".\" \" \") \",\" }}"),
        "a,b"
    );
}

#[test]
fn dict_takes_a_key_path_as_a_slice() {
    assert_eq!(
        run("{{ $m := dict (slice \"a\" \"b\") 7 }}{{ $m.a.b }}|{{ len $m }}"),
        "7|1"
    );
}

#[test]
fn index_takes_its_keys_as_a_slice_too() {
    assert_eq!(
        run("{{ index (dict \"a\" (dict \"b\" 7)) (slice \"a\" \"b\") }}|{{ index (dict \"a\" (dict \"b\" 7)) \"a\" \"b\" }}"),
        "7|7"
    );
}

#[test]
fn an_error_in_a_partial_is_placed_in_the_partial() {
    let err = run_err("one\ntwo\n{{ partial \"bad.html\" . }}");
    assert_eq!(
        (err.template.as_str(), err.line, err.column),
        ("_partials/bad.html", 3, 8),
        "{err}"
    );
}

#[test]
fn errorf_and_warnf() {
    let err = run_err("line1\n  {{ errorf \"bad %s\" \"thing\" }}");
    assert_eq!((err.line, err.column), (2, 6));
    assert!(err.message.contains("bad thing"), "{err}");
    assert_eq!(run("a{{ warnf \"careful\" }}b"), "ab");
}

// ----- errors and limits -----

#[test]
fn unknown_functions_and_methods_are_named_with_positions() {
    let err = run_err("ok\n{{ nosuch 1 }}");
    assert_eq!(
        (err.line, err.column, err.template.as_str()),
        (2, 4, "_shortcodes/t.html")
    );
    assert!(err.message.contains("nosuch"), "{err}");
    let err = run_err("{{ .Page.NoSuchMethod }}");
    assert!(
        err.message.contains("NoSuchMethod") && err.message.contains("Page"),
        "{err}"
    );
    // `GetPage` asks the host; without a page there, templates see nil.
    assert_eq!(
        run("{{ with .Site.GetPage \"x\" }}found{{ else }}none{{ end }}"),
        "none"
    );
    let missing = templates("")
        .render_shortcode(
            &ShortcodeInput {
                name: "nope".into(),
                position: (7, 2),
                ..Default::default()
            },
            &page(),
            &site(),
            &TestHost,
        )
        .unwrap_err();
    assert_eq!((missing.line, missing.column), (7, 2));
    assert!(missing.message.contains("\"nope\""), "{missing}");
}

#[test]
fn parse_errors_are_kept_per_template() {
    let set = ShortcodeTemplates::from_sources(
        vec![
            ("bad".into(), "{{ if }}".into()),
            ("good".into(), "x".into()),
        ],
        vec![],
    )
    .unwrap();
    assert_eq!(set.errors().len(), 1);
    assert!(set.has("bad") && set.has("good"));
    let input = ShortcodeInput {
        name: "bad".into(),
        ..Default::default()
    };
    assert!(set
        .render_shortcode(&input, &page(), &site(), &TestHost)
        .is_err());
    let input = ShortcodeInput {
        name: "good".into(),
        ..Default::default()
    };
    assert_eq!(
        set.render_shortcode(&input, &page(), &site(), &TestHost)
            .unwrap(),
        "x"
    );
}

#[test]
fn runaway_templates_stop_with_clear_errors() {
    let err = run_err("{{ partial \"loop.html\" . }}");
    assert!(err.message.contains("nested"), "{err}");
    let err = run_err("{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}");
    assert!(err.message.contains("nested"), "{err}");
    let err = run_err(
        "{{ range seq 1000 }}{{ range seq 1000 }}{{ range seq 1000 }}x{{ end }}{{ end }}{{ end }}",
    );
    assert!(err.message.contains("limit"), "{err}");
}

#[test]
fn uses_inner_and_names() {
    let set = ShortcodeTemplates::from_sources(
        vec![
            ("a".into(), "{{ .Inner }}".into()),
            ("b".into(), "{{ .InnerDeindent }}".into()),
            ("c".into(), "x".into()),
        ],
        vec![],
    )
    .unwrap();
    assert!(set.uses_inner("a") && set.uses_inner("b") && !set.uses_inner("c"));
    assert_eq!(set.names().collect::<Vec<_>>(), vec!["a", "b", "c"]);
}

// ----- escaping by context -----

#[test]
fn escaping_by_context() {
    let v = "<b>\"A & B\"</b> 'q' +1";
    let input = named(&[
        ("v", v),
        ("u", "https://x.com/a b?q=1&r=<2>"),
        ("j", "javascript:alert(1)"),
        ("m", "**bold** & <i>x</i>"),
    ]);
    let r = |t: &str| run_input(t, &input).unwrap();
    assert_eq!(
        r("<!-- stripped -->{{ .Get \"v\" }}"),
        "&lt;b&gt;&#34;A &amp; B&#34;&lt;/b&gt; &#39;q&#39; &#43;1"
    );
    assert_eq!(
        r("<img alt=\"{{ .Get \"v\" }}\">"),
        "<img alt=\"&lt;b&gt;&#34;A &amp; B&#34;&lt;/b&gt; &#39;q&#39; &#43;1\">"
    );
    assert_eq!(
        r("<div data-x={{ .Get \"v\" }}>"),
        "<div data-x=&lt;b&gt;&#34;A&#32;&amp;&#32;B&#34;&lt;/b&gt;&#32;&#39;q&#39;&#32;&#43;1>"
    );
    assert_eq!(
        r("<a href=\"{{ .Get \"u\" }}\">"),
        "<a href=\"https://x.com/a%20b?q=1&amp;r=%3c2%3e\">"
    );
    assert_eq!(r("<a href=\"{{ .Get \"j\" }}\">"), "<a href=\"#ZgotmplZ\">");
    assert_eq!(
        r("<a href=\"/p?x={{ .Get \"u\" }}\">"),
        "<a href=\"/p?x=https%3a%2f%2fx.com%2fa%20b%3fq%3d1%26r%3d%3c2%3e\">"
    );
    assert_eq!(
        r("{{ .Get \"m\" | markdownify }}"),
        "<strong>bold</strong> &amp; <i>x</i>"
    );
    assert_eq!(
        r("<img alt=\"{{ .Get \"m\" | markdownify }}\">"),
        "<img alt=\"bold &amp; x\">"
    );
    assert_eq!(
        r("<p style=\"color: {{ .Get \"v\" }}\">"),
        "<p style=\"color: ZgotmplZ\">"
    );
    assert_eq!(
        r("<script>var x = {{ .Get \"v\" }};</script>"),
        "<script>var x = \"\\u003cb\\u003e\\\"A \\u0026 B\\\"\\u003c/b\\u003e 'q' +1\";</script>"
    );
    assert_eq!(r("{{ .Get \"nope\" }}{{ .Get 3 }}"), "");
    assert_eq!(
        r("<a href=\"{{ .Get \"j\" | safeURL }}\">"),
        "<a href=\"javascript:alert%281%29\">"
    );
    assert_eq!(r("{{ .Get \"v\" | safeHTML }}"), v);
}

#[test]
fn page_scratch_is_shared_between_the_calls_of_one_page() {
    let set = ShortcodeTemplates::from_sources(
        vec![("count".into(), "{{ .Page.Scratch.Add \"n\" 1 }}{{ .Scratch.Add \"own\" 1 }}{{ .Page.Scratch.Get \"n\" }}/{{ .Scratch.Get \"own\" }}".into())],
        vec![],
    )
    .unwrap();
    let site = PreparedSite::new(&site());
    let page_render = set.page(&page(), &site);
    let call = ShortcodeInput {
        name: "count".into(),
        ..Default::default()
    };
    let outputs: Vec<String> = (0..3)
        .map(|_| page_render.render_shortcode(&call, &TestHost).unwrap())
        .collect();
    assert_eq!(outputs, vec!["1/1", "2/1", "3/1"]);
    // A new page starts again.
    assert_eq!(
        set.page(&page(), &site)
            .render_shortcode(&call, &TestHost)
            .unwrap(),
        "1/1"
    );
}

#[test]
fn templates_and_prepared_sites_can_cross_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<ShortcodeTemplates>();
    shareable::<PreparedSite>();
    shareable::<Value>();
}

#[test]
fn multi_byte_characters_in_every_context_are_kept_whole() {
    // Fuzz finding (template target): the context scanner walks bytes but sliced the text as
    // a `str` at each one, so any non-ASCII character in a script, a style, an event handler,
    // a CSS attribute or after a backslash in a JS string panicked. Comments are dropped as
    // html/template drops them; everything else comes out as written.
    let cases = [
        (
            "<script>var s = 'Ӏ'; Ӏ // é\n</script>",
            "<script>var s = 'Ӏ'; Ӏ \n</script>",
        ),
        (
            "<script>\"\\Ӏ\" + `\\€` /* é */</script>",
            "<script>\"\\Ӏ\" + `\\€` </script>",
        ),
        (
            "<style>p::after { content: \"€\" } /* é */ Ӏ</style>",
            "<style>p::after { content: \"€\" }  Ӏ</style>",
        ),
        (
            "<a onclick=\"f('é') // Ӏ\" style=\"x: url(é) /* € */\">é</a>",
            "<a onclick=\"f('é') \" style=\"x: url(é) \">é</a>",
        ),
        ("<!-- é -->Ӏ<title>é</title>€", "Ӏ<title>é</title>€"),
    ];
    for (template, expected) in cases {
        assert_eq!(run(template), expected, "{template}");
    }
}

#[test]
fn objects_stored_in_scratch_pads_are_freed_with_the_render() {
    // Fuzz finding (template target, LeakSanitizer): a template that keeps its own `.` (or the
    // page) in a scratch pad made an `Arc` cycle, leaking the page and shortcode objects. Every
    // pad is now cleared when its call (or its page's render) ends.
    let set = ShortcodeTemplates::from_sources(
        vec![
            (
                "keep".into(),
                "{{ $.Scratch.Set \"me\" . }}{{ .Page.Scratch.Set \"page\" .Page }}\
                 {{ .Page.Scratch.Set \"call\" . }}{{ with .Parent }}{{ .Scratch.Set \"p\" . }}{{ end }}\
                 {{ (.Scratch.Get \"me\").Name }}"
                    .into(),
            ),
            ("outer".into(), "{{ .Inner }}".into()),
        ],
        vec![],
    )
    .unwrap();
    let site = PreparedSite::new(&site());
    let live = || objects::LIVE_OBJECTS.with(|live| live.get());
    let before = live();
    {
        let page_render = set.page(&page(), &site);
        let call = ShortcodeInput {
            name: "keep".into(),
            parent: Some(Box::new(ShortcodeInput {
                name: "outer".into(),
                ..Default::default()
            })),
            ..Default::default()
        };
        assert_eq!(
            page_render.render_shortcode(&call, &TestHost).unwrap(),
            "keep"
        );
        assert_eq!(
            page_render.render_shortcode(&call, &TestHost).unwrap(),
            "keep"
        );
    }
    assert_eq!(
        live(),
        before,
        "page or shortcode objects outlived the render"
    );
}

#[test]
fn output_is_bounded_like_steps_and_depth() {
    // Fuzz finding (template target, slow unit): `printf` widths under Go's limit, printed a few
    // times through a partial calling itself, made 23 MB of output from a 300-byte template and
    // half a minute of work under the sanitizers. Output past MAX_OUTPUT is an error with a
    // position, whichever way it multiplies: a printed value, a `range`, a `template` call.
    for (source, line) in [
        (
            "{{ range seq 1000 }}\n{{ printf \"%500000d\" 1 }}{{ end }}",
            2,
        ),
        (
            "{{ range seq 2000 }}\n{{ \"x\" | strings.Repeat 3000 }}{{ end }}",
            2,
        ),
        (
            "\n{{ range seq 3000 }}{{ range seq 3000 }}<p>text</p>{{ end }}{{ end }}",
            2,
        ),
    ] {
        let set =
            ShortcodeTemplates::from_sources(vec![("big".into(), source.into())], vec![]).unwrap();
        let call = ShortcodeInput {
            name: "big".into(),
            ..Default::default()
        };
        let e = set
            .render_shortcode(&call, &page(), &site(), &TestHost)
            .unwrap_err();
        assert!(
            e.message
                .contains(&format!("output limit reached ({MAX_OUTPUT} bytes)")),
            "{source}: {e}"
        );
        assert_eq!(e.line, line, "{source}: {e}");
    }
}

#[test]
fn highlight_passes_code_language_and_options_to_the_host() {
    // TestHost keeps the default: the plain form Hugo prints for a language it cannot highlight.
    assert_eq!(
        run("{{ highlight \"a < b\" \"go\" \"linenos=table\" }}"),
        "<pre tabindex=\"0\"><code>a &lt; b</code></pre>"
    );
    assert_eq!(
        run("{{ transform.Highlight \"x\" \"go\" (dict \"linenos\" true) }}"),
        "<pre tabindex=\"0\"><code>x</code></pre>"
    );
    // As in Hugo, options decode into typed fields: a slice where a string belongs is refused.
    let err = run_err("{{ highlight \"x\" \"go\" (dict \"hl_lines\" (slice 1 2)) }}");
    assert!(
        err.message.contains("'hl_lines' expected type 'string'"),
        "{err}"
    );
    let err = run_err("{{ highlight \"x\" }}");
    assert!(
        err.message.contains("wrong number of args for highlight"),
        "{err}"
    );
}

#[test]
fn new_scratch_reflect_and_try() {
    // hugodocs' `root-configuration-keys`: a scratch of its own, ranged in key order.
    assert_eq!(
        run("{{ $s := newScratch }}{{ $s.Set \"b\" 2 }}{{ $s.Set \"a\" 1 }}{{ $s.Delete \"b\" }}{{ $s.Set \"C\" 3 }}{{ range $k, $v := $s.Values }}{{ $k }}={{ $v }};{{ end }}"),
        "C=3;a=1;"
    );
    assert_eq!(
        run("{{ reflect.IsMap (dict) }}|{{ reflect.IsMap (slice) }}|{{ reflect.IsSlice (slice 1) }}|{{ reflect.IsSlice \"s\" }}"),
        "true|false|true|false"
    );
    // `try`: the value, or the error instead of failing the template.
    assert_eq!(
        run("{{ with try (add 1 2) }}{{ with .Err }}err{{ else }}{{ .Value }}{{ end }}{{ end }}"),
        "3"
    );
    assert_eq!(
        run("{{ with try (index (slice 1) 5) }}{{ with .Err }}caught{{ else }}{{ .Value }}{{ end }}{{ end }}"),
        "caught"
    );
}
