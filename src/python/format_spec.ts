/**
 * Python's format-spec mini-language (`format(v, spec)`, f-strings,
 * `str.format`) and printf-style `%` conversions, following CPython 3.11's
 * Python/formatter_unicode.c, Python/pystrtod.c and Objects/unicodeobject.c
 * closely enough that padding, grouping and error messages match.
 */

import { DecimalDigits, formatExponent, roundedDigits, shortestDigits } from "../engine/number_format";
import { formatFloatRepr } from "./float_repr";

export type FormatKind = "int" | "float" | "str" | "bool";
export type FormatValue = number | bigint | string | boolean;
export type PyErrorType = "ValueError" | "OverflowError" | "TypeError";

/** A bad spec or value; `pyType` names the Python exception to raise. */
export class FormatSpecError extends Error {
  readonly pyType: PyErrorType;

  constructor(message: string, pyType: PyErrorType = "ValueError") {
    super(message);
    this.name = "FormatSpecError";
    this.pyType = pyType;
  }
}

// CPython keeps widths in Py_ssize_t and float precisions in a C int.
const PY_SSIZE_T_MAX = 9223372036854775807n;
const INT_MAX = 2147483647;
const MAX_UNICODE = 0x10ffff;

interface ParsedSpec {
  fill: string;
  align: string;
  sign: string;
  noNegZero: boolean;
  alternate: boolean;
  width: number;
  separator: string;
  groupSize: number;
  precision: number;
  type: string;
}

/** `format(value, spec)` for a Python int, float, str or bool. */
export function formatWithSpec(value: FormatValue, spec: string, kind: FormatKind): string {
  if (spec === "") return pythonStr(value, kind);
  const parsed = parseSpec(spec, kind);
  switch (kind) {
    case "str":
      if (parsed.type !== "s") throw unknownType(parsed.type, kind);
      return formatString(String(value), parsed);
    case "float":
      if (!"eEfFgGn%".includes(parsed.type)) throw unknownType(parsed.type, kind);
      return formatFloat(toNumber(value), parsed);
    default:
      return formatIntegral(toBigInt(value), parsed, kind);
  }
}

function formatIntegral(value: bigint, spec: ParsedSpec, kind: FormatKind): string {
  if ("bcdoxXn".includes(spec.type)) return formatLong(value, spec);
  if ("eEfFgG%".includes(spec.type)) return formatFloat(bigIntToFloat(value), spec);
  throw unknownType(spec.type, kind);
}

/** `str(value)`, which an empty spec means for every supported type. */
function pythonStr(value: FormatValue, kind: FormatKind): string {
  switch (kind) {
    case "str":
      return String(value);
    case "float":
      return formatFloatRepr(toNumber(value));
    case "bool":
      return truthy(value) ? "True" : "False";
    default:
      return toBigInt(value).toString();
  }
}

function truthy(value: FormatValue): boolean {
  return typeof value === "boolean" ? value : typeof value === "string" ? value !== "" : value != 0;
}

function toNumber(value: FormatValue): number {
  if (typeof value === "boolean") return value ? 1 : 0;
  return typeof value === "bigint" ? bigIntToFloat(value) : Number(value);
}

function toBigInt(value: FormatValue): bigint {
  if (typeof value === "boolean") return value ? 1n : 0n;
  if (typeof value === "bigint") return value;
  return BigInt(typeof value === "number" ? Math.trunc(value) : value);
}

function bigIntToFloat(value: bigint): number {
  // Number(bigint) rounds half-to-even like PyLong_AsDouble, but overflows silently.
  const result = Number(value);
  if (!Number.isFinite(result)) throw new FormatSpecError("int too large to convert to float", "OverflowError");
  return result;
}

function unknownType(type: string, kind: FormatKind): FormatSpecError {
  const code = type.codePointAt(0) ?? 0;
  const shown = code > 32 && code < 128 ? type : "\\x" + code.toString(16);
  return new FormatSpecError(`Unknown format code '${shown}' for object of type '${kind}'`);
}

// ---------------------------------------------------------------------------
// Spec parsing (parse_internal_render_format_spec)

