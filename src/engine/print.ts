/**
 * PyTorch 1.13's tensor repr (torch/_tensor_str.py with the default print
 * options): one `_Formatter` chooses integer, fixed or scientific layout and a
 * common width for every shown element; nested brackets, 80-column wrapping,
 * `...` summaries beyond 1000 elements and the suffix list follow it exactly.
 */

import { toExponentialPython, toFixedPython } from "./number_format";

export type PrintDType = "float32" | "float64" | "int64" | "int32" | "bool";

export interface PrintableTensor {
  /** Values in row-major (C-contiguous) order; bool as 0/1; int64 may be given as numbers. */
  values: ArrayLike<number>;
  shape: readonly number[];
  dtype: PrintDType;
}

// PRINT_OPTS defaults.
/** torch.set_printoptions' state (PyTorch's PRINT_OPTS); process-wide, as in PyTorch. */
export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  /** null lets each tensor decide; true/false forces scientific notation on or off. */
  sciMode: boolean | null;
}

const profiles: Record<"default" | "short" | "full", Omit<PrintOptions, "sciMode">> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

export const printOptions: PrintOptions = defaultPrintOptions();

export function defaultPrintOptions(): PrintOptions {
  return { ...profiles.default, sciMode: null };
}

/**
 * Makes `next` the options in force and returns the ones it replaced: an interpreter session keeps
 * its own (torch.set_printoptions in one document must not reformat another's tensors).
 */
export function swapPrintOptions(next: PrintOptions): PrintOptions {
  const previous = { ...printOptions };
  Object.assign(printOptions, next);
  return previous;
}

/** torch.set_printoptions: a profile first, then the options given; sci_mode is always replaced. */
export function setPrintOptions(
  options: Partial<Omit<PrintOptions, "sciMode">> & { profile?: keyof typeof profiles; sciMode: boolean | null },
): void {
  if (options.profile) Object.assign(printOptions, profiles[options.profile]);
  for (const key of ["precision", "threshold", "edgeitems", "linewidth"] as const) {
    const value = options[key];
    if (value !== undefined) printOptions[key] = value;
  }
  printOptions.sciMode = options.sciMode;
}

const PREFIX = "tensor(";
// Float32 and the integer/bool types PyTorch treats as default print no dtype.
const IMPLICIT_DTYPES: ReadonlySet<PrintDType> = new Set<PrintDType>(["float32", "int64", "bool"]);
// Beyond this magnitude String(n) switches to exponent notation, Python's str(int) never does.
const PLAIN_INTEGER_LIMIT = 1e21;

/** The text between `tensor(` and `)`, with PyTorch's indentation. */
export function formatTensorBody(t: PrintableTensor): string {
  const numel = elementCount(t.shape);
  if (numel === 0) return "[]";
  if (t.values.length < numel) {
    throw new RangeError(`tensor of shape [${t.shape.join(", ")}] needs ${numel} values, got ${t.values.length}`);
  }
  const summarize = numel > printOptions.threshold;
  const offsets = shownOffsets(t.shape, summarize);
  const cells = formatCells(t, offsets, true);
  // PyTorch measures the column width before sci_mode overrides the format, so a forced mode keeps
  // the width its natural mode would have had.
  const width = cellWidth(t, offsets, printOptions.sciMode === null ? cells : formatCells(t, offsets, false));
  if (t.shape.length === 0) return padStart(cells[0], width);
  const cursor = { next: 0 };
  return nestedStr(cells, cursor, t.shape, 0, PREFIX.length, summarize, width);
}

/**
 * Full repr: `tensor(...)` plus suffixes such as `requires_grad=True`,
 * `grad_fn=<X>`; suffixes are given by the caller in PyTorch's order and are
 * added after the dtype suffix this function decides.
 */
export function formatTensorRepr(t: PrintableTensor, suffixes: string[]): string {
  const all = implicitSuffixes(t);
  for (const suffix of suffixes) all.push(suffix);
  return addSuffixes(PREFIX + formatTensorBody(t), all, PREFIX.length);
}

function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const size of shape) count *= size;
  return count;
}

