//! Fuzzes the whole preview pipeline: an arbitrary body rendered by `render_page` as a page of
//! the sample site (its shortcode templates, data, Markdown settings and refs), extracted once
//! into a temp dir. Rendering never panics and its output stays bounded.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use postwright::render::render_page;
use postwright::site::sample::extract_sample_site;
use postwright::site::Site;

/// A real page of the sample, so its front matter feeds `.Params` and relative refs.
const PAGE: &str =
    "news/2014/08/2014-08-12-delivering-a-customer-focused-government-through-smarter-it.md";

static SITE: LazyLock<(tempfile::TempDir, Site)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = extract_sample_site(&dir.path().join("site")).expect("the sample site extracts");
    let site = Site::open(&root).expect("the sample site opens");
    assert!(site.index.page(PAGE).is_some(), "{PAGE} is in the sample");
    (dir, site)
});

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let rendered = render_page(&SITE.1, PAGE, body);
    // Link references can repeat a long URL once per use, so output may grow quadratically
    // with the body, never beyond.
    let bound = body.len() * body.len() + 1024 * body.len() + (1 << 20);
    assert!(
        rendered.html.len() <= bound,
        "{} bytes out for {} in",
        rendered.html.len(),
        body.len()
    );
    for d in &rendered.diagnostics {
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
    }
});
