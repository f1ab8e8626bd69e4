// The float32 log and sincos of PyTorch's avx_mathfun.h (cephes polynomials), as its x86 AVX2
// build computes them: every `mul` followed by an `add` of the product was compiled into one fused
// multiply-add (read off libtorch_cpu's machine code), so the roundings here follow those FMAs.

import { fma32 } from "./fp";

const f = Math.fround;

const bits = new Float32Array(1);
const bitsInt = new Int32Array(bits.buffer);

const MIN_NORMAL = 1.1754943508222875e-38; // smallest positive normal float
const SQRT_HALF = f(0.707106781186547524);
const LOG_P = [
  7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f);
const LOG_Q1 = f(-2.12194440e-4);
const LOG_Q2 = f(0.693359375);

/** log256_ps for one lane; its argument here is always in (0, 1]. */
export function logPs(value: number): number {
  bits[0] = Math.max(value, MIN_NORMAL);
  const exponent = (bitsInt[0] >>> 23) - 0x7f;
  bitsInt[0] = (bitsInt[0] & ~0x7f800000) | 0x3f000000; // mantissa with 0.5's exponent
  let x = bits[0];
  let e = exponent + 1;
  const below = x < SQRT_HALF;
  const tmp = below ? x : 0;
  x = f(x - 1);
  if (below) e -= 1;
  const eQ1 = f(e * LOG_Q1);
  x = f(tmp + x);
  let y = LOG_P[0];
  for (let k = 1; k < LOG_P.length; k++) y = fma32(y, x, LOG_P[k]);
  const z = f(x * x);
  y = f(x * y);
  y = fma32(y, z, eQ1);
  y = fma32(-z, 0.5, y);
  x = f(x + y);
  return fma32(e, LOG_Q2, x);
}

const FOUR_OVER_PI = f(1.27323954473516);
const MINUS_DP1 = f(-0.78515625);
const MINUS_DP2 = f(-2.4187564849853515625e-4);
const MINUS_DP3 = f(-3.77489497744594108e-8);
const SIN_P0 = f(-1.9515295891e-4);
const SIN_P1 = f(8.3321608736e-3);
const SIN_P2 = f(-1.6666654611e-1);
const COS_P0 = f(2.443315711809948e-5);
const COS_P1 = f(-1.388731625493765e-3);
const COS_P2 = f(4.166664568298827e-2);

/** sincos256_ps for one lane, writing [sin, cos] into `out`. */
export function sinCosPs(value: number, out: Float64Array): void {
  let x = Math.abs(value);
  const y = f(x * FOUR_OVER_PI);
  const j = ((Math.trunc(y) | 0) + 1) & ~1;
  const quadrant = f(j);
  x = fma32(quadrant, MINUS_DP1, x);
  x = fma32(quadrant, MINUS_DP2, x);
  x = fma32(quadrant, MINUS_DP3, x);
  const negateSin = (value < 0) !== ((j & 4) !== 0);
  const negateCos = (~(j - 2) & 4) !== 0;
  const z = f(x * x);
  let cosPoly = fma32(COS_P0, z, COS_P1);
  cosPoly = fma32(cosPoly, z, COS_P2);
  cosPoly = f(z * cosPoly);
  cosPoly = fma32(cosPoly, z, -f(z * 0.5));
  cosPoly = f(cosPoly + 1);
  let sinPoly = fma32(SIN_P0, z, SIN_P1);
  sinPoly = fma32(sinPoly, z, SIN_P2);
  sinPoly = f(z * sinPoly);
  sinPoly = fma32(sinPoly, x, x);
  const swap = (j & 2) !== 0;
  const s = swap ? cosPoly : sinPoly;
  const c = swap ? sinPoly : cosPoly;
  out[0] = negateSin ? -s : s;
  out[1] = negateCos ? -c : c;
}
