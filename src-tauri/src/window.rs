//! The main window and the two guards the preview relies on: the window never navigates away
//! from the app, and a link opened from the preview becomes a [`LinkRequested`] event for the
//! UI to confirm (opened by the `open_external` command, for web and mail links only).

use tauri_specta::Event;

use crate::LinkRequested;

/// `url` when it is a link the system browser may open (http, https, mailto).
pub fn external_link(url: &str) -> Option<tauri::Url> {
    let parsed = tauri::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https" | "mailto").then_some(parsed)
}

/// Whether the main window may show `url`: the app's own pages (and the preview frame's
/// `about:srcdoc`), never a page from a post.
pub fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" | "about" => true,
        "http" | "https" => match url.host_str() {
            Some("tauri.localhost") => true,
            // The dev server (`npm run dev`), only in builds that load it.
            Some("localhost") => cfg!(dev) && url.port() == Some(1420),
            _ => false,
        },
        _ => false,
    }
}

/// The main window from its configuration, with the two guards the preview relies on: the
/// window never navigates away from the app, and a link opened from the preview (a new-window
/// request) becomes a [`LinkRequested`] event for the UI to confirm.
pub fn create_main_window(app: &tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or("tauri.conf.json has no \"main\" window")?;
    let handle = app.handle().clone();
    let mut builder = tauri::WebviewWindowBuilder::from_config(app, &config)?;
    // `make bench` reads the UI's timing marks (ui/src/lib/perf.ts) only in its own runs.
    if std::env::var_os("POSTWRIGHT_BENCH").is_some_and(|v| v == "1") {
        builder = builder.initialization_script("window.__POSTWRIGHT_BENCH__ = true;");
    }
    let window = builder
        .on_navigation(is_app_url)
        .on_new_window(move |url, _features| {
            if external_link(url.as_str()).is_some() {
                if let Err(e) = (LinkRequested {
                    url: url.to_string(),
                })
                .emit(&handle)
                {
                    eprintln!("postwright-desktop: cannot emit link-requested: {e}");
                }
            }
            tauri::webview::NewWindowResponse::Deny
        })
        .build()?;
    enable_spell_checking(&window);
    lighten_webkit(&window)?;
    Ok(())
}

/// WebKit is set up for a web browser: decoded pages and resources cached for going back and
/// forth between sites, pages composited in layers on the GPU, WebGL and Web Audio on (wry's
/// defaults). The app shows one document it builds itself, text and a preview frame: it keeps
/// what a document viewer keeps, with no page cache, paints without compositing layers
/// (`HardwareAccelerationPolicy::Never`), and has neither WebGL nor Web Audio.
///
/// Without compositing layers the web process keeps no layer tiles or their GL buffers, and
/// without a GPU (llvmpipe, as under Xvfb) nothing is composited on the CPU either. The window
/// bench on the corpus, `fast` build, two before/after pairs run back to back: the app and its
/// WebKit processes 675 -> 575 and 676 -> 575 MB (RSS sum, site open), the web process 201 ->
/// 142 and 260 -> 165 MB PSS (PSS moves with the other WebKit apps running: it splits shared
/// libraries among them), after editing the largest post 527 -> 416 and 527 -> 386 MB PSS;
/// scrolling the page list, frame-interval p95 76 -> 17 and 128 -> 19 ms. Set here, after
/// the window is built, it applies to the first page already: the web process measured the
/// same as with `WEBKIT_DISABLE_COMPOSITING_MODE=1` in the environment (97–109 MB, mem probe).
///
/// Mesa and `libLLVM` stay mapped in both processes (~11–16 MB PSS each under llvmpipe): GTK
/// queries GLX when it opens the display, and WebKitGTK 2.50 opens an EGL display when the web
/// context is made (seen in a debugger) and in the web process, whatever this policy says. No
/// documented setting avoids that: `WEBKIT_DISABLE_DMABUF_RENDERER=1` and
/// `WEBKIT_SKIA_ENABLE_CPU_RENDERING=1` left it loaded, and `GDK_GL=disable`, a GTK debugging
/// variable, removes only GTK's own query.
///
/// WebKitWebDriver's screenshots wait for a frame that WebKitGTK's non-composited renderer
/// presents only when the page changes: a screenshot of a still window never returned, while
/// the page's animation frames kept running and any style change released it. So the e2e
/// tests' screenshot helper (tests/e2e/support.mjs) repaints a 1-pixel dot while it asks; the
/// window itself repaints as before.
#[cfg(target_os = "linux")]
fn lighten_webkit(window: &tauri::WebviewWindow) -> tauri::Result<()> {
    window.with_webview(|webview| {
        use webkit2gtk::{
            CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
        };
        let view = webview.inner();
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_page_cache(false);
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            settings.set_enable_webgl(false);
            settings.set_enable_webaudio(false);
        }
    })
}

