// Where an inserted image goes in the body: a shortcode call or a Markdown image is a block
// of its own (digital.gov's `img` prints a <div>), so it gets blank lines around it unless the
// cursor already sits between blank lines.

/** The text to insert at a cursor between `before` and `after`, and where the cursor ends up
 * (an offset into the inserted text: after the image). */
export function blockInsertion(before: string, after: string, text: string): { insert: string; cursor: number } {
  const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const trail = after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  const insert = `${lead}${text}${trail}`;
  return { insert, cursor: lead.length + text.length };
}
