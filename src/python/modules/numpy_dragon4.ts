// NumPy's float printing (numpy/core/src/multiarray/dragon4.c): the Dragon4 digit generator with
// its unique (shortest round-trip) and exact modes and digit cutoffs, and the positional and
// scientific layouts with NumPy's trim and padding rules. Ported with bigints.

type Trim = "k" | "." | "0" | "-";

interface FloatFormat {
  /** Shortest digits that identify the value (true), or exact digits up to the cutoff (false). */
  unique: boolean;
  /** Maximum digits (after the point when positional and fractional); -1 for none. */
  precision: number;
  /** Minimum digits, padding unique output with more exact digits; -1 for none. */
  minDigits: number;
  trim: Trim;
  sign: boolean;
  padLeft: number;
  padRight: number;
  expDigits: number;
}

export const DEFAULT_FORMAT: FloatFormat = {
  unique: true, precision: -1, minDigits: -1, trim: "k", sign: false, padLeft: -1, padRight: -1, expDigits: -1,
};

interface Decomposed {
  negative: boolean;
  mantissa: bigint;
  exponent: number;
  mantissaBit: number;
  unequalMargins: boolean;
}

const view = new DataView(new ArrayBuffer(8));

/** value = mantissa * 2**exponent, as Dragon4_PrintFloat_IEEE_binary32/64 factor it. */
function decompose(x: number, float32: boolean): Decomposed {
  let negative: boolean;
  let fraction: bigint;
  let biased: number;
  const [fractionBits, bias] = float32 ? [23, 127] : [52, 1023];
  if (float32) {
    view.setFloat32(0, x);
    const word = view.getUint32(0);
    negative = word >>> 31 === 1;
    biased = (word >>> 23) & 0xff;
    fraction = BigInt(word & 0x7fffff);
  } else {
    view.setFloat64(0, x);
    const word = view.getBigUint64(0);
    negative = word >> 63n === 1n;
    biased = Number((word >> 52n) & 0x7ffn);
    fraction = word & 0xfffffffffffffn;
  }
  if (biased !== 0) {
    return {
      negative,
      mantissa: (1n << BigInt(fractionBits)) | fraction,
      exponent: biased - bias - fractionBits,
      mantissaBit: fractionBits,
      unequalMargins: biased !== 1 && fraction === 0n,
    };
  }
  return {
    negative,
    mantissa: fraction,
    exponent: 1 - bias - fractionBits,
    mantissaBit: fraction === 0n ? 0 : fraction.toString(2).length - 1,
    unequalMargins: false,
  };
}

const LOG10_2 = 0.30102999566398119521373889472449;
const BUFFER_SIZE = 16384;

/** Dragon4: the digits (as a string) and the decimal exponent of the first one. */
function dragon4(
  d: Decomposed, unique: boolean, totalLength: boolean, cutoffMax: number, cutoffMin: number,
): [string, number] {
  const { mantissa, exponent, mantissaBit, unequalMargins } = d;
  if (mantissa === 0n) return ["0", 0];
  const isEven = (mantissa & 1n) === 0n;
  let value: bigint;
  let scale: bigint;
  let marginLow: bigint;
  if (exponent > 0) {
    value = mantissa << BigInt(exponent + (unequalMargins ? 2 : 1));
    scale = unequalMargins ? 4n : 2n;
    marginLow = 1n << BigInt(exponent);
  } else {
    value = mantissa << (unequalMargins ? 2n : 1n);
    scale = 1n << BigInt(-exponent + (unequalMargins ? 2 : 1));
    marginLow = 1n;
  }
  const high = (): bigint => (unequalMargins ? marginLow * 2n : marginLow);
  let digitExponent = Math.ceil((mantissaBit + exponent) * LOG10_2 - 0.69);
  if (cutoffMax >= 0 && !totalLength && digitExponent <= -cutoffMax) digitExponent = -cutoffMax + 1;
  if (digitExponent > 0) {
    scale *= 10n ** BigInt(digitExponent);
  } else if (digitExponent < 0) {
    const pow10 = 10n ** BigInt(-digitExponent);
    value *= pow10;
    marginLow *= pow10;
  }
  if (value >= scale) {
    digitExponent += 1;
  } else {
    value *= 10n;
    marginLow *= 10n;
  }
  let cutoffMaxExponent = digitExponent - BUFFER_SIZE;
  if (cutoffMax >= 0) cutoffMaxExponent = Math.max(cutoffMaxExponent, totalLength ? digitExponent - cutoffMax : -cutoffMax);
  let cutoffMinExponent = digitExponent;
  if (cutoffMin >= 0) cutoffMinExponent = Math.min(cutoffMinExponent, totalLength ? digitExponent - cutoffMin : -cutoffMin);
  let outExponent = digitExponent - 1;
  let digits = "";
  let low = false;
  let highOk = false;
  let digit: number;
  for (;;) {
    digitExponent -= 1;
    digit = Number(value / scale);
    value %= scale;
    if (unique) {
      low = isEven ? value <= marginLow : value < marginLow;
      const top = value + high();
      highOk = isEven ? top >= scale : top > scale;
      if (((low || highOk) && digitExponent <= cutoffMinExponent) || digitExponent === cutoffMaxExponent) break;
    } else if (value === 0n || digitExponent === cutoffMaxExponent) {
      break;
    }
    digits += String(digit);
    value *= 10n;
    marginLow *= 10n;
  }
  let roundDown = low;
  if (low === highOk) {
    const doubled = value * 2n;
    roundDown = doubled < scale || (doubled === scale && (digit & 1) === 0);
  }
  if (roundDown) return [digits + String(digit), outExponent];
  if (digit < 9) return [digits + String(digit + 1), outExponent];
  const kept = digits.replace(/9+$/, "");
  if (kept === "") {
    outExponent += 1;
    return ["1", outExponent];
  }
  return [kept.slice(0, -1) + String(Number(kept[kept.length - 1]) + 1), outExponent];
}

