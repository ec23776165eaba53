//! Images added the site's way: digital.gov-style records (the sample site and a fixture shaped
//! like digital.gov), plain sites (bundle resource or `static/` file), the preview's mapping of
//! local images to the app's protocol, and what that protocol refuses to serve.

use std::path::Path;

use postwright::media::{ImageConvention, ImageText, RecordShape, PREVIEW_URL_PREFIX};
use postwright::workspace::NewImage;
use postwright::{ErrorCode, Workspace};

use crate::support::TempSite;

/// A real 3×2 PNG (red), as a writer's file would be.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 18, 22, 241, 77, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 56, 33, 39, 7, 65, 12, 112,
    22, 0, 65, 0, 6, 25, 60, 69, 65, 150, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-12-07T14:05:09+00:00").unwrap()
}

fn text(alt: &str, caption: &str, credit: &str) -> ImageText {
    ImageText {
        alt: alt.into(),
        caption: caption.into(),
        credit: credit.into(),
    }
}

fn image<'a>(name: &'a str, text: ImageText, page: Option<&'a str>) -> NewImage<'a> {
    NewImage {
        file_name: name,
        bytes: PNG,
        text,
        page,
    }
}

fn sample_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = postwright::site::sample::extract_sample_site(&dir.path().join("site")).unwrap();
    (dir, root)
}

