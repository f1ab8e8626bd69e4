// Scalar special functions in double precision, as PyTorch's Math.h computes them (digamma's
// series, polygamma through the Hurwitz zeta function, erfinv refined by Newton steps on erf).

import { erf } from "./special";

const PSI_10 = 2.25175258906672110764;
const DIGAMMA_A = [
  8.33333333333333333333e-2, -2.10927960927960927961e-2, 7.57575757575757575758e-3,
  -4.16666666666666666667e-3, 3.96825396825396825397e-3, -8.33333333333333333333e-3,
  8.33333333333333333333e-2,
];

const exact = (v: number): number => v;

/**
 * calc_digamma: reflection for negatives, recurrence up to 10, then the asymptotic series; `r`
 * rounds each step as the float32 overload computes in float.
 */
export function digamma(x: number, r: (v: number) => number = exact): number {
  if (x === 0) return Object.is(x, -0) ? Infinity : -Infinity;
  if (x < 0) {
    if (x === Math.trunc(x)) return NaN;
    const frac = x - Math.trunc(x);
    return r(digamma(r(1 - x), r) - r(Math.PI / Math.tan(Math.PI * frac)));
  }
  let result = 0;
  while (x < 10) {
    result = r(result - r(1 / x));
    x = r(x + 1);
  }
  if (x === 10) return r(result + PSI_10);
  let y = 0;
  if (x < 1e17) {
    const z = r(1 / r(x * x));
    let p = 0;
    for (const c of DIGAMMA_A) p = r(r(p * z) + r(c));
    y = r(z * p);
  }
  return r(r(r(result + r(Math.log(x))) - r(0.5 / x)) - y);
}

const ZETA_A = [
  12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9, 7.47242496e10,
  -2.950130727918164224e12, 1.1646782814350067249e14, -4.5979787224074726105e15,
  1.8152105401943546773e17, -7.1661652561756670113e18,
];

/** Cephes' Hurwitz zeta(x, q) = sum over k of (k + q)^-x, by Euler–Maclaurin summation. */
function zeta(x: number, q: number): number {
  if (x === 1) return Infinity;
  if (x < 1) return NaN;
  if (q <= 0) {
    if (q === Math.floor(q)) return Infinity;
    if (x !== Math.floor(x)) return NaN;
  }
  let s = Math.pow(q, -x);
  let a = q;
  let i = 0;
  let b = 0;
  while (i < 9 || a <= 9) {
    i += 1;
    a += 1;
    b = Math.pow(a, -x);
    s += b;
    if (Math.abs(b / s) < 1.1102230246251565e-16) return s;
  }
  const w = a;
  s += (b * w) / (x - 1) - 0.5 * b;
  let factor = 1;
  let k = 0;
  for (const c of ZETA_A) {
    factor *= x + k;
    b /= w;
    const t = (factor * b) / c;
    s += t;
    if (Math.abs(t / s) < 1.1102230246251565e-16) break;
    k += 1;
    factor *= x + k;
    b /= w;
    k += 1;
  }
  return s;
}

/** polygamma(n, x): digamma for n = 0, else (-1)^(n+1) n! zeta(n+1, x). */
export function polygamma(n: number, x: number): number {
  if (n === 0) return digamma(x);
  let factorial = 1;
  for (let k = 2; k <= n; k++) factorial *= k;
  return (n % 2 === 1 ? 1 : -1) * factorial * zeta(n + 1, x);
}

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** log|Γ(x)|: Lanczos for x ≥ 0.5, the reflection formula below. */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return Infinity;
  if (x <= 0 && x === Math.trunc(x)) return Infinity;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  if (x === 1 || x === 2) return 0;
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const ERFINV_A = [-0.140543331, 0.914624893, -1.645349621, 0.886226899];
const ERFINV_B = [0.012229801, -0.329097515, 1.442710462, -2.118377725, 1];
const ERFINV_C = [1.641345311, 3.429567803, -1.624906493, -1.970840454];
const ERFINV_D = [1.6370678, 3.5438892, 1];
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** calc_erfinv: a rational estimate, then two Newton steps on erf, each step rounded by `r`. */
export function erfinv(y: number, r: (v: number) => number = exact): number {
  const a = Math.abs(y);
  if (Number.isNaN(y) || a > 1) return NaN;
  if (a === 1) return y * Infinity;
  const horner = (z: number, c: readonly number[]): number => c.reduce((acc, k) => r(r(acc * z) + r(k)), 0);
  let x: number;
  if (a <= 0.7) {
    const z = r(y * y);
    x = r(r(y * horner(z, ERFINV_A)) / horner(z, ERFINV_B));
  } else {
    const z = r(Math.sqrt(r(-r(Math.log(r(r(1 - a) / 2))))));
    x = r((y < 0 ? -horner(z, ERFINV_C) : horner(z, ERFINV_C)) / horner(z, ERFINV_D));
  }
  const slope = r(TWO_OVER_SQRT_PI);
  for (let i = 0; i < 2; i++) x = r(x - r(r(r(erf(x)) - y) / r(slope * r(Math.exp(r(-x * x))))));
  return x;
}