function signOf(d: Decomposed, opt: FloatFormat): string {
  return d.negative ? "-" : opt.sign ? "+" : "";
}

function specialValue(x: number, opt: FloatFormat): string | null {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return (x < 0 ? "-" : opt.sign ? "+" : "") + "inf";
  return null;
}

/** Trailing-zero trimming shared by both layouts; returns the text and its fraction digit count. */
function trimZeros(body: string, fraction: number, trim: Trim, positional: boolean): [string, number] {
  if (trim === "k" || fraction === 0) return [body, fraction];
  while (body.endsWith("0")) {
    body = body.slice(0, -1);
    fraction -= 1;
  }
  if (body.endsWith(".")) {
    if (trim === "0") {
      body += "0";
      fraction += 1;
    } else if (trim === "-" && positional) {
      body = body.slice(0, -1);
    }
  }
  return [body, fraction];
}

/** format_float_positional. `fractional` cuts at digits after the point, not significant digits. */
export function formatPositional(x: number, float32: boolean, opt: FloatFormat, fractional = true): string {
  const special = specialValue(x, opt);
  if (special !== null) return special;
  const d = decompose(x, float32);
  const sign = signOf(d, opt);
  const [digits, exp10] = dragon4(d, opt.unique, !fractional, opt.precision, opt.minDigits);
  let body: string;
  let fraction: number;
  let whole: number;
  if (exp10 >= 0) {
    whole = exp10 + 1;
    if (digits.length <= whole) {
      body = digits + "0".repeat(whole - digits.length);
      fraction = 0;
    } else {
      body = `${digits.slice(0, whole)}.${digits.slice(whole)}`;
      fraction = digits.length - whole;
    }
  } else {
    whole = 1;
    body = `0.${"0".repeat(-(exp10 + 1))}${digits}`;
    fraction = -(exp10 + 1) + digits.length;
  }
  if (opt.trim !== "-" && fraction === 0) body += ".";
  const add = opt.unique ? opt.minDigits : opt.precision;
  const desired = fractional ? Math.max(add, 0) : add - whole;
  if (opt.trim === "0" && fraction === 0) {
    body += "0";
    fraction = 1;
  } else if (opt.trim === "k" && desired > fraction) {
    body += "0".repeat(desired - fraction);
    fraction = desired;
  }
  [body, fraction] = trimZeros(body, fraction, opt.trim, true);
  if (opt.padRight >= fraction) {
    if (opt.trim === "-" && fraction === 0) body += " ";
    body += " ".repeat(opt.padRight - fraction);
  }
  const text = sign + body;
  const left = opt.padLeft - (whole + sign.length);
  return left > 0 ? " ".repeat(left) + text : text;
}

/** format_float_scientific. */
export function formatScientific(x: number, float32: boolean, opt: FloatFormat): string {
  const special = specialValue(x, opt);
  if (special !== null) return special;
  const d = decompose(x, float32);
  const sign = signOf(d, opt);
  const [digits, exp10] = dragon4(d, opt.unique, true, opt.precision < 0 ? -1 : opt.precision + 1, opt.minDigits < 0 ? -1 : opt.minDigits + 1);
  let fraction = digits.length - 1;
  let body = fraction > 0 ? `${digits[0]}.${digits.slice(1)}` : digits[0];
  if (opt.trim !== "-" && fraction === 0) body += ".";
  const add = Math.max(opt.unique ? opt.minDigits : opt.precision, 0);
  if (opt.trim === "0" && fraction === 0) {
    body += "0";
    fraction = 1;
  } else if (opt.trim === "k" && add > fraction) {
    body += "0".repeat(add - fraction);
    fraction = add;
  }
  [body] = trimZeros(body, fraction, opt.trim, false);
  const expDigits = opt.expDigits < 0 ? 2 : Math.min(opt.expDigits, 5);
  const exponent = `e${exp10 < 0 ? "-" : "+"}${String(Math.abs(exp10)).padStart(expDigits, "0")}`;
  const left = opt.padLeft - (1 + sign.length);
  return (left > 0 ? " ".repeat(left) : "") + sign + body + exponent;
}

/** repr() of a NumPy float scalar: positional between 1e-4 and 1e16, scientific outside. */
export function floatScalarRepr(x: number, float32: boolean): string {
  const a = Math.abs(x);
  if (a === 0 || (a >= 1e-4 && a < 1e16) || !Number.isFinite(x)) {
    return formatPositional(x, float32, { ...DEFAULT_FORMAT, trim: "0" });
  }
  return formatScientific(x, float32, { ...DEFAULT_FORMAT, trim: "-" });
}
