// repr() and str() of arrays as NumPy 1.24 prints them (numpy/core/arrayprint.py with the default
// options: precision 8, floatmode "maxprec", linewidth 75, threshold 1000, edgeitems 3).

import { Tensor } from "../../engine";
import { DEFAULT_FORMAT, floatScalarRepr, formatPositional, formatScientific } from "./numpy_dragon4";

const LINEWIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const PRECISION = 8;

type ElementFormat = (x: number) => string;

/** The values printing shows: all of them, or the edge items of each axis when summarised. */
function shownValues(t: Tensor, summarise: boolean): number[] {
  const values: number[] = [];
  const walk = (axis: number, offset: number): void => {
    if (axis === t.dim) {
      values.push(t.storage.data[offset]);
      return;
    }
    const n = t.shape[axis];
    const indices = summarise && n > 2 * EDGE_ITEMS
      ? [...Array(EDGE_ITEMS).keys(), ...Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i)]
      : [...Array(n).keys()];
    for (const i of indices) walk(axis + 1, offset + i * t.strides[axis]);
  };
  walk(0, t.offset);
  return values;
}

/** FloatingFormat.fillFormat: one layout (positional or scientific, pads) for every element. */
function floatFormat(values: number[], float32: boolean): ElementFormat {
  const finite = values.filter(Number.isFinite);
  const nonZero = finite.map(Math.abs).filter((v) => v !== 0);
  let scientific = false;
  if (nonZero.length > 0) {
    const max = Math.max(...nonZero);
    const min = Math.min(...nonZero);
    scientific = max >= 1e8 || min < 0.0001 || max / min > 1000;
  }
  let padLeft = 0;
  let padRight = 0;
  let precision = PRECISION;
  let expDigits = -1;
  if (finite.length > 0 && scientific) {
    const parts = finite.map((x) => formatScientific(x, float32, { ...DEFAULT_FORMAT, precision, trim: "." }));
    const mantissas = parts.map((s) => s.slice(0, s.indexOf("e")));
    expDigits = Math.max(...parts.map((s) => s.length - s.indexOf("e") - 1)) - 1;
    precision = Math.max(...mantissas.map((s) => s.length - s.indexOf(".") - 1));
    padLeft = Math.max(...mantissas.map((s) => s.indexOf(".")));
    padRight = expDigits + 2 + precision;
  } else if (finite.length > 0) {
    const parts = finite.map((x) => formatPositional(x, float32, { ...DEFAULT_FORMAT, precision, trim: "." }));
    padLeft = Math.max(...parts.map((s) => s.indexOf(".")));
    padRight = Math.max(...parts.map((s) => s.length - s.indexOf(".") - 1));
  }
  if (finite.length !== values.length) {
    const infWidth = values.some((v) => v === -Infinity) ? 4 : 3;
    padLeft = Math.max(padLeft, 3 - (padRight + 1), infWidth - (padRight + 1));
  }
  const format: ElementFormat = scientific
    ? (x) => formatScientific(x, float32, { ...DEFAULT_FORMAT, precision, minDigits: precision, padLeft, expDigits })
    : (x) => formatPositional(x, float32, { ...DEFAULT_FORMAT, precision, minDigits: 0, trim: ".", padLeft, padRight });
  return (x) => {
    if (Number.isFinite(x)) return format(x);
    const text = Number.isNaN(x) ? "nan" : x < 0 ? "-inf" : "inf";
    return " ".repeat(Math.max(0, padLeft + padRight + 1 - text.length)) + text;
  };
}

function elementFormat(t: Tensor, values: number[]): ElementFormat {
  switch (t.dtype) {
    case "bool": {
      const trueText = t.dim === 0 ? "True" : " True";
      return (x) => (x ? trueText : "False");
    }
    case "int32": case "int64": {
      const width = values.length === 0 ? 0 : Math.max(String(Math.max(...values)).length, String(Math.min(...values)).length);
      return (x) => String(x).padStart(width);
    }
    default:
      return floatFormat(values, t.dtype === "float32");
  }
}

