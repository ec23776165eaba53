// The preview frame's document. The frame is `sandbox=""` (no scripts, opaque origin) and this
// document carries its own CSP, so nothing in a page's HTML can call into the app or load
// anything but HTTPS/data images.

export const PREVIEW_CSP = "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'";

const PREVIEW_STYLE = `
  :root { color-scheme: light; }
  body { margin: 0; padding: 28px 36px 48px; font: 16px/1.6 "Source Serif 4", Georgia, "DejaVu Serif", serif; color: #1b1b1b; background: #fff; }
  h1, h2, h3, h4 { font-family: "Public Sans", "DejaVu Sans", system-ui, sans-serif; line-height: 1.25; color: #162e51; }
  h1.pw-title { font-size: 1.9rem; margin: 0 0 .4rem; }
  p.pw-summary { font-size: 1.05rem; color: #4a4a4a; margin: 0 0 1.5rem; border-bottom: 1px solid #e2e6ea; padding-bottom: 1rem; }
  a { color: #005ea2; }
  img { max-width: 100%; height: auto; }
  pre, code { font-family: "DejaVu Sans Mono", monospace; font-size: .88em; background: #f3f4f6; border-radius: 4px; }
  pre { padding: 12px; overflow-x: auto; }
  blockquote { margin: 0; padding-left: 1rem; border-left: 4px solid #dfe1e2; color: #565c65; }
  table { border-collapse: collapse; } td, th { border: 1px solid #dfe1e2; padding: 4px 8px; }
`;

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The `srcdoc` for a rendered body, headed by the page's title and summary (escaped). */
export function previewDocument(bodyHtml: string, title = "", summary = ""): string {
  const head = [
    title ? `<h1 class="pw-title">${escapeHtml(title)}</h1>` : "",
    summary ? `<p class="pw-summary">${escapeHtml(summary)}</p>` : "",
  ].join("");
  return (
    `<!doctype html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}">` +
    // Links open as new-window requests, which the app confirms and hands to the browser.
    `<base target="_blank">` +
    `<style>${PREVIEW_STYLE}</style></head><body><article>${head}${bodyHtml}</article></body></html>`
  );
}