/** The size and dtype suffixes `_str_intern` adds before autograd ones. */
function implicitSuffixes(t: PrintableTensor): string[] {
  const suffixes: string[] = [];
  if (elementCount(t.shape) === 0) {
    // Matches NumPy: only a 1-D empty tensor leaves its shape implicit, and
    // with no elements even int64 and bool need their dtype spelled out.
    if (t.shape.length !== 1) suffixes.push("size=" + pythonTuple(t.shape));
    if (t.dtype !== "float32") suffixes.push("dtype=torch." + t.dtype);
  } else if (!IMPLICIT_DTYPES.has(t.dtype)) {
    suffixes.push("dtype=torch." + t.dtype);
  }
  return suffixes;
}

function pythonTuple(items: readonly number[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
}

/**
 * `_add_suffixes`: a suffix moves to its own line when it would pass the
 * line width. PyTorch's length arithmetic counts two extra columns on the
 * first line (`len - rfind + 1` with rfind = -1), which is kept on purpose.
 */
function addSuffixes(tensorStr: string, suffixes: readonly string[], indent: number): string {
  let out = tensorStr;
  let lastLineLength = tensorStr.length - tensorStr.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (lastLineLength + suffix.length + 2 > printOptions.linewidth) {
      out += ",\n" + " ".repeat(indent) + suffix;
      lastLineLength = indent + suffix.length;
    } else {
      out += ", " + suffix;
      lastLineLength += suffix.length + 2;
    }
  }
  return out + ")";
}

// ---------------------------------------------------------------------------
// Which elements are shown

/**
 * Flat offsets of the shown elements in display order. Summarising keeps the
 * first and last printOptions.edgeitems entries of every dimension longer than twice
 * that, which is also exactly the data `get_summarized_data` hands the formatter.
 */
function shownOffsets(shape: readonly number[], summarize: boolean): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let dim = shape.length - 1; dim >= 0; dim--) {
    strides[dim] = stride;
    stride *= shape[dim];
  }
  const offsets: number[] = [];
  collectOffsets(shape, strides, 0, 0, summarize, offsets);
  return offsets;
}

function collectOffsets(
  shape: readonly number[],
  strides: readonly number[],
  dim: number,
  base: number,
  summarize: boolean,
  out: number[],
): void {
  if (dim === shape.length) {
    out.push(base);
    return;
  }
  const size = shape[dim];
  const skipMiddle = summarize && size > 2 * printOptions.edgeitems;
  for (let i = 0; i < size; i++) {
    if (skipMiddle && i === printOptions.edgeitems) i = size - printOptions.edgeitems;
    collectOffsets(shape, strides, dim + 1, base + i * strides[dim], summarize, out);
  }
}

// ---------------------------------------------------------------------------
// _Formatter

type FloatMode = "integer" | "fixed" | "scientific";

function formatCells(t: PrintableTensor, offsets: readonly number[], applySciMode: boolean): string[] {
  const cells = new Array<string>(offsets.length);
  const { values, dtype } = t;
  if (dtype === "bool") {
    for (let i = 0; i < offsets.length; i++) cells[i] = values[offsets[i]] ? "True" : "False";
  } else if (dtype === "int64" || dtype === "int32") {
    for (let i = 0; i < offsets.length; i++) cells[i] = integerStr(values[offsets[i]]);
  } else {
    const mode = chooseFloatMode(values, offsets, dtype === "float32", applySciMode);
    for (let i = 0; i < offsets.length; i++) cells[i] = floatCell(floatValue(values[offsets[i]], dtype), mode);
  }
  return cells;
}

function integerStr(value: number): string {
  return Math.abs(value) < PLAIN_INTEGER_LIMIT ? String(value) : BigInt(value).toString();
}

function floatValue(value: number, dtype: PrintDType): number {
  // Rounding is a no-op for the exact float32 values the engine stores, and
  // keeps the decisions float32-faithful if a wider double slips through.
  return dtype === "float32" ? Math.fround(value) : value;
}

/**
 * Integer mode when every nonzero finite value is integral; scientific when
 * those values span more than three decades, exceed 1e8, or (outside integer
 * mode) go below 1e-4. Ratios are taken in double precision, as PyTorch does.
 */