function extendLine(s: string, line: string, word: string, width: number, nextPrefix: string): [string, string] {
  const needsWrap = line.length + word.length > width && line.length > nextPrefix.length;
  if (needsWrap) {
    s += line.replace(/\s+$/, "") + "\n";
    line = nextPrefix;
  }
  return [s, line + word];
}

/** _formatArray: nested brackets, wrapping at the line width, "..." where summarised. */
function formatArray(t: Tensor, format: ElementFormat, width: number, nextPrefix: string, separator: string, summarise: boolean): string {
  const recurse = (axis: number, offset: number, hanging: string, currWidth: number): string => {
    if (axis === t.dim) return format(t.storage.data[offset]);
    const nextHanging = hanging + " ";
    const nextWidth = currWidth - 1;
    const n = t.shape[axis];
    const showSummary = summarise && 2 * EDGE_ITEMS < n;
    const leading = showSummary ? EDGE_ITEMS : 0;
    const trailing = showSummary ? EDGE_ITEMS : n;
    const item = (i: number) => recurse(axis + 1, offset + i * t.strides[axis], nextHanging, nextWidth);
    let s = "";
    if (axis === t.dim - 1) {
      const elemWidth = currWidth - Math.max(separator.trimEnd().length, 1);
      let line = hanging;
      for (let i = 0; i < leading; i++) {
        [s, line] = extendLine(s, line, item(i), elemWidth, hanging);
        line += separator;
      }
      if (showSummary) {
        [s, line] = extendLine(s, line, "...", elemWidth, hanging);
        line += separator;
      }
      for (let i = trailing; i > 1; i--) {
        [s, line] = extendLine(s, line, item(n - i), elemWidth, hanging);
        line += separator;
      }
      [s, line] = extendLine(s, line, item(n - 1), elemWidth, hanging);
      s += line;
    } else {
      const lineSep = separator.trimEnd() + "\n".repeat(t.dim - axis - 1);
      for (let i = 0; i < leading; i++) s += hanging + item(i) + lineSep;
      if (showSummary) s += hanging + "..." + lineSep;
      for (let i = trailing; i > 1; i--) s += hanging + item(n - i) + lineSep;
      s += hanging + item(n - 1);
    }
    return "[" + s.slice(hanging.length) + "]";
  };
  return recurse(0, t.offset, nextPrefix, width);
}

function array2string(t: Tensor, separator: string, prefix: string, suffix: string): string {
  if (t.numel === 0) return "[]";
  const summarise = t.numel > THRESHOLD;
  const format = elementFormat(t, shownValues(t, summarise));
  return formatArray(t, format, LINEWIDTH - suffix.length, " " + " ".repeat(prefix.length), separator, summarise);
}

/** Dtypes repr() leaves implicit: the defaults NumPy infers (float64, int64, bool). */
function impliedDtype(t: Tensor): boolean {
  return t.dtype === "float64" || t.dtype === "int64" || t.dtype === "bool";
}

export function arrayRepr(t: Tensor): string {
  const skipDtype = impliedDtype(t) && t.numel > 0;
  const prefix = "array(";
  const suffix = skipDtype ? ")" : ",";
  const body = t.numel > 0 || (t.dim === 1 && t.shape[0] === 0)
    ? array2string(t, ", ", prefix, suffix)
    : `[], shape=(${t.shape.join(", ")}${t.dim === 1 ? "," : ""})`;
  const text = prefix + body + suffix;
  if (skipDtype) return text;
  const dtype = `dtype=${t.dtype})`;
  const lastLine = text.length - (text.lastIndexOf("\n") + 1);
  return text + (lastLine + dtype.length + 1 > LINEWIDTH ? "\n" + " ".repeat(prefix.length) : " ") + dtype;
}

export function arrayStr(t: Tensor): string {
  if (t.dim === 0) return scalarRepr(t.storage.data[t.offset], t.dtype);
  return array2string(t, " ", "", "");
}

/** repr() of a NumPy scalar of `dtype`. */
export function scalarRepr(x: number, dtype: Tensor["dtype"]): string {
  if (dtype === "bool") return x ? "True" : "False";
  if (dtype === "int32" || dtype === "int64") return String(x);
  return floatScalarRepr(x, dtype === "float32");
}