function isAlign(c: string | undefined): boolean {
  return c === "<" || c === ">" || c === "=" || c === "^";
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

function parseSpec(spec: string, kind: FormatKind): ParsedSpec {
  // Code points, so that an astral fill character counts as one.
  const chars = Array.from(spec);
  const numeric = kind !== "str";
  const parsed: ParsedSpec = {
    fill: " ",
    align: numeric ? ">" : "<",
    sign: "",
    noNegZero: false,
    alternate: false,
    width: -1,
    separator: "",
    groupSize: 3,
    precision: -1,
    type: kind === "str" ? "s" : kind === "float" ? "" : "d",
  };
  let pos = 0;
  let fillSpecified = false;
  let alignSpecified = false;
  if (chars.length >= 2 && isAlign(chars[1])) {
    parsed.fill = chars[0];
    parsed.align = chars[1];
    fillSpecified = alignSpecified = true;
    pos = 2;
  } else if (isAlign(chars[0])) {
    parsed.align = chars[0];
    alignSpecified = true;
    pos = 1;
  }
  if (chars[pos] === "+" || chars[pos] === "-" || chars[pos] === " ") parsed.sign = chars[pos++];
  if (chars[pos] === "z") {
    parsed.noNegZero = true;
    pos++;
  }
  if (chars[pos] === "#") {
    parsed.alternate = true;
    pos++;
  }
  if (!fillSpecified && chars[pos] === "0") {
    parsed.fill = "0";
    // Since 3.10 a leading zero only implies '=' for right-aligned defaults.
    if (!alignSpecified && numeric) parsed.align = "=";
    pos++;
  }
  [parsed.width, pos] = readInteger(chars, pos);
  pos = parseGrouping(chars, pos, parsed);
  if (chars[pos] === ".") {
    const [precision, next] = readInteger(chars, pos + 1);
    if (next === pos + 1) throw new FormatSpecError("Format specifier missing precision");
    parsed.precision = precision;
    pos = next;
  }
  if (chars.length - pos > 1) {
    throw new FormatSpecError(`Invalid format specifier '${spec}' for object of type '${kind}'`);
  }
  if (pos < chars.length) parsed.type = chars[pos];
  validateGrouping(parsed);
  return parsed;
}

/** Reads a decimal run; returns -1 when there is none. */
function readInteger(chars: string[], start: number): [number, number] {
  let pos = start;
  while (isDigit(chars[pos])) pos++;
  if (pos === start) return [-1, pos];
  const text = chars.slice(start, pos).join("");
  if (text.length > 18 && BigInt(text) > PY_SSIZE_T_MAX) {
    throw new FormatSpecError("Too many decimal digits in format string");
  }
  return [Number(text), pos];
}

function parseGrouping(chars: string[], start: number, parsed: ParsedSpec): number {
  let pos = start;
  if (chars[pos] === ",") {
    parsed.separator = ",";
    pos++;
  }
  if (chars[pos] === "_") {
    if (parsed.separator !== "") throw new FormatSpecError("Cannot specify both ',' and '_'.");
    parsed.separator = "_";
    pos++;
  }
  // A second ',' after ',' is left to become the type (and then rejected).
  if (parsed.separator === "_" && chars[pos] === ",") throw new FormatSpecError("Cannot specify both ',' and '_'.");
  return pos;
}

function validateGrouping(parsed: ParsedSpec): void {
  if (parsed.separator === "") return;
  if ("defgEGF%".includes(parsed.type)) return;
  if (parsed.separator === "_" && "boxX".includes(parsed.type) && parsed.type !== "") {
    // PEP 515: bin/oct/hex group every four digits.
    parsed.groupSize = 4;
    return;
  }
  const code = parsed.type.codePointAt(0) ?? 0;
  const shown = code > 32 && code < 128 ? parsed.type : "\\x" + code.toString(16);
  throw new FormatSpecError(`Cannot specify '${parsed.separator}' with '${shown}'.`);
}

// ---------------------------------------------------------------------------
// Strings

function codePointLength(text: string): number {
  return hasSurrogates(text) ? Array.from(text).length : text.length;
}

function hasSurrogates(text: string): boolean {
  return /[\uD800-\uDFFF]/.test(text);
}

function codePointPrefix(text: string, count: number): string {
  return hasSurrogates(text) ? Array.from(text).slice(0, count).join("") : text.slice(0, count);
}

function formatString(value: string, spec: ParsedSpec): string {
  if (spec.sign === " ") throw new FormatSpecError("Space not allowed in string format specifier");
  if (spec.sign !== "") throw new FormatSpecError("Sign not allowed in string format specifier");
  if (spec.noNegZero) throw new FormatSpecError("Negative zero coercion (z) not allowed in string format specifier");
  if (spec.alternate) throw new FormatSpecError("Alternate form (#) not allowed in string format specifier");
  if (spec.align === "=") throw new FormatSpecError("'=' alignment not allowed in string format specifier");
  let text = value;
  let length = codePointLength(value);
  if (spec.precision >= 0 && length > spec.precision) {
    text = codePointPrefix(value, spec.precision);
    length = spec.precision;
  }
  return pad(text, length, spec.width, spec.align, spec.fill);
}

function pad(text: string, length: number, width: number, align: string, fill: string): string {
  const total = Math.max(width, length) - length;
  if (total <= 0) return text;
  const left = align === ">" ? total : align === "^" ? Math.floor(total / 2) : 0;
  return fill.repeat(left) + text + fill.repeat(total - left);
}

// ---------------------------------------------------------------------------
// Numbers: the shared layout (calc_number_widths + fill_number)

/**
 * Lays out `[sign][prefix][digits][tail]` with padding; `digits` is the run
 * that receives grouping and sign-aware zero padding, `tail` is the decimal
 * point, fraction, exponent or suffix copied verbatim.
 */
function layoutNumber(spec: ParsedSpec, negative: boolean, prefix: string, digits: string, tail: string, grouped: boolean): string {
  const sign = negative ? "-" : spec.sign === "+" ? "+" : spec.sign === " " ? " " : "";
  const fixedChars = sign.length + prefix.length + codePointLength(tail);
  const minWidth = spec.fill === "0" && spec.align === "=" ? spec.width - fixedChars : 0;
  const body = digits === "" ? "" : groupDigits(digits, minWidth, grouped ? spec.separator : "", spec.groupSize);
  const padding = spec.width - (fixedChars + codePointLength(body));
  if (padding <= 0) return sign + prefix + body + tail;
  const fill = spec.fill;
  switch (spec.align) {
    case "<":
      return sign + prefix + body + tail + fill.repeat(padding);
    case "^": {
      const left = Math.floor(padding / 2);
      return fill.repeat(left) + sign + prefix + body + tail + fill.repeat(padding - left);
    }
    case "=":
      return sign + prefix + fill.repeat(padding) + body + tail;
    default:
      return fill.repeat(padding) + sign + prefix + body + tail;
  }
}

/**
 * _PyUnicode_InsertThousandsGrouping: groups from the right and, when
 * zero-padding, keeps adding zero-filled groups until `minWidth` is reached,
 * which can overshoot it by a separator.
 */
function groupDigits(digits: string, minWidth: number, separator: string, groupSize: number): string {
  if (separator === "") {
    const zeros = Math.max(0, Math.max(digits.length, minWidth, 1) - digits.length);
    return "0".repeat(zeros) + digits;
  }
  let result = "";
  let remaining = digits.length;
  let width = minWidth;
  for (;;) {
    const size = Math.min(groupSize, Math.max(remaining, width, 1));
    const chars = Math.max(0, Math.min(remaining, size));
    const piece = "0".repeat(Math.max(0, size - remaining)) + digits.slice(remaining - chars, remaining);
    result = result === "" ? piece : piece + separator + result;
    remaining -= chars;
    width -= size;
    if (remaining <= 0 && width <= 0) return result;
    width -= separator.length;
  }
}

// ---------------------------------------------------------------------------
// Integers (format_long_internal)

const RADIX: Record<string, number> = { b: 2, o: 8, x: 16, X: 16, d: 10, n: 10 };

function formatLong(value: bigint, spec: ParsedSpec): string {
  if (spec.precision !== -1) throw new FormatSpecError("Precision not allowed in integer format specifier");
  if (spec.noNegZero) throw new FormatSpecError("Negative zero coercion (z) not allowed in integer format specifier");
  if (spec.type === "c") return formatChar(value, spec);
  const negative = value < 0n;
  const radix = RADIX[spec.type];
  let digits = (negative ? -value : value).toString(radix);
  let prefix = spec.alternate && radix !== 10 ? "0" + spec.type.toLowerCase() : "";
  if (spec.type === "X") {
    digits = digits.toUpperCase();
    prefix = prefix.toUpperCase();
  }
  // 'n' uses the C locale at runtime: no separators.
  return layoutNumber(spec, negative, prefix, digits, "", spec.type !== "n");
}

function formatChar(value: bigint, spec: ParsedSpec): string {
  if (spec.sign !== "") throw new FormatSpecError("Sign not allowed with integer format specifier 'c'");
  if (spec.alternate) throw new FormatSpecError("Alternate form (#) not allowed with integer format specifier 'c'");
  return layoutNumber(spec, false, "", "", charFromCode(value), false);
}

function charFromCode(value: bigint): string {
  if (value > 9223372036854775807n || value < -9223372036854775808n) {
    throw new FormatSpecError("Python int too large to convert to C long", "OverflowError");
  }
  if (value < 0n || value > BigInt(MAX_UNICODE)) {
    throw new FormatSpecError("%c arg not in range(0x110000)", "OverflowError");
  }
  return String.fromCodePoint(Number(value));
}

// ---------------------------------------------------------------------------
// Floats (format_float_internal + PyOS_double_to_string)

interface DoubleFormat {
  code: string;
  precision: number;
  alternate: boolean;
  addDotZero: boolean;
  noNegZero: boolean;
}

function formatFloat(x: number, spec: ParsedSpec): string {
  if (spec.precision > INT_MAX) throw new FormatSpecError("precision too big");
  let code = spec.type;
  let addDotZero = false;
  let defaultPrecision = 6;
  let value = x;
  let suffix = "";
  if (code === "") {
    // No type: repr-like, or 'g' that keeps a digit after the point.
    addDotZero = true;
    code = "r";
    defaultPrecision = 0;
  }
  if (code === "n") code = "g";
  if (code === "%") {
    code = "f";
    value *= 100;
    suffix = "%";
  }
  let precision = spec.precision;
  if (precision < 0) precision = defaultPrecision;
  else if (code === "r") code = "g";
  const text = doubleToString(value, { code, precision, alternate: spec.alternate, addDotZero, noNegZero: spec.noNegZero }) + suffix;
  return layoutFloatText(text, spec);
}

/** Splits PyOS_double_to_string output into sign, digit run and tail. */
function layoutFloatText(text: string, spec: ParsedSpec): string {
  const negative = text.charCodeAt(0) === 45;
  const start = negative ? 1 : 0;
  let end = start;
  while (end < text.length && isDigit(text[end])) end++;
  const grouped = spec.type !== "n";
  return layoutNumber(spec, negative, "", text.slice(start, end), text.slice(end), grouped);
}

/** PyOS_double_to_string for codes e E f F g G r. */
function doubleToString(x: number, format: DoubleFormat): string {
  const lower = format.code.toLowerCase();
  const upper = lower !== format.code;
  if (!Number.isFinite(x)) {
    const word = Number.isNaN(x) ? "nan" : x < 0 ? "-inf" : "inf";
    return upper ? word.toUpperCase() : word;
  }
  let precision = format.precision;
  let digits: DecimalDigits;
  const absX = Math.abs(x);
  switch (lower) {
    case "e":
      precision++;
      digits = roundedDigits(absX, "significant", precision);
      break;
    case "f":
      digits = roundedDigits(absX, "fixed", precision);
      break;
    case "g":
      if (precision === 0) precision = 1;
      digits = roundedDigits(absX, "significant", precision);
      break;
    default:
      digits = shortestDigits(absX);
  }
  let negative = x < 0 || Object.is(x, -0);
  if (format.noNegZero && digits.digits === "0") negative = false;
  const body = layoutDigits(digits, lower, precision, format.alternate, format.addDotZero, upper);
  return negative ? "-" + body : body;
}

/** format_float_short's placement of digits, point, zeros and exponent. */
function layoutDigits(d: DecimalDigits, code: string, precision: number, alternate: boolean, addDotZero: boolean, upper: boolean): string {
  const digits = d.digits;
  const digitsLength = digits.length;
  let decpt = d.decpt;
  let useExponent = false;
  let end = digitsLength;
  if (code === "e") {
    useExponent = true;
    end = precision;
  } else if (code === "f") {
    end = decpt + precision;
  } else if (code === "g") {
    useExponent = decpt <= -4 || decpt > (addDotZero ? precision - 1 : precision);
    if (alternate) end = precision;
  } else {
    useExponent = decpt <= -4 || decpt > 16;
  }
  let exponent = 0;
  if (useExponent) {
    exponent = decpt - 1;
    decpt = 1;
  }
  const start = decpt <= 0 ? decpt - 1 : 0;
  end = Math.max(end, !useExponent && addDotZero ? decpt + 1 : decpt);
  let out = decpt <= 0 ? "0".repeat(decpt - start) + "." + "0".repeat(-decpt) : "";
  out += decpt > 0 && decpt <= digitsLength ? digits.slice(0, decpt) + "." + digits.slice(decpt) : digits;
  out += digitsLength < decpt ? "0".repeat(decpt - digitsLength) + "." + "0".repeat(end - decpt) : "0".repeat(end - digitsLength);
  if (out.endsWith(".") && !alternate) out = out.slice(0, -1);
  if (useExponent) out += (upper ? "E" : "e") + formatExponent(exponent);
  return out;
}

// ---------------------------------------------------------------------------
// printf-style `%` conversions (PyUnicode_Format)

/** str()/repr()/ascii() of the operand, for `%s`, `%r` and `%a`; `index` locates the conversion in the whole template. */
export interface PercentTexts {
  str?: string;
  repr?: string;
  ascii?: string;
  index?: number;
}

interface PercentSpec {
  leftJustify: boolean;
  plus: boolean;
  blank: boolean;
  alternate: boolean;
  zero: boolean;
  width: number;
  precision: number;
  conversion: string;
}

const NUMERIC_CONVERSIONS = "diuoxXeEfFgG";

/**
 * One `%` conversion: `spec` is the text from `%` (optional) to the
 * conversion character, e.g. `%-08.3f`; `*` widths must already be substituted.
 */
export function percentFormatOne(spec: string, value: FormatValue, kind: FormatKind, texts: PercentTexts = {}): string {
  const parsed = parsePercentSpec(spec, texts.index);
  const text = percentText(parsed, value, kind, texts);
  return percentOutput(text, parsed);
}

function parsePercentSpec(spec: string, index: number | undefined): PercentSpec {
  let pos = spec.startsWith("%") ? 1 : 0;
  const parsed: PercentSpec = { leftJustify: false, plus: false, blank: false, alternate: false, zero: false, width: -1, precision: -1, conversion: "" };
  for (; pos < spec.length; pos++) {
    const c = spec[pos];
    if (c === "-") parsed.leftJustify = true;
    else if (c === "+") parsed.plus = true;
    else if (c === " ") parsed.blank = true;
    else if (c === "#") parsed.alternate = true;
    else if (c === "0") parsed.zero = true;
    else break;
  }
  const widthStart = pos;
  while (isDigit(spec[pos])) pos++;
  if (pos > widthStart) parsed.width = Number(spec.slice(widthStart, pos));
  if (spec[pos] === ".") {
    const precisionStart = ++pos;
    while (isDigit(spec[pos])) pos++;
    parsed.precision = pos > precisionStart ? Number(spec.slice(precisionStart, pos)) : 0;
  }
  // One C length modifier is accepted and ignored.
  if (spec[pos] === "h" || spec[pos] === "l" || spec[pos] === "L") pos++;
  if (pos >= spec.length) throw new FormatSpecError("incomplete format");
  parsed.conversion = String.fromCodePoint(spec.codePointAt(pos) ?? 0);
  if (!"%sradiuoxXeEfFgGc".includes(parsed.conversion)) {
    const code = parsed.conversion.codePointAt(0) ?? 0;
    const shown = code >= 31 && code <= 126 ? parsed.conversion : "?";
    const at = index ?? pos;
    throw new FormatSpecError(`unsupported format character '${shown}' (0x${code.toString(16)}) at index ${at}`);
  }
  return parsed;
}

function percentText(spec: PercentSpec, value: FormatValue, kind: FormatKind, texts: PercentTexts): string {
  const c = spec.conversion;
  switch (c) {
    case "%":
      return "%";
    case "s":
      return texts.str ?? pythonStr(value, kind);
    case "r":
      return texts.repr ?? defaultRepr(value, kind);
    case "a":
      return texts.ascii ?? asciiEscape(texts.repr ?? defaultRepr(value, kind));
    case "c":
      return percentChar(value, kind);
    case "d":
    case "i":
    case "u":
    case "o":
    case "x":
    case "X":
      return formatPercentLong(percentInteger(value, kind, c), spec);
    default:
      return doubleToString(percentFloat(value, kind), { code: c, precision: spec.precision < 0 ? 6 : spec.precision, alternate: spec.alternate, addDotZero: false, noNegZero: false });
  }
}

function percentChar(value: FormatValue, kind: FormatKind): string {
  if (kind === "str") {
    const text = String(value);
    if (codePointLength(text) === 1) return text;
  } else if (kind !== "float") {
    // PyLong_AsLongAndOverflow: any out-of-range int gets the range message.
    const code = toBigInt(value);
    if (code < 0n || code > BigInt(MAX_UNICODE)) throw new FormatSpecError("%c arg not in range(0x110000)", "OverflowError");
    return String.fromCodePoint(Number(code));
  }
  throw new FormatSpecError("%c requires int or char", "TypeError");
}

function percentInteger(value: FormatValue, kind: FormatKind, conversion: string): bigint {
  if (kind === "int" || kind === "bool") return toBigInt(value);
  const hexLike = conversion === "o" || conversion === "x" || conversion === "X";
  if (kind === "float" && !hexLike) return floatToInt(toNumber(value));
  const required = hexLike ? "an integer" : "a real number";
  throw new FormatSpecError(`%${conversion} format: ${required} is required, not ${kind}`, "TypeError");
}

function floatToInt(x: number): bigint {
  if (Number.isNaN(x)) throw new FormatSpecError("cannot convert float NaN to integer");
  if (!Number.isFinite(x)) throw new FormatSpecError("cannot convert float infinity to integer", "OverflowError");
  return BigInt(Math.trunc(x));
}

function percentFloat(value: FormatValue, kind: FormatKind): number {
  if (kind === "str") throw new FormatSpecError("must be real number, not str", "TypeError");
  return toNumber(value);
}

/** _PyUnicode_FormatLong: sign, optional base prefix, digits zero-extended to the precision. */
function formatPercentLong(value: bigint, spec: PercentSpec): string {
  const c = spec.conversion;
  const radix = c === "o" ? 8 : c === "x" || c === "X" ? 16 : 10;
  let digits = (value < 0n ? -value : value).toString(radix);
  if (spec.precision > digits.length) digits = "0".repeat(spec.precision - digits.length) + digits;
  const prefix = spec.alternate && radix !== 10 ? (c === "o" ? "0o" : "0x") : "";
  const text = (value < 0n ? "-" : "") + prefix + digits;
  return c === "X" ? text.toUpperCase() : text;
}

/** unicode_format_arg_output: sign, prefix and fill placement. */
function percentOutput(text: string, spec: PercentSpec): string {
  const c = spec.conversion;
  const numeric = NUMERIC_CONVERSIONS.includes(c);
  let length = codePointLength(text);
  let width = spec.width;
  if ((width === -1 || width <= length) && (spec.precision === -1 || spec.precision >= length) && !spec.plus && !spec.blank) return text;
  let body = text;
  if ((c === "s" || c === "r" || c === "a") && spec.precision >= 0 && length > spec.precision) {
    body = codePointPrefix(text, spec.precision);
    length = spec.precision;
  }
  const fill = numeric && spec.zero ? "0" : " ";
  let sign = "";
  if (numeric) {
    if (body[0] === "-" || body[0] === "+") {
      sign = body[0];
      body = body.slice(1);
      length--;
    } else if (spec.plus) sign = "+";
    else if (spec.blank) sign = " ";
  }
  if (width < length) width = length;
  let out = "";
  if (sign !== "") {
    if (fill !== " ") out += sign;
    if (width > length) width--;
  }
  const hasPrefix = spec.alternate && (c === "x" || c === "X" || c === "o");
  let prefix = "";
  if (hasPrefix) {
    prefix = body.slice(0, 2);
    body = body.slice(2);
    if (fill !== " ") out += prefix;
    width = Math.max(0, width - 2);
    length -= 2;
  }
  if (width > length && !spec.leftJustify) {
    out += fill.repeat(width - length);
    width = length;
  }
  if (fill === " ") out += sign + prefix;
  out += body;
  if (width > length) out += " ".repeat(width - length);
  return out;
}

function defaultRepr(value: FormatValue, kind: FormatKind): string {
  return kind === "str" ? pyStrRepr(String(value)) : pythonStr(value, kind);
}

/** repr() of a Python str, with the common escapes. */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) out += escapeChar(ch, quote);
  return out + quote;
}

function escapeChar(ch: string, quote: string): string {
  if (ch === quote || ch === "\\") return "\\" + ch;
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  const code = ch.codePointAt(0) ?? 0;
  if (isPrintable(code)) return ch;
  return hexEscape(code);
}

function isPrintable(code: number): boolean {
  if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return code !== 0x2028 && code !== 0x2029;
}

function hexEscape(code: number): string {
  if (code < 0x100) return "\\x" + code.toString(16).padStart(2, "0");
  if (code < 0x10000) return "\\u" + code.toString(16).padStart(4, "0");
  return "\\U" + code.toString(16).padStart(8, "0");
}

/** ascii(): repr with every non-ASCII character escaped. */
function asciiEscape(repr: string): string {
  let out = "";
  for (const ch of repr) {
    const code = ch.codePointAt(0) ?? 0;
    out += code < 0x80 ? ch : hexEscape(code);
  }
  return out;
}
