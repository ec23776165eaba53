//! The preview's read-only protocol for the site's local images, `pwmedia://localhost/<path>`:
//! an image added a moment ago is not published yet, so the preview shows the file itself.
//! Thin: GET (and HEAD) only; which files may be served, and the confinement to the site,
//! are the core's ([`postwright::Workspace::preview_image`]).

use tauri::http::{header, Method, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::AppState;

/// Answers one request of the protocol, off the main thread.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    tauri::async_runtime::spawn_blocking(move || {
        responder.respond(respond(app.state::<AppState>().inner(), &request));
    });
}

fn respond(state: &AppState, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    let plain = |status: StatusCode, text: &str| {
        Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(text.as_bytes().to_vec())
            .unwrap_or_default()
    };
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "read-only");
    }
    if request.uri().host().is_some_and(|h| h != "localhost") {
        return plain(StatusCode::NOT_FOUND, "unknown host");
    }
    let rel = postwright::media::path_of_preview_url(request.uri().path());
    match state.with_workspace(|ws| ws.preview_image(&rel)) {
        Ok((bytes, mime)) => {
            let body = if request.method() == Method::HEAD {
                Vec::new()
            } else {
                bytes
            };
            Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, mime)
                .header("X-Content-Type-Options", "nosniff")
                .header(header::CACHE_CONTROL, "no-store")
                // An SVG opened on its own must not run its scripts either.
                .header(
                    "Content-Security-Policy",
                    "default-src 'none'; style-src 'unsafe-inline'",
                )
                .body(body)
                .unwrap_or_default()
        }
        Err(e) => plain(StatusCode::NOT_FOUND, &e.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, uri: &str) -> Request<Vec<u8>> {
        Request::builder()
            .method(method)
            .uri(uri)
            .body(Vec::new())
            .unwrap()
    }

    #[test]
    fn only_reads_on_localhost_are_answered() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().to_path_buf(), None);
        for method in [Method::POST, Method::PUT, Method::DELETE] {
            let response = respond(&state, &request(method, "pwmedia://localhost/static/a.png"));
            assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        }
        let response = respond(
            &state,
            &request(Method::GET, "pwmedia://elsewhere/static/a.png"),
        );
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        // No site open: nothing to serve, and the body says why.
        let response = respond(
            &state,
            &request(Method::GET, "pwmedia://localhost/static/a.png"),
        );
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(response.body().as_slice(), b"no site is open");
    }
}
