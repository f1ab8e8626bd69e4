/**
 * CPython's `repr(float)` (also `str(float)`): the shortest digits that
 * round-trip, laid out with an exponent only when the decimal exponent is
 * below -4 or at least 16, and with `.0` on integral values.
 */

// repr switches to exponent notation outside [1e-4, 1e16).
const MIN_FIXED_EXPONENT = -4;
const MAX_FIXED_EXPONENT = 15;

export function formatFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  // JS picks the same shortest (and, among those, closest) digits as CPython;
  // only the layout differs, so take them from the exponent form.
  const text = Math.abs(x).toExponential();
  const e = text.indexOf("e");
  const exponent = Number(text.slice(e + 1));
  const digits = e > 1 ? text[0] + text.slice(2, e) : text[0];
  if (exponent < MIN_FIXED_EXPONENT || exponent > MAX_FIXED_EXPONENT) {
    return sign + scientific(digits, exponent);
  }
  return sign + positional(digits, exponent);
}

function scientific(digits: string, exponent: number): string {
  const mantissa = digits.length === 1 ? digits : digits[0] + "." + digits.slice(1);
  const magnitude = Math.abs(exponent);
  return mantissa + (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + magnitude;
}

function positional(digits: string, exponent: number): string {
  if (exponent < 0) return "0." + "0".repeat(-exponent - 1) + digits;
  const intLength = exponent + 1;
  if (digits.length <= intLength) return digits + "0".repeat(intLength - digits.length) + ".0";
  return digits.slice(0, intLength) + "." + digits.slice(intLength);
}
