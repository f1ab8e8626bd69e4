import type { DType } from "../dtype";

// float32 arithmetic as PyTorch's AVX2 kernels do it: fused multiply-add, and exp as SLEEF's
// expf_u10 (what Vectorized<float>::exp calls), so results agree to the last bit.

/**
 * a*b + c rounded once to float32 (an FMA instruction), for float32 inputs. a*b is exact in
 * double; if the double sum lands exactly between two floats, its rounding error picks the side.
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = Math.fround(s);
  if (r === s || s - s !== 0) return r;
  const other = Math.fround(r + 2 * (s - r));
  if ((r + other) / 2 !== s) return r;
  const bp = s - c;
  const error = (c - (s - bp)) + (p - bp);
  if (error === 0) return r;
  return (error > 0) === (other > r) ? other : r;
}

const R_LN2 = Math.fround(1.442695040888963407359924681001892137426645954152985934135449406931);
const L2U = Math.fround(0.693145751953125);
const L2L = Math.fround(1.428606765330187045e-06);
const [E0, E1, E2, E3, E4, E5] = [
  0.000198527617612853646278381, 0.00139304355252534151077271, 0.00833336077630519866943359,
  0.0416664853692054748535156, 0.166666671633720397949219, 0.5,
].map(Math.fround);

/** Round half to even, as cvtps2dq does under the default rounding mode. */
function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** SLEEF xexpf (u10): Cody-Waite reduction by ln 2, a degree-6 polynomial, then scaling by 2^q. */
export function exp32(d: number): number {
  if (d !== d) return d;
  if (d > 100) return Infinity;
  if (d < -104) return 0;
  const q = rint(Math.fround(d * R_LN2));
  let s = fma32(q, -L2U, d);
  s = fma32(q, -L2L, s);
  const u = fma32(fma32(fma32(fma32(fma32(E0, s, E1), s, E2), s, E3), s, E4), s, E5);
  const v = Math.fround(1 + fma32(Math.fround(s * s), u, s));
  const half = q >> 1;
  return Math.fround(Math.fround(v * Math.pow(2, half)) * Math.pow(2, q - half));
}


/** A float32 value carried as an unevaluated sum hi + lo (SLEEF's vfloat2). */
type Pair = [number, number];

const f = Math.fround;

function twoSum(x: number, y: number): Pair {
  const s = f(x + y);
  const v = f(s - x);
  return [s, f(f(x - f(s - v)) + f(y - v))];
}

function addPairs(x: Pair, y: Pair): Pair {
  const s = f(x[0] + y[0]);
  return [s, f(f(f(f(x[0] - s) + y[0]) + x[1]) + y[1])];
}

function addPairValue(x: Pair, y: number): Pair {
  const s = f(x[0] + y);
  return [s, f(f(f(x[0] - s) + y) + x[1])];
}

function mulPairValue(x: Pair, y: number): Pair {
  const s = f(x[0] * y);
  return [s, fma32(x[1], y, fma32(x[0], y, -s))];
}

function dividePairs(n: Pair, d: Pair): Pair {
  const t = f(1 / d[0]);
  const s = f(n[0] * t);
  const u = fma32(t, n[0], -s);
  const v = fma32(-d[1], t, fma32(-d[0], t, 1));
  return [s, fma32(s, v, fma32(n[1], t, u))];
}

const LN2: Pair = [f(0.69314718246459960938), f(-1.904654323148236017e-09)];
const [L0, L1, L2] = [0.3027294874, 0.3996108174, 0.6666694880].map(f);
const SCALE_SUBNORMAL = 2 ** 64;
const view = new DataView(new ArrayBuffer(4));

function exponentBits(x: number): number {
  view.setFloat32(0, x);
  return ((view.getUint32(0) >>> 23) & 0xff) - 0x7f;
}

function addToExponent(x: number, q: number): number {
  view.setFloat32(0, x);
  view.setUint32(0, (view.getUint32(0) + (q << 23)) >>> 0);
  return view.getFloat32(0);
}

/** SLEEF xlogf_u1 (what Vectorized<float>::log calls): ln via atanh series in double-float. */
export function log32(d: number): number {
  if (d !== d || d < 0) return NaN;
  if (d === 0) return -Infinity;
  if (d === Infinity) return Infinity;
  const tiny = d < 1.1754943508222875e-38;
  const x0 = tiny ? f(d * SCALE_SUBNORMAL) : d;
  let e = exponentBits(f(x0 * f(1 / 0.75)));
  const m = addToExponent(x0, -e);
  if (tiny) e -= 64;
  let s = mulPairValue(LN2, e);
  const x = dividePairs(twoSum(-1, m), twoSum(1, m));
  const x2 = f(x[0] * x[0]);
  const t = fma32(fma32(L0, x2, L1), x2, L2);
  s = addPairs(s, [f(x[0] * 2), f(x[1] * 2)]);
  s = addPairValue(s, f(f(x2 * x[0]) * t));
  return f(s[0] + s[1]);
}

/** exp and log as the dtype's vectorised kernels compute them. */
export function expFor(dtype: DType): (x: number) => number {
  return dtype === "float32" ? exp32 : Math.exp;
}

export function logFor(dtype: DType): (x: number) => number {
  return dtype === "float32" ? log32 : Math.log;
}
