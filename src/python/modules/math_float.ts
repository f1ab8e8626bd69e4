// The float-level helpers of CPython's mathmodule.c that JavaScript lacks: frexp/ldexp/modf,
// nextafter/ulp, IEEE remainder, hypot's vector_norm and fsum's exact partial sums.

import { PyException, valueError } from "../errors";
import { frexp } from "./random_seed";

export { frexp };

const bits = new DataView(new ArrayBuffer(8));

function signBit(x: number): boolean {
  bits.setFloat64(0, x);
  return (bits.getUint8(0) & 0x80) !== 0;
}

export function copysign(x: number, y: number): number {
  return signBit(y) ? -Math.abs(x) : Math.abs(x);
}

/** x * 2**e with a single rounding, even when the result is subnormal. */
export function ldexp(x: number, e: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const [m, ex] = frexp(x);
  const exponent = ex + e;
  if (exponent > 1024) return copysign(Infinity, x);
  if (exponent >= -1021) return m * 2 * 2 ** (exponent - 1);
  if (exponent < -1100) return copysign(0, x);
  return m * 2 ** (exponent + 128) * 2 ** -128;
}

/** C's modf: the fractional and integral parts, both with x's sign. */
export function modf(x: number): [number, number] {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? [x, x] : [copysign(0, x), x];
  const whole = Math.trunc(x);
  return [copysign(x - whole, x), whole];
}

export function nextafter(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === y) return y;
  if (x === 0) return copysign(Number.MIN_VALUE, y);
  bits.setFloat64(0, x);
  const word = bits.getBigUint64(0);
  bits.setBigUint64(0, (y > x) === (x > 0) ? word + 1n : word - 1n);
  return bits.getFloat64(0);
}

export function ulp(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  if (a === Infinity) return a;
  const up = nextafter(a, Infinity);
  return up === Infinity ? a - nextafter(a, -Infinity) : up - a;
}

/** IEEE 754 remainder (m_remainder): x - n*y with n the nearest integer, ties to even. */
export function remainder(x: number, y: number): number {
  if (Number.isFinite(x) && Number.isFinite(y)) {
    if (y === 0) return NaN;
    const absx = Math.abs(x);
    const absy = Math.abs(y);
    const m = absx % absy;
    const c = absy - m;
    const r = m < c ? m : m > c ? -c : m - 2 * ((0.5 * (absx - m)) % absy);
    return copysign(1, x) * r;
  }
  if (Number.isNaN(x)) return x;
  if (Number.isNaN(y)) return y;
  if (!Number.isFinite(x)) return NaN;
  return x;
}

/** CPython's vector_norm: scaled, Veltkamp-split squares, compensated sum, corrected sqrt. */
export function vectorNorm(vec: readonly number[]): number {
  let max = 0;
  let foundNan = false;
  for (const x of vec) {
    foundNan ||= Number.isNaN(x);
    if (x > max) max = x;
  }
  if (max === Infinity) return max;
  if (foundNan) return NaN;
  if (max === 0 || vec.length <= 1) return max;
  const T27 = 134217729;
  const [, maxE] = frexp(max);
  let csum = 1;
  let frac1 = 0;
  let frac2 = 0;
  let frac3 = 0;
  const add = (x: number): number => {
    const old = csum;
    csum += x;
    return old - csum + x;
  };
  if (maxE < -1023) {
    for (const v of vec) frac1 += add((v / max) * (v / max));
    return max * Math.sqrt(csum - 1 + frac1);
  }
  const scale = ldexp(1, -maxE);
  for (const v of vec) {
    const x = v * scale;
    const t = x * T27;
    const hi = t - (t - x);
    const lo = x - hi;
    frac1 += add(hi * hi);
    frac2 += add(2 * hi * lo);
    frac3 += lo * lo;
  }
  const h = Math.sqrt(csum - 1 + (frac1 + frac2 + frac3));
  const t = h * T27;
  const hi = t - (t - h);
  const lo = h - hi;
  frac1 += add(-hi * hi);
  frac2 += add(-2 * hi * lo);
  frac3 += add(-lo * lo);
  const x = csum - 1 + (frac1 + frac2 + frac3);
  return (h + x / (2 * h)) / scale;
}

/** math.fsum: Shewchuk's exact partial sums, correctly rounded (half-even) at the end. */
export function fsum(values: Iterable<number>): number {
  const partials: number[] = [];
  let specialSum = 0;
  let infSum = 0;
  for (const value of values) {
    let x = value;
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    if (x === 0) continue;
    if (!Number.isFinite(x)) {
      if (Number.isFinite(value)) throw new PyException("OverflowError", "intermediate overflow in fsum");
      if (!Number.isNaN(value)) infSum += value;
      specialSum += value;
      partials.length = 0;
    } else {
      partials.push(x);
    }
  }
  if (specialSum !== 0) {
    if (Number.isNaN(infSum)) throw valueError("-inf + inf in fsum");
    return specialSum;
  }
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n];
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
