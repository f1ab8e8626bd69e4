// String literals: prefixes, escape sequences, implicit concatenation.

import { PyException } from "./errors";

const simpleEscapes: Record<string, string> = {
  "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\n": "",
};

/** Decodes backslash escapes the way CPython does for a non-raw str literal. */
export function decodeEscapes(text: string): string {
  if (!text.includes("\\")) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== "\\" || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const next = text[++i];
    if (next in simpleEscapes) {
      out += simpleEscapes[next];
    } else if (next === "x" || next === "u" || next === "U") {
      const width = next === "x" ? 2 : next === "u" ? 4 : 8;
      const hex = text.slice(i + 1, i + 1 + width);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) {
        throw new PyException("SyntaxError", `(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\${next}${"X".repeat(width)} escape`);
      }
      out += String.fromCodePoint(parseInt(hex, 16));
      i += width;
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(text.slice(i))![0];
      out += String.fromCharCode(parseInt(octal, 8));
      i += octal.length - 1;
    } else {
      out += "\\" + next;
    }
  }
  return out;
}

export interface StringPrefix {
  raw: boolean;
  formatted: boolean;
  bytes: boolean;
}

export function parsePrefix(stringStart: string): StringPrefix {
  const letters = stringStart.replace(/["']+$/, "").toLowerCase();
  return { raw: letters.includes("r"), formatted: letters.includes("f"), bytes: letters.includes("b") };
}
