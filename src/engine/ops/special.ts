// Special functions JavaScript's Math lacks, accurate to double precision.

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/**
 * erf(x). Below 2.5 the series 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(2n+1)!! (all terms positive, so no
 * cancellation); above, 1 − erfc(x) with erfc's continued fraction, which converges fast there.
 */
export function erf(x: number): number {
  if (Number.isNaN(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x);
  const value = a < 2.5 ? erfSeries(a) : 1 - erfcContinuedFraction(a);
  return x < 0 ? -value : value;
}

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 0; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 3);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), by Lentz's method. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = d === 0 ? 1 / tiny : 1 / d;
    c = x + an / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

const f32 = Math.fround;
/** a·b + c rounded once to float32, as an FMA instruction computes it (the product is exact in a double). */
export const fma32 = (a: number, b: number, c: number): number => f32(a * b + c);

const R_LN2 = f32(1.442695040888963407359924681001892137426645954152985934135449406931);
const L2U = f32(0.693145751953125);
const L2L = f32(1.428606765330187045e-06);
const EXP_COEFFICIENTS = [
  0.000198527617612853646278381, 0.00139304355252534151077271, 0.00833336077630519866943359,
  0.0416664853692054748535156, 0.166666671633720397949219, 0.5,
].map(f32);

/** Round half to even, as C's nearbyint and the vector rint instruction do (Math.round rounds halves up). */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * SLEEF's expf_u10, which PyTorch's float32 exp (and sigmoid) kernels call: a Cody-Waite reduction
 * by ln 2 and a degree-6 polynomial, with FMAs. Within an ulp of exp, and equal to PyTorch's.
 */
export function expFloat32(d: number): number {
  const q = roundHalfEven(f32(d * R_LN2));
  let s = fma32(q, -L2U, d);
  s = fma32(q, -L2L, s);
  let u = EXP_COEFFICIENTS[0];
  for (let k = 1; k < EXP_COEFFICIENTS.length; k++) u = fma32(u, s, EXP_COEFFICIENTS[k]);
  u = f32(1 + fma32(f32(s * s), u, s));
  if (d < -104) return 0;
  if (d > 100) return Infinity;
  return f32(u * Math.pow(2, q));
}

const AS_P = f32(0.3275911);
const AS_COEFFICIENTS = [1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592].map(f32);

/**
 * PyTorch's AVX2 `Vectorized<float>::erf`: Abramowitz & Stegun 7.1.26 (absolute error ≤ 1.5e-7),
 * evaluated with FMAs. gelu's float32 kernel uses it whenever it runs vectorised (more than one
 * element), which shows in printed digits where 1 + erf(x) cancels.
 */
export function erfFloat32Vectorized(x: number): number {
  const a = Math.abs(x);
  const t = f32(1 / fma32(AS_P, a, 1));
  let r = AS_COEFFICIENTS[0];
  for (let k = 1; k < AS_COEFFICIENTS.length; k++) r = fma32(r, t, AS_COEFFICIENTS[k]);
  const e = f32(Math.exp(-f32(x * x)));
  const value = fma32(f32(-e * t), r, 1);
  return x < 0 ? -value : value;
}

const HALF_LN2 = 0.5 * Math.LN2;

/**
 * glibc's coshf, which PyTorch's float32 cosh calls for the elements its 16-wide vector loop leaves
 * over: ½eˣ + ½/eˣ in float32 steps, so it is off by an ulp where correctly rounded cosh is not.
 */
export function coshFloat32Scalar(x: number): number {
  const a = Math.abs(x);
  if (a < HALF_LN2) {
    const t = f32(Math.expm1(a));
    const w = f32(1 + t);
    return f32(1 + f32(f32(t * t) / f32(w + w)));
  }
  if (a < 22) {
    const t = f32(Math.exp(a));
    return f32(f32(0.5 * t) + f32(0.5 / t));
  }
  return f32(0.5 * f32(Math.exp(a)));
}
