/**
 * Decimal formatting of doubles with CPython's semantics: the exact binary
 * value is rounded half-to-even, and fixed notation never falls back to an
 * exponent. JavaScript's toFixed/toExponential also round the exact value,
 * but break ties away from zero and have range limits, so they serve as a fast
 * path and an exact BigInt path covers the rest.
 */

/** `value = 0.<digits> × 10^decpt`; `digits` has no trailing zeros ("0" for zero). */
export interface DecimalDigits {
  digits: string;
  decpt: number;
}

// Shared scratch views so that bit inspection allocates nothing per call.
const scratchFloat = new Float64Array(1);
const scratchWords = new Uint32Array(scratchFloat.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW_WORD = LITTLE_ENDIAN ? 0 : 1;
const HIGH_WORD = LITTLE_ENDIAN ? 1 : 0;

// Results of the last `decompose` call; module state avoids a result object.
let mantissa = 0;
let binaryExponent = 0;
let trailingZeroBits = 0;

const TWO_POW_32 = 4294967296;
// toFixed/toExponential accept at most 100 fraction digits.
const JS_MAX_DIGITS = 100;
// toFixed switches to exponent notation from 1e21 on.
const JS_FIXED_LIMIT = 1e21;
// 5^22 is the largest power of five below 2^53, so `%` on it stays exact.
const MAX_EXACT_POW5 = 22;

/** Splits finite nonzero |x| into mantissa × 2^binaryExponent. */
function decompose(absX: number): void {
  scratchFloat[0] = absX;
  const low = scratchWords[LOW_WORD];
  const high = scratchWords[HIGH_WORD];
  const biased = (high >>> 20) & 0x7ff;
  let highMantissa = high & 0xfffff;
  if (biased === 0) {
    binaryExponent = -1074;
  } else {
    highMantissa += 0x100000;
    binaryExponent = biased - 1075;
  }
  mantissa = highMantissa * TWO_POW_32 + low;
  trailingZeroBits = low !== 0 ? countTrailingZeros(low) : 32 + countTrailingZeros(highMantissa);
}

function countTrailingZeros(word: number): number {
  return 31 - Math.clz32(word & -word);
}

/**
 * Number of binary digits after the point in |x| (negative when x is an
 * integer with trailing zero bits), i.e. |x| = odd × 2^-b. Leaves the odd
 * part in `mantissa / 2^trailingZeroBits`.
 */
function fractionalBits(absX: number): number {
  decompose(absX);
  return -(binaryExponent + trailingZeroBits);
}

/** Whether |x| lies exactly halfway between two multiples of 10^-f. */
function isFixedTie(absX: number, fractionDigits: number): boolean {
  // x·10^f·2 is odd exactly when x has f+1 fractional bits.
  return fractionalBits(absX) === fractionDigits + 1;
}

/**
 * Whether |x| lies exactly halfway between two (f+1)-significant-digit
 * decimals whose leading digit has weight 10^exponent.
 */
function isExponentTie(absX: number, fractionDigits: number, exponent: number): boolean {
  const bits = fractionalBits(absX);
  const scale = fractionDigits - exponent;
  if (scale >= 0) return bits === scale + 1;
  // A negative scale divides by 5^-scale, so the odd part must absorb it.
  if (bits !== scale + 1 || -scale > MAX_EXACT_POW5) return false;
  const odd = mantissa / 2 ** trailingZeroBits;
  return odd % 5 ** -scale === 0;
}

/** The exact decimal expansion of a finite |x|. */
function exactDigits(absX: number): DecimalDigits {
  if (absX === 0) return { digits: "0", decpt: 1 };
  decompose(absX);
  let text: string;
  let decpt: number;
  if (binaryExponent >= 0) {
    text = (BigInt(mantissa) << BigInt(binaryExponent)).toString();
    decpt = text.length;
  } else {
    // m·2^e = m·5^-e·10^e, and m·5^-e is an integer.
    text = (BigInt(mantissa) * 5n ** BigInt(-binaryExponent)).toString();
    decpt = text.length + binaryExponent;
  }
  return { digits: stripTrailingZeros(text), decpt };
}

function stripTrailingZeros(text: string): string {
  let end = text.length;
  while (end > 1 && text.charCodeAt(end - 1) === 48) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Rounds exact digits to `keep` significant digits, ties to even. */
function roundDigits(exact: DecimalDigits, keep: number): DecimalDigits {
  const { digits, decpt } = exact;
  if (keep >= digits.length) return exact;
  if (keep < 0) return { digits: "0", decpt: 1 };
  const head = digits.slice(0, keep);
  if (!roundsUp(digits, keep)) {
    // Leading digits are nonzero, so only an empty head means zero.
    return head === "" ? { digits: "0", decpt: 1 } : { digits: stripTrailingZeros(head), decpt };
  }
  return incrementDigits(head, decpt);
}

function roundsUp(digits: string, keep: number): boolean {
  const first = digits.charCodeAt(keep);
  if (first !== 53) return first > 53;
  if (keep + 1 < digits.length) return true; // digits carry no trailing zeros
  const last = keep > 0 ? digits.charCodeAt(keep - 1) - 48 : 0;
  return (last & 1) === 1;
}

function incrementDigits(head: string, decpt: number): DecimalDigits {
  let end = head.length;
  while (end > 0 && head.charCodeAt(end - 1) === 57) end--;
  if (end === 0) return { digits: "1", decpt: decpt + 1 };
  const bumped = String.fromCharCode(head.charCodeAt(end - 1) + 1);
  return { digits: head.slice(0, end - 1) + bumped, decpt };
}

/** Splits a plain JS decimal string ("12.340", "0.0050") into digits form. */
function parsePlainDecimal(text: string): DecimalDigits {
  const point = text.indexOf(".");
  const intLength = point < 0 ? text.length : point;
  const all = point < 0 ? text : text.slice(0, point) + text.slice(point + 1);
  let start = 0;
  while (start < all.length - 1 && all.charCodeAt(start) === 48) start++;
  if (all.charCodeAt(start) === 48) return { digits: "0", decpt: 1 };
  return { digits: stripTrailingZeros(all.slice(start)), decpt: intLength - start };
}

/** Splits JS exponent output ("1.2340e+5") into digits form. */
function parseExponential(text: string): DecimalDigits {
  const e = text.indexOf("e");
  const exponent = Number(text.slice(e + 1));
  const mantissaText = text.charCodeAt(1) === 46 ? text[0] + text.slice(2, e) : text.slice(0, e);
  if (mantissaText.charCodeAt(0) === 48) return { digits: "0", decpt: 1 };
  return { digits: stripTrailingZeros(mantissaText), decpt: exponent + 1 };
}

/** Whether JS's toFixed on |x| is exact for Python: in range and not a tie. */
function jsFixedIsExact(absX: number, fractionDigits: number): boolean {
  return fractionDigits <= JS_MAX_DIGITS && absX < JS_FIXED_LIMIT && !isFixedTie(absX, fractionDigits);
}

/** `|x|` rounded to `n` digits after the point (mode "fixed") or `n` significant digits. */
export function roundedDigits(absX: number, mode: "fixed" | "significant", n: number): DecimalDigits {
  if (absX === 0) return { digits: "0", decpt: 1 };
  if (mode === "fixed") {
    if (jsFixedIsExact(absX, n)) return parsePlainDecimal(absX.toFixed(n));
    const exact = exactDigits(absX);
    return roundDigits(exact, exact.decpt + n);
  }
  const significant = Math.max(n, 1);
  if (significant - 1 <= JS_MAX_DIGITS) {
    const text = absX.toExponential(significant - 1);
    if (!isExponentTie(absX, significant - 1, exponentOf(text))) return parseExponential(text);
  }
  return roundDigits(exactDigits(absX), significant);
}

function exponentOf(jsExponential: string): number {
  return Number(jsExponential.slice(jsExponential.indexOf("e") + 1));
}

/** The shortest digits that round-trip, as used by Python's repr(float). */
export function shortestDigits(absX: number): DecimalDigits {
  if (absX === 0) return { digits: "0", decpt: 1 };
  // toExponential() without an argument yields the shortest round-trip digits.
  return parseExponential(absX.toExponential());
}

function signPrefix(x: number): string {
  return x < 0 || Object.is(x, -0) ? "-" : "";
}

function nonFinite(x: number): string {
  if (Number.isNaN(x)) return "nan";
  return x > 0 ? "inf" : "-inf";
}

/** Python's `'{:.Nf}'.format(x)`. */
export function toFixedPython(x: number, fractionDigits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const absX = Math.abs(x);
  if (jsFixedIsExact(absX, fractionDigits)) return signPrefix(x) + absX.toFixed(fractionDigits);
  return signPrefix(x) + fixedFromDigits(roundedDigits(absX, "fixed", fractionDigits), fractionDigits);
}

/** Lays out digits form with exactly `fractionDigits` digits after the point. */
function fixedFromDigits(d: DecimalDigits, fractionDigits: number): string {
  const { digits, decpt } = d;
  let intPart: string;
  let fracPart: string;
  if (decpt <= 0) {
    intPart = "0";
    fracPart = "0".repeat(-decpt) + digits;
  } else if (decpt >= digits.length) {
    intPart = digits + "0".repeat(decpt - digits.length);
    fracPart = "";
  } else {
    intPart = digits.slice(0, decpt);
    fracPart = digits.slice(decpt);
  }
  if (digits === "0") fracPart = "";
  if (fractionDigits === 0) return intPart;
  return intPart + "." + fracPart.padEnd(fractionDigits, "0").slice(0, fractionDigits);
}

/** Python's `'{:.Ne}'.format(x)`: e.g. `1.2340e+05`, `-0.0000e+00`. */
export function toExponentialPython(x: number, fractionDigits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const absX = Math.abs(x);
  if (fractionDigits <= JS_MAX_DIGITS) {
    const text = absX.toExponential(fractionDigits);
    if (absX === 0 || !isExponentTie(absX, fractionDigits, exponentOf(text))) {
      return signPrefix(x) + pythonExponent(text);
    }
  }
  return signPrefix(x) + exponentialFromDigits(roundedDigits(absX, "significant", fractionDigits + 1), fractionDigits);
}

/** Rewrites JS's `e+5` exponent as Python's two-digit `e+05`. */
function pythonExponent(jsText: string): string {
  const e = jsText.indexOf("e");
  const digitsStart = e + 2;
  return jsText.length - digitsStart >= 2 ? jsText : jsText.slice(0, digitsStart) + "0" + jsText.slice(digitsStart);
}

/** Lays out digits form as `d.ddd e±XX` with `fractionDigits` digits after the point. */
function exponentialFromDigits(d: DecimalDigits, fractionDigits: number): string {
  const exponent = d.digits === "0" ? 0 : d.decpt - 1;
  const padded = d.digits.padEnd(fractionDigits + 1, "0");
  const mantissaText = fractionDigits === 0 ? padded[0] : padded[0] + "." + padded.slice(1, fractionDigits + 1);
  return mantissaText + "e" + formatExponent(exponent);
}

/** C's `%+.02d`: sign always, at least two digits. */
export function formatExponent(exponent: number): string {
  const magnitude = Math.abs(exponent);
  return (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + magnitude;
}
