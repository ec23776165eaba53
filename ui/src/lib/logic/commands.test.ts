import { describe, expect, it } from "vitest";
import type { AppCommand } from "../commands.svelte";
import { filterCommands } from "./commands";

const run = (): void => {};
const list: AppCommand[] = [
  { id: "save", label: "Save", keys: "Ctrl+S", run },
  { id: "check-site", label: "Check whole site", run },
  { id: "new-page", label: "New page…", keys: "Ctrl+N", run },
  { id: "shortcode", label: "Insert a shortcode…", run },
  { id: "import", label: "Import…", run },
];

describe("filterCommands", () => {
  it("lists everything for an empty query, in registration order", () => {
    expect(filterCommands(list, "  ").map((c) => c.id)).toEqual(["save", "check-site", "new-page", "shortcode", "import"]);
  });
  it("needs every word, any case, and ranks label starts, then word starts", () => {
    expect(filterCommands(list, "PAGE").map((c) => c.id)).toEqual(["new-page"]);
    expect(filterCommands(list, "site check").map((c) => c.id)).toEqual(["check-site"]);
    expect(filterCommands(list, "s").map((c) => c.id)).toEqual(["save", "check-site", "shortcode"]);
    expect(filterCommands(list, "i").map((c) => c.id)).toEqual(["shortcode", "import", "check-site"]);
    expect(filterCommands(list, "nothing")).toEqual([]);
  });
});