#[test]
fn the_sample_site_gets_a_record_shaped_like_its_own_the_file_in_its_media_folder_and_the_img_call()
{
    let (_dir, root) = sample_site();
    let mut ws = Workspace::open(&root).unwrap();
    assert_eq!(
        ws.image_convention(),
        ImageConvention::Records {
            shortcode: "img".into(),
            media_folder: "static/images".into()
        }
    );
    let added = ws
        .add_image(
            &image(
                "Team Photo_2024.png",
                text(
                    "Five people around a whiteboard.",
                    "The CX team: *planning*.",
                    "",
                ),
                Some("news/2016/08/x.md"),
            ),
            now(),
        )
        .unwrap();
    assert_eq!(added.insert, r#"{{< img src="team-photo-2024" >}}"#);
    assert_eq!(added.file, "static/images/team-photo-2024.png");
    assert_eq!(
        added.record.as_deref(),
        Some("data/images/team-photo-2024.yml")
    );
    assert_eq!(std::fs::read(root.join(&added.file)).unwrap(), PNG);
    // The sample's record: unpadded keys, quoted text, dates at -0500.
    assert_eq!(
        std::fs::read_to_string(root.join("data/images/team-photo-2024.yml")).unwrap(),
        "date: 2026-12-07 09:05:09 -0500\nuid: team-photo-2024\nwidth: 3\nheight: 2\nformat: png\ncredit: \"\"\ncaption: \"The CX team: *planning*.\"\nalt: \"Five people around a whiteboard.\"\n"
    );

    // The preview shows it at once: the template's /images/… URL becomes the app's protocol.
    let rendered = ws.render_preview(
        "news/x.md",
        "Intro.\n\n{{< img src=\"team-photo-2024\" >}}\n",
    );
    assert!(
        rendered.html.contains(&format!(
            r#"src="{PREVIEW_URL_PREFIX}static/images/team-photo-2024.png""#
        )),
        "{}",
        rendered.html
    );
    assert!(rendered
        .html
        .contains(r#"alt="Five people around a whiteboard.""#));
    let (bytes, mime) = ws
        .preview_image("static/images/team-photo-2024.png")
        .unwrap();
    assert_eq!((bytes.as_slice(), mime), (PNG, "image/png"));
}

#[test]
fn a_name_in_use_gets_a_new_uid_and_the_first_image_is_left_alone() {
    let (_dir, root) = sample_site();
    let mut ws = Workspace::open(&root).unwrap();
    let first = ws
        .add_image(&image("chart.png", text("First.", "", ""), None), now())
        .unwrap();
    let record = std::fs::read_to_string(root.join("data/images/chart.yml")).unwrap();
    let second = ws
        .add_image(&image("Chart.PNG", text("Second.", "", ""), None), now())
        .unwrap();
    assert_eq!(first.facts.uid, "chart");
    assert_eq!(second.facts.uid, "chart-2");
    assert_eq!(second.insert, r#"{{< img src="chart-2" >}}"#);
    assert_eq!(
        std::fs::read_to_string(root.join("data/images/chart.yml")).unwrap(),
        record
    );
    // A file already in the media folder without a record also keeps its name.
    std::fs::write(root.join("static/images/logo.png"), b"not ours").unwrap();
    let third = ws
        .add_image(&image("logo.png", text("Logo.", "", ""), None), now())
        .unwrap();
    assert_eq!(third.facts.uid, "logo-2");
    assert_eq!(
        std::fs::read(root.join("static/images/logo.png")).unwrap(),
        b"not ours"
    );
}

#[test]
fn no_alt_text_or_no_image_is_refused_with_its_code_and_nothing_is_written() {
    let (_dir, root) = sample_site();
    let mut ws = Workspace::open(&root).unwrap();
    let before = std::fs::read_dir(root.join("data/images")).unwrap().count();
    let err = ws
        .add_image(
            &image("photo.png", text("  \n ", "A caption", ""), None),
            now(),
        )
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImageNoAlt);
    assert!(err.to_string().contains("alt text is required"), "{err}");
    let not_image = NewImage {
        file_name: "notes.png",
        bytes: b"just text",
        text: text("Alt.", "", ""),
        page: None,
    };
    let err = ws.add_image(&not_image, now()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImageUnreadable);
    assert!(
        err.to_string()
            .starts_with("notes.png: not a PNG, JPEG, GIF or WebP image"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(root.join("data/images")).unwrap().count(),
        before
    );
    assert!(!root.join("static/images/photo.png").exists());
    assert!(!root.join("static/images/notes.png").exists());
}

/// A site shaped like digital.gov: Decap's media folder in the content folder, records with
/// padded keys and blank empty values, an `img` template that prints the CDN URL.
fn digitalgov_like() -> TempSite {
    let site = TempSite::new();
    site.write(
        "hugo.yaml",
        "title: Gov\nbaseURL: https://digital.example.gov/\nparams:\n  cdnurl: \"https://s3.amazonaws.com/digitalgov\"\n",
    );
    site.write(
        "cms/config.yml",
        "backend:\n  name: github\nmedia_folder: \"/content/uploads/_inbox\"\ncollections: []\n",
    );
    site.write(
        "layouts/shortcodes/img.html",
        "{{- $uid := .Get \"src\" | lower -}}\n{{- $img := index $.Site.Data.images $uid -}}\n{{- with $img -}}<div class=\"image\"><img src=\"{{ $.Site.Params.cdnurl }}/{{ .uid }}.{{ .format }}\" alt=\"{{ .alt }}\"/></div>{{- end -}}\n",
    );
    for (uid, caption) in [("one", "\"A caption.\""), ("two", ""), ("three", "")] {
        site.write(
            &format!("data/images/{uid}.yml"),
            &format!("date     : 2019-03-26 11:48:17 -0400\nuid      : {uid}\nwidth    : 909\nheight   : 1212\nformat   : png\ncredit   :\ncaption  : {caption}\nalt      : \"Alt of {uid}.\"\n"),
        );
    }
    // One newer record in another shape: the majority wins.
    site.write(
        "data/images/four.yml",
        "# Image shortcode: {{< img src=four >}}\ndate: 2024-04-11 20:04:43 -0400\nuid: four\nwidth: 1\nheight: 1\nformat: png\ncredit:\ncaption:\nalt: Plain alt\n",
    );
    site.write("content/news/post.md", "---\ntitle: Post\n---\nBody.\n");
    site
}

#[test]
fn a_digitalgov_like_site_gets_padded_records_the_inbox_copy_and_a_preview_of_the_unpublished_file()
{
    let site = digitalgov_like();
    let mut ws = Workspace::open(site.root()).unwrap();
    assert_eq!(
        ws.image_convention(),
        ImageConvention::Records {
            shortcode: "img".into(),
            media_folder: "content/uploads/_inbox".into()
        }
    );
    let added = ws
        .add_image(
            &image(
                "Road map \"v2\".png",
                text("A road map with \"three\" stops.", "", "GSA"),
                Some("news/post.md"),
            ),
            now(),
        )
        .unwrap();
    assert_eq!(added.insert, r#"{{< img src="road-map-v2" >}}"#);
    assert_eq!(added.file, "content/uploads/_inbox/road-map-v2.png");
    assert_eq!(
        site.read("data/images/road-map-v2.yml"),
        "date     : 2026-12-07 10:05:09 -0400\nuid      : road-map-v2\nwidth    : 3\nheight   : 2\nformat   : png\ncredit   : \"GSA\"\ncaption  :\nalt      : \"A road map with \\\"three\\\" stops.\"\n"
    );
    // The published URL (the CDN) does not exist yet: the preview shows the local copy.
    let rendered = ws.render_preview("news/post.md", "{{< img src=\"road-map-v2\" >}}\n");
    assert!(
        rendered.html.contains(&format!(
            r#"src="{PREVIEW_URL_PREFIX}content/uploads/_inbox/road-map-v2.png""#
        )),
        "{}",
        rendered.html
    );
    // An image published long ago, with no local copy, keeps its CDN URL.
    let rendered = ws.render_preview("news/post.md", "{{< img src=\"one\" >}}\n");
    assert!(
        rendered
            .html
            .contains(r#"src="https://s3.amazonaws.com/digitalgov/one.png""#),
        "{}",
        rendered.html
    );
}

#[test]
fn a_plain_site_gets_a_bundle_resource_or_a_static_file_and_markdown_image_syntax() {
    let site = TempSite::new();
    site.write("content/news/trip/index.md", "---\ntitle: Trip\n---\n");
    site.write("content/news/solo.md", "---\ntitle: Solo\n---\n");
    let mut ws = Workspace::open(site.root()).unwrap();
    assert_eq!(ws.image_convention(), ImageConvention::Plain);

    let in_bundle = ws
        .add_image(
            &image(
                "Map [old].png",
                text("A map [1998].", "The route", "NPS"),
                Some("news/trip/index.md"),
            ),
            now(),
        )
        .unwrap();
    assert_eq!(in_bundle.file, "content/news/trip/map-old.png");
    assert_eq!(in_bundle.record, None);
    assert_eq!(
        in_bundle.insert,
        r#"![A map \[1998\].](map-old.png "The route — NPS")"#
    );
    let rendered = ws.render_preview("news/trip/index.md", &format!("{}\n", in_bundle.insert));
    assert!(
        rendered.html.contains(&format!(
            r#"src="{PREVIEW_URL_PREFIX}content/news/trip/map-old.png""#
        )),
        "{}",
        rendered.html
    );

    let in_static = ws
        .add_image(
            &image("map old.png", text("A map.", "", ""), Some("news/solo.md")),
            now(),
        )
        .unwrap();
    assert_eq!(in_static.file, "static/images/map-old.png");
    assert_eq!(in_static.insert, "![A map.](/images/map-old.png)");
    assert_eq!(
        std::fs::read(site.root().join("static/images/map-old.png")).unwrap(),
        PNG
    );
    let rendered = ws.render_preview("news/solo.md", &format!("{}\n", in_static.insert));
    assert!(
        rendered.html.contains(&format!(
            r#"src="{PREVIEW_URL_PREFIX}static/images/map-old.png""#
        )),
        "{}",
        rendered.html
    );
}

#[test]
fn the_preview_protocol_serves_only_the_sites_images_never_a_path_leading_out() {
    let site = TempSite::new();
    site.write("static/images/ok.png", "png");
    site.write("static/notes.txt", "text");
    site.write("data/images/ok.yml", "uid: ok\n");
    site.write("content/news/p/index.md", "---\ntitle: P\n---\n");
    site.write("content/news/p/pic.png", "png");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), "secret").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        site.root().join("static/images/link.png"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("static/out")).unwrap();
    let ws = Workspace::open(site.root()).unwrap();

    assert_eq!(ws.preview_image("static/images/ok.png").unwrap().0, b"png");
    assert_eq!(
        ws.preview_image("content/news/p/pic.png").unwrap().0,
        b"png"
    );
    let absolute = outside.path().join("secret.png").display().to_string();
    for bad in [
        "../secret.png",
        "static/../../secret.png",
        "static/images/../../../secret.png",
        "/etc/passwd",
        absolute.as_str(),
        "static/images/link.png",
        "static/out/secret.png",
        "static/notes.txt",
        "hugo.yaml",
        "data/images/ok.yml",
        "layouts/x.png",
        ".git/x.png",
        "static/images/missing.png",
    ] {
        let err = ws.preview_image(bad).unwrap_err();
        assert!(
            matches!(err.code(), ErrorCode::ImageNotServed),
            "{bad}: {err} ({})",
            err.code()
        );
    }
    // Nor does the preview's mapping point anywhere outside.
    let rendered = ws.render_preview(
        "news/p/index.md",
        "![a](../../../../secret.png) ![b](/images/../../secret.png) ![c](/images/link.png) ![d](pic.png)\n",
    );
    assert_eq!(
        rendered.html.matches(PREVIEW_URL_PREFIX).count(),
        1,
        "{}",
        rendered.html
    );
    assert!(rendered
        .html
        .contains(&format!("{PREVIEW_URL_PREFIX}content/news/p/pic.png")));
}

/// A record written for a new image in the real digital.gov has the keys, order and layout of
/// most of its 988 records.
#[test]
fn a_new_record_in_the_corpus_has_the_keys_and_order_of_its_records() {
    let Some(corpus) = std::env::var_os("POSTWRIGHT_CORPUS") else {
        println!("skipping: POSTWRIGHT_CORPUS not set");
        return;
    };
    let corpus = Path::new(&corpus);
    let shape = RecordShape::learn(corpus);
    let facts = postwright::media::image_facts("New chart.png", PNG).unwrap();
    let record = shape.write(&facts, &text("A chart.", "", ""), now());
    let layout = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split(':').next().unwrap_or("").to_string())
            .collect()
    };
    let mut counts = std::collections::HashMap::<Vec<String>, usize>::new();
    for entry in std::fs::read_dir(corpus.join("data/images")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yml") {
            *counts
                .entry(layout(&std::fs::read_to_string(&path).unwrap()))
                .or_default() += 1;
        }
    }
    let ours = layout(&record);
    let (most, _) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
    assert_eq!(&ours, most, "{record}");
    assert!(
        ours.iter()
            .map(|k| k.trim_end())
            .eq(["date", "uid", "width", "height", "format", "credit", "caption", "alt"]),
        "{record}"
    );
    // It is a record the site's template reads: the uid and alt read back.
    let value = postwright::site::data::parse_data(
        Path::new("x.yml"),
        &record,
        postwright::site::data::DataFormat::Yaml,
    )
    .unwrap();
    assert_eq!(value["uid"], "new-chart");
    assert_eq!(value["alt"], "A chart.");
    assert_eq!(value["width"], 3);
}

/// `postwright image add` on the sample site, then the real Hugo builds a page calling the
/// shortcode printed: the record it wrote is one the site's own template reads.
#[test]
fn image_add_on_the_command_line_writes_what_hugo_reads() {
    let (dir, root) = sample_site();
    let file = dir.path().join("Survey results.png");
    std::fs::write(&file, PNG).unwrap();
    let out = crate::support::cli()
        .args(["image", "add", "--site"])
        .arg(&root)
        .args(["--alt", "Bar chart: 80% found what they needed."])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let call = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(call, r#"{{< img src="survey-results" >}}"#);

    let out = crate::support::cli()
        .args(["image", "add", "--site"])
        .arg(&root)
        .args(["--alt", " "])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("image-no-alt"), "{stderr}");
    assert!(!root.join("data/images/survey-results-2.yml").exists());

    let Some(hugo) = crate::support::hugo() else {
        println!("skipping the Hugo half: the real Hugo could not be installed");
        return;
    };
    std::fs::write(
        root.join("content/news/survey.md"),
        format!("---\ntitle: Survey\nslug: survey\ndate: 2026-01-02\n---\n\n{call}\n"),
    )
    .unwrap();
    let public = dir.path().join("public");
    let built = std::process::Command::new(hugo)
        .arg("--source")
        .arg(&root)
        .arg("--destination")
        .arg(&public)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let html = std::fs::read_to_string(public.join("2026/01/02/survey/index.html")).unwrap();
    assert!(
        html.contains(r#"<img src="/images/survey-results.png" width="3" height="2" alt="Bar chart: 80% found what they needed."/>"#),
        "{html}"
    );
    assert!(public.join("images/survey-results.png").is_file());
}

/// With Hugo's embedded image hook (a site configuring `languages`), a bundle's image is
/// printed under the page's URL and a global one from `assets/`: the preview still shows the
/// files.
#[test]
fn the_preview_shows_images_that_hugos_embedded_hook_resolved() {
    let site = TempSite::new();
    std::fs::remove_file(site.root().join("hugo.yaml")).unwrap();
    site.write(
        "hugo.toml",
        "baseURL = 'https://example.org/'\n[languages]\n[languages.en]\nweight = 1\n",
    );
    site.write("content/news/Trip/index.md", "---\ntitle: Trip\n---\n");
    std::fs::write(site.root().join("content/news/Trip/Map.png"), PNG).unwrap();
    std::fs::create_dir_all(site.root().join("assets/images")).unwrap();
    std::fs::write(site.root().join("assets/images/logo.png"), PNG).unwrap();
    let ws = Workspace::open(site.root()).unwrap();
    let rendered = ws.render_preview(
        "news/Trip/index.md",
        "![map](map.png) ![logo](images/logo.png)\n",
    );
    for file in ["content/news/Trip/Map.png", "assets/images/logo.png"] {
        assert!(
            rendered
                .html
                .contains(&format!(r#"src="{PREVIEW_URL_PREFIX}{file}""#)),
            "{file}: {}",
            rendered.html
        );
    }
}

/// An image the site's templates process (`resources.Get` then `.Resize`) is shown in the
/// preview as its original from `assets/`, the processed name (`_hu_<hash>`) mapped back to it.
#[test]
fn processed_images_of_templates_show_their_original_in_the_preview() {
    let site = TempSite::new();
    std::fs::create_dir_all(site.root().join("assets/images")).unwrap();
    std::fs::write(site.root().join("assets/images/wide.png"), PNG).unwrap();
    site.write(
        "layouts/_shortcodes/thumb.html",
        "{{ with resources.Get \"images/wide.png\" }}<img src=\"{{ .RelPermalink }}\"><img src=\"{{ (.Resize \"2x webp\").RelPermalink }}\" width=\"{{ (.Resize \"2x\").Width }}\">{{ end }}",
    );
    site.write("content/p.md", "---\ntitle: P\n---\n");
    let ws = Workspace::open(site.root()).unwrap();
    let rendered = ws.render_preview("p.md", "{{< thumb >}}\n");
    let original = format!("{PREVIEW_URL_PREFIX}assets/images/wide.png");
    assert_eq!(
        rendered
            .html
            .matches(&format!("src=\"{original}\""))
            .count(),
        2,
        "{}",
        rendered.html
    );
    assert!(rendered.html.contains("width=\"2\""), "{}", rendered.html);
}
