// Turning an editor selection into a runnable snippet. Pure text functions, unit-tested.

/**
 * Removes the indentation every non-blank line shares, like Python's textwrap.dedent, so an
 * indented block selected from inside a function or loop still runs. Line numbers are unchanged.
 */
export function dedent(text: string): string {
  const lines = text.split("\n");
  let common: string | undefined;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const indent = /^[ \t]*/.exec(line)![0];
    common = common === undefined ? indent : commonPrefix(common, indent);
    if (common === "") return text;
  }
  if (!common) return text;
  const width = common.length;
  return lines.map((line) => (line.trim() === "" ? line.trimStart() : line.slice(width))).join("\n");
}

function commonPrefix(a: string, b: string): string {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return a.slice(0, length);
}