function chooseFloatMode(values: ArrayLike<number>, offsets: readonly number[], isFloat32: boolean, applySciMode: boolean): FloatMode {
  let min = Infinity;
  let max = 0;
  let integral = true;
  for (const offset of offsets) {
    const raw = values[offset];
    const value = isFloat32 ? Math.fround(raw) : raw;
    if (value === 0 || !Number.isFinite(value)) continue;
    const magnitude = Math.abs(value);
    if (magnitude < min) min = magnitude;
    if (magnitude > max) max = magnitude;
    if (value !== Math.ceil(value)) integral = false;
  }
  const natural: FloatMode = max === 0 ? "integer"
    : integral ? (max / min > 1000 || max > 1e8 ? "scientific" : "integer")
      : max / min > 1000 || max > 1e8 || min < 1e-4 ? "scientific" : "fixed";
  const forced = printOptions.sciMode;
  if (forced === null || !applySciMode) return natural;
  if (forced) return "scientific";
  return natural !== "scientific" ? natural : integral ? "integer" : "fixed";
}

function floatCell(value: number, mode: FloatMode): string {
  switch (mode) {
    case "scientific":
      return toExponentialPython(value, printOptions.precision);
    case "fixed":
      return toFixedPython(value, printOptions.precision);
    default: {
      // A trailing point marks finite values of an integral float tensor.
      const text = toFixedPython(value, 0);
      return Number.isFinite(value) ? text + "." : text;
    }
  }
}

/**
 * The formatter's max_width: every element for integer types, but only
 * nonzero finite ones for floats, so `nan`/`inf` may stick out.
 */
function cellWidth(t: PrintableTensor, offsets: readonly number[], cells: readonly string[]): number {
  let width = 1;
  const floating = t.dtype === "float32" || t.dtype === "float64";
  for (let i = 0; i < cells.length; i++) {
    if (floating) {
      const value = floatValue(t.values[offsets[i]], t.dtype);
      if (value === 0 || !Number.isFinite(value)) continue;
    }
    if (cells[i].length > width) width = cells[i].length;
  }
  return width;
}

function padStart(text: string, width: number): string {
  return text.length >= width ? text : " ".repeat(width - text.length) + text;
}

// ---------------------------------------------------------------------------
// _tensor_str_with_formatter / _vector_str

function nestedStr(
  cells: readonly string[],
  cursor: { next: number },
  shape: readonly number[],
  dim: number,
  indent: number,
  summarize: boolean,
  width: number,
): string {
  if (dim === shape.length - 1) return vectorStr(cells, cursor, shape[dim], indent, summarize, width);
  const size = shape[dim];
  const skipMiddle = summarize && size > 2 * printOptions.edgeitems;
  const slices: string[] = [];
  for (let i = 0; i < size; i++) {
    if (skipMiddle && i === printOptions.edgeitems) {
      slices.push("...");
      i = size - printOptions.edgeitems;
    }
    slices.push(nestedStr(cells, cursor, shape, dim + 1, indent + 1, summarize, width));
  }
  // Blocks of rank r are separated by r-1 newlines, i.e. r-2 blank lines.
  const rank = shape.length - dim;
  return "[" + slices.join("," + "\n".repeat(rank - 1) + " ".repeat(indent + 1)) + "]";
}

function vectorStr(
  cells: readonly string[],
  cursor: { next: number },
  size: number,
  indent: number,
  summarize: boolean,
  width: number,
): string {
  // Each element takes its width plus ", "; " ..." counts as one element.
  const perLine = Math.max(1, Math.floor((printOptions.linewidth - indent) / (width + 2)));
  const lineBreak = ",\n" + " ".repeat(indent + 1);
  const skipMiddle = summarize && size > 2 * printOptions.edgeitems;
  const count = skipMiddle ? 2 * printOptions.edgeitems + 1 : size;
  let out = "[";
  for (let k = 0; k < count; k++) {
    if (k > 0) out += k % perLine === 0 ? lineBreak : ", ";
    out += skipMiddle && k === printOptions.edgeitems ? " ..." : padStart(cells[cursor.next++], width);
  }
  return out + "]";
}
