// The preview frame's document. The frame is sandboxed with scripts allowed but no same
// origin, forms, or top navigation (an opaque origin that cannot reach the app), and this
// document carries its own CSP: the only script that may run is ours (allowed by its hash), so
// a page's own <script>, on* handlers and javascript: URLs stay inert, and nothing but
// HTTPS/data images and the site's own local images (the app's read-only protocol) load. Our script takes each re-render from the app and patches the article
// in place (the document is loaded once, not again per keystroke), and keeps the scroll position,
// talking to the app by postMessage and nothing else.

/**
 * The frame's one script. It receives the page from the app, only from the parent window:
 * `{pwHtml, pwSeq}` replaces the article's content in place, keeping the nodes that did not
 * change (the first and last ones equal to the new ones) so that only the edited blocks are laid
 * out again, then answers `{pwPainted: pwSeq}` once the change is painted. `{pwReady}` tells the
 * app the frame can take a page (sent once the document is parsed). It also keeps the scroll
 * position: it starts at `data-scroll` on <html>, scrolls to a fraction of the page when the
 * app posts `{pwScroll}`, and reports the writer's own scrolling back as `{pwPreviewScroll}`
 * (the scroll events of its own moves are not echoed). Markup set this way never runs: a
 * `<script>` added by innerHTML is inert, and the CSP forbids handlers and `javascript:` URLs.
 */
export const PREVIEW_SCRIPT =
  "(function(){var d=document.documentElement,hush=0,art=null;function room(){return Math.max(0,d.scrollHeight-innerHeight)}function go(f){hush=Date.now()+150;scrollTo(0,f*room())}var at=parseFloat(d.getAttribute(\"data-scroll\")||\"0\")||0;function patch(html){var t=document.createElement(\"template\");t.innerHTML=html;var n=t.content.childNodes,o=art.childNodes,s=0,e=0;while(s<n.length&&s<o.length&&o[s].isEqualNode(n[s]))s++;while(e<n.length-s&&e<o.length-s&&o[o.length-1-e].isEqualNode(n[n.length-1-e]))e++;for(var i=o.length-e-1;i>=s;i--)art.removeChild(o[i]);var ref=o[s]||null,f=document.createDocumentFragment();while(n.length>s+e)f.appendChild(n[s]);art.insertBefore(f,ref)}addEventListener(\"DOMContentLoaded\",function(){art=document.querySelector(\"article\");go(at);parent.postMessage({pwReady:1},\"*\")});addEventListener(\"load\",function(){go(at)});addEventListener(\"message\",function(e){var m=e.data;if(e.source!==parent||!m)return;if(typeof m.pwScroll===\"number\"){at=m.pwScroll;go(at)}if(typeof m.pwHtml===\"string\"&&art){patch(m.pwHtml);var q=m.pwSeq;requestAnimationFrame(function(){setTimeout(function(){parent.postMessage({pwPainted:q},\"*\")},0)})}});addEventListener(\"scroll\",function(){if(Date.now()<hush)return;var r=room();at=r?scrollY/r:0;parent.postMessage({pwPreviewScroll:at},\"*\")},{passive:true})})();";

/**
 * `sha256-…` of PREVIEW_SCRIPT, as CSP wants it. A srcdoc frame also inherits the main window's
 * CSP, so src-tauri/tauri.conf.json's `script-src` names this hash too (unit tests keep all three
 * in step).
 */
export const PREVIEW_SCRIPT_HASH = "sha256-oxVNqULx7dJJeP/C+NVyvkNBF5W3igne2v06hcu2AR8=";

/** Where the site's local images come from (the app's read-only protocol, `pwmedia`): an
 * image added a moment ago is not published yet. */
export const LOCAL_IMAGES_SOURCE = "pwmedia://localhost";

export const PREVIEW_CSP = `default-src 'none'; script-src '${PREVIEW_SCRIPT_HASH}'; img-src https: data: ${LOCAL_IMAGES_SOURCE}; style-src 'unsafe-inline'`;

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
  pre code { background: none; border-radius: 0; font-size: inherit; }
  blockquote { margin: 0; padding-left: 1rem; border-left: 4px solid #dfe1e2; color: #565c65; }
  table { border-collapse: collapse; } td, th { border: 1px solid #dfe1e2; padding: 4px 8px; }
  body:focus-visible { outline: 3px solid #2491ff; outline-offset: -3px; }
`;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export interface PreviewOptions {
  /** Where to start, as a fraction of the scrollable height (kept across re-renders). */
  scroll?: number;
  /** The site's own stylesheet, after ours so it wins (`params.postwright.previewCSS`). */
  siteCss?: string | null;
}

/** A rendered body headed by the page's title and summary (escaped): the frame's article. */
export function previewArticle(bodyHtml: string, title = "", summary = ""): string {
  const head = [
    title ? `<h1 class="pw-title">${escapeHtml(title)}</h1>` : "",
    summary ? `<p class="pw-summary">${escapeHtml(summary)}</p>` : "",
  ].join("");
  return `${head}${bodyHtml}`;
}

/** The `srcdoc` for a rendered body, headed by the page's title and summary (escaped). */
export function previewDocument(bodyHtml: string, title = "", summary = "", options: PreviewOptions = {}): string {
  const scroll = Math.min(1, Math.max(0, Number.isFinite(options.scroll) ? (options.scroll as number) : 0));
  // A stylesheet cannot close its own <style> element and start markup.
  const siteCss = options.siteCss ? `<style>${options.siteCss.replace(/<\/(style)/gi, "<\\/$1")}</style>` : "";
  return (
    `<!doctype html><html data-scroll="${scroll.toFixed(4)}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}">` +
    // Links open as new-window requests, which the app confirms and hands to the browser.
    `<base target="_blank">` +
    `<style>${PREVIEW_STYLE}</style>${siteCss}<script>${PREVIEW_SCRIPT}</script></head>` +
    // The body is a Tab stop, so the preview scrolls by keyboard (arrows, Page Down) too.
    `<body tabindex="0"><article>${previewArticle(bodyHtml, title, summary)}</article></body></html>`
  );
}

/** The editor's scroll position as a fraction of what it can scroll (0 when it cannot). */
export function scrollFraction(top: number, scrollHeight: number, clientHeight: number): number {
  const room = scrollHeight - clientHeight;
  return room > 0 ? Math.min(1, Math.max(0, top / room)) : 0;
}