#[cfg(not(target_os = "linux"))]
fn lighten_webkit(_window: &tauri::WebviewWindow) -> tauri::Result<()> {
    Ok(())
}

/// Options for the WebKit processes the app starts, set in its environment before the first
/// one starts (they inherit it; a value already set, by a developer, is kept).
///
/// `JSC_useGenerationalGC=0`: each garbage collection of the window's JavaScript is a full
/// one. Every key typed makes a few copies of the page (the editor's text, the render sent
/// and received, the frame's article); with generational collection the copies that happen
/// to be alive at a young collection move to the old generation, which is only collected when
/// the heap has grown a lot: typing 60 keys into the corpus's largest post left the web
/// process 46 MB larger with young collections than with full ones (308 against 354 MB of
/// anonymous memory), memory it kept. The live heap is ~10 MB: a full collection is short.
pub fn configure_web_processes() {
    const OPTIONS: [(&str, &str); 1] = [("JSC_useGenerationalGC", "0")];
    for (name, value) in OPTIONS {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}

/// Turns on the system spell checker (enchant's hunspell dictionaries) for the body editor and
/// the text fields: WebKitGTK leaves it off unless the web context enables it, whatever the
/// page's `spellcheck` attributes say. The language follows `LANG`, else US English.
#[cfg(target_os = "linux")]
fn enable_spell_checking(window: &tauri::WebviewWindow) {
    let language = spell_language(std::env::var("LANG").ok().as_deref());
    let result = window.with_webview(move |webview| {
        use webkit2gtk::{WebContextExt, WebViewExt};
        if let Some(context) = webview.inner().context() {
            context.set_spell_checking_enabled(true);
            context.set_spell_checking_languages(&[language.as_str()]);
        }
    });
    if let Err(e) = result {
        eprintln!("postwright-desktop: cannot enable spell checking: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
fn enable_spell_checking(_window: &tauri::WebviewWindow) {}

/// The spell-checking language for a `LANG` value (`en_GB.UTF-8` → `en_GB`), US English when
/// it names none (`C`, `POSIX`, unset).
pub fn spell_language(lang: Option<&str>) -> String {
    let code = lang
        .unwrap_or_default()
        .split(['.', '@'])
        .next()
        .unwrap_or_default();
    let valid = code.len() >= 2 && code.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
    if valid && code != "C" && code != "POSIX" {
        code.to_string()
    } else {
        "en_US".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spell_checking_follows_lang_else_us_english() {
        assert_eq!(spell_language(Some("en_GB.UTF-8")), "en_GB");
        assert_eq!(spell_language(Some("fr_FR@euro")), "fr_FR");
        assert_eq!(spell_language(Some("C.UTF-8")), "en_US");
        assert_eq!(spell_language(Some("POSIX")), "en_US");
        assert_eq!(spell_language(None), "en_US");
    }

    #[test]
    fn only_web_and_mail_links_leave_the_app_and_the_window_stays_on_the_app() {
        assert!(external_link("https://digital.gov/").is_some());
        assert!(external_link("mailto:team@example.gov").is_some());
        for hostile in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "tauri://localhost/",
            "data:text/html,x",
            "nonsense",
        ] {
            assert!(external_link(hostile).is_none(), "{hostile}");
        }
        let url = |s: &str| tauri::Url::parse(s).unwrap();
        assert!(is_app_url(&url("tauri://localhost/")));
        assert!(is_app_url(&url("http://tauri.localhost/index.html")));
        assert!(is_app_url(&url("about:srcdoc")));
        for away in [
            "https://example.com/",
            "file:///etc/passwd",
            "http://127.0.0.1:9/steal",
            "javascript:top.x=1",
        ] {
            assert!(!is_app_url(&url(away)), "{away}");
        }
    }
}
