import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decideExternalChange } from "./conflict";
import { LOCAL_IMAGES_SOURCE, PREVIEW_CSP, PREVIEW_SCRIPT, PREVIEW_SCRIPT_HASH, previewDocument, scrollFraction } from "./preview";

describe("previewDocument", () => {
  it("carries the strict CSP and escapes title and summary", () => {
    const doc = previewDocument("<p>Body</p>", "A <b>title</b>", 'Say "hi"');
    expect(doc).toContain(`content="${PREVIEW_CSP}"`);
    expect(PREVIEW_CSP).toContain("default-src 'none'");
    expect(doc).toContain("A &lt;b&gt;title&lt;/b&gt;");
    expect(doc).toContain("Say &quot;hi&quot;");
    expect(doc).toContain("<p>Body</p>");
    expect(doc).toContain('<base target="_blank">');
  });

  it("lets only its own script run: the CSP names that script's hash and nothing else", () => {
    const hash = createHash("sha256").update(PREVIEW_SCRIPT, "utf8").digest("base64");
    expect(PREVIEW_SCRIPT_HASH).toBe(`sha256-${hash}`);
    expect(PREVIEW_CSP).toContain(`script-src '${PREVIEW_SCRIPT_HASH}'`);
    expect(PREVIEW_CSP).not.toContain("unsafe-inline'; img");
    expect(PREVIEW_CSP).not.toMatch(/script-src[^;]*(unsafe|\*|https?:|self)/);
    const doc = previewDocument("<script>alert(1)</script>");
    expect(doc.split(`<script>${PREVIEW_SCRIPT}</script>`).length).toBe(2);
  });

  it("is allowed by the main window's CSP too, which a srcdoc frame inherits, and nothing else inline is", () => {
    const conf = JSON.parse(readFileSync(new URL("../../../../src-tauri/tauri.conf.json", import.meta.url), "utf8"));
    expect(conf.app.security.csp["script-src"]).toBe(`'self' '${PREVIEW_SCRIPT_HASH}'`);
  });

  it("loads images from HTTPS, data: and the app's local-image protocol only, in the frame and the window", () => {
    expect(LOCAL_IMAGES_SOURCE).toBe("pwmedia://localhost");
    expect(PREVIEW_CSP).toContain(`img-src https: data: ${LOCAL_IMAGES_SOURCE};`);
    const conf = JSON.parse(readFileSync(new URL("../../../../src-tauri/tauri.conf.json", import.meta.url), "utf8"));
    expect(conf.app.security.csp["img-src"]).toBe(`'self' data: https: ${LOCAL_IMAGES_SOURCE}`);
    // The protocol is for images: no other directive names it.
    for (const [directive, sources] of Object.entries(conf.app.security.csp as Record<string, string>)) {
      if (directive !== "img-src") expect(sources).not.toContain("pwmedia");
    }
    expect(PREVIEW_CSP.split(";").filter((d) => d.includes("pwmedia")).length).toBe(1);
  });

  it("starts at the given scroll fraction, clamped", () => {
    expect(previewDocument("x", "", "", { scroll: 0.25 })).toContain('<html data-scroll="0.2500">');
    expect(previewDocument("x", "", "", { scroll: 7 })).toContain('data-scroll="1.0000"');
    expect(previewDocument("x", "", "", { scroll: Number.NaN })).toContain('data-scroll="0.0000"');
  });

  it("puts the site's stylesheet after ours, unable to end its <style> element", () => {
    const doc = previewDocument("x", "", "", { siteCss: "body{color:red}</style><script>alert(1)</script>" });
    const ours = doc.indexOf("font: 16px/1.6");
    const site = doc.indexOf("body{color:red}");
    expect(ours).toBeGreaterThan(0);
    expect(site).toBeGreaterThan(ours);
    expect(doc).toContain("body{color:red}<\\/style><script>alert(1)");
    expect(doc.match(/<\/style>/g)?.length).toBe(2);
  });
});

describe("scrollFraction", () => {
  it("is the share of the scrollable height, 0 when nothing scrolls", () => {
    expect(scrollFraction(250, 1500, 500)).toBe(0.25);
    expect(scrollFraction(0, 400, 500)).toBe(0);
    expect(scrollFraction(2000, 1500, 500)).toBe(1);
  });
});

describe("decideExternalChange", () => {
  it("ignores our own save, reloads a clean editor, flags a dirty one", () => {
    expect(decideExternalChange({ dirty: true, openHash: "a", diskHash: "a" })).toBe("ignore");
    expect(decideExternalChange({ dirty: false, openHash: "a", diskHash: "b" })).toBe("reload");
    expect(decideExternalChange({ dirty: true, openHash: "a", diskHash: "b" })).toBe("conflict");
    expect(decideExternalChange({ dirty: true, openHash: "a", diskHash: null })).toBe("conflict");
  });
});
