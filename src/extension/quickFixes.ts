// The text edits behind the quick fixes, computed from a line's text. Pure, unit-tested.

export interface TextFix {
  title: string;
  /** Insert `text` at the 0-based line and column. */
  line: number;
  column: number;
  text: string;
  /** The fix to apply by default (shown first, bound to the quick-fix shortcut). */
  preferred?: boolean;
}

const BACKWARD_CALL = /(\.backward|autograd\.grad)\s*\(/;

/** Adds `retain_graph=True` to the backward() or autograd.grad() call on a line, if it has none. */
export function addRetainGraphFix(line: number, text: string | undefined): TextFix | undefined {
  if (text === undefined || text.includes("retain_graph")) return undefined;
  const call = BACKWARD_CALL.exec(text);
  if (!call) return undefined;
  const open = call.index + call[0].length;
  const close = matchingParen(text, open);
  if (close === undefined) return undefined;
  const empty = text.slice(open, close).trim() === "";
  return { title: "Add retain_graph=True", line, column: close, text: empty ? "retain_graph=True" : ", retain_graph=True", preferred: true };
}

/** Inserts a statement on a new line before `line`, with its indentation. */
export function insertLineBeforeFix(line: number, text: string | undefined, statement: string): TextFix {
  const indent = /^[ \t]*/.exec(text ?? "")![0];
  return { title: `Insert ${statement} before this line`, line, column: 0, text: `${indent}${statement}\n` };
}

/** Index of the `)` closing the parenthesis opened just before `from`; undefined when not on this line. */
function matchingParen(text: string, from: number): number | undefined {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return undefined;
}
