import { describe, expect, it } from "vitest";
import { decideExternalChange } from "./conflict";
import { PREVIEW_CSP, previewDocument } from "./preview";

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
});

describe("decideExternalChange", () => {
  it("ignores our own save, reloads a clean editor, flags a dirty one", () => {
    expect(decideExternalChange({ dirty: true, openHash: "a", diskHash: "a" })).toBe("ignore");
    expect(decideExternalChange({ dirty: false, openHash: "a", diskHash: "b" })).toBe("reload");
    expect(decideExternalChange({ dirty: true, openHash: "a", diskHash: "b" })).toBe("conflict");
    expect(decideExternalChange({ dirty: true, openHash: "a", diskHash: null })).toBe("conflict");
  });
});
