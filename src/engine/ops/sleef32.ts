// float32 sin, cos, pow and tanh as PyTorch's AVX2 CPU kernels compute them, through SLEEF 3.5's
// sinf8_u10, cosf8_u10, powf8_u10 and tanhf8_u10 (double-float arithmetic with FMA). sin, cos and
// tanh run every element through them (vml's vec::map loads the tail as a partial vector); pow only
// the 16-wide blocks of cpu_kernel_vec, its tail going to std::pow in double. Their results are not
// always the nearest float, so a correctly rounded Math.sin disagrees in the last bit, which
// training loops over sin(x) data turn into different printed digits.

import { fma32 } from "./float32_math";

const f = Math.fround;

/** Round half to even (vroundps and cvtps2dq under the default rounding mode). */
function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// SLEEF's df.h, FMA flavour, on float32 values carried as unevaluated sums hi + lo (its vfloat2).
// Each helper leaves its result in `hi` and `lo`, so no pair is allocated per element; callers copy
// them out at once. Names are SLEEF's without the vector types; "(big)" ones need |x| ≥ |y|.

let hi = 0;
let lo = 0;

/** dfadd_vf2_vf_vf (big). */
function addValues(x: number, y: number): void {
  hi = f(x + y);
  lo = f(f(x - hi) + y);
}

/** dfadd2_vf2_vf_vf. */
function add2Values(x: number, y: number): void {
  const s = f(x + y);
  const v = f(s - x);
  hi = s;
  lo = f(f(x - f(s - v)) + f(y - v));
}

/** dfadd_vf2_vf2_vf (big). */
function addPairValue(xh: number, xl: number, y: number): void {
  hi = f(xh + y);
  lo = f(f(f(xh - hi) + y) + xl);
}

/** dfadd2_vf2_vf2_vf. */
function add2PairValue(xh: number, xl: number, y: number): void {
  const s = f(xh + y);
  const v = f(s - xh);
  hi = s;
  lo = f(f(f(xh - f(s - v)) + f(y - v)) + xl);
}

/** dfadd_vf2_vf_vf2 (big). */
function addValuePair(x: number, yh: number, yl: number): void {
  hi = f(x + yh);
  lo = f(f(f(x - hi) + yh) + yl);
}

/** dfadd_vf2_vf2_vf2 (big). */
function addPairs(xh: number, xl: number, yh: number, yl: number): void {
  hi = f(xh + yh);
  lo = f(f(f(f(xh - hi) + yh) + xl) + yl);
}

/** dfadd2_vf2_vf2_vf2. */
function add2Pairs(xh: number, xl: number, yh: number, yl: number): void {
  const s = f(xh + yh);
  const v = f(s - xh);
  hi = s;
  lo = f(f(f(xh - f(s - v)) + f(yh - v)) + f(xl + yl));
}

function square(xh: number, xl: number): void {
  const s = f(xh * xh);
  hi = s;
  lo = fma32(f(xh + xh), xl, fma32(xh, xh, -s));
}

function multiplyPairs(xh: number, xl: number, yh: number, yl: number): void {
  const s = f(xh * yh);
  hi = s;
  lo = fma32(xh, yl, fma32(xl, yh, fma32(xh, yh, -s)));
}

function multiplyPairValue(xh: number, xl: number, y: number): void {
  const s = f(xh * y);
  hi = s;
  lo = fma32(xl, y, fma32(xh, y, -s));
}

function dividePairs(nh: number, nl: number, dh: number, dl: number): void {
  const t = f(1 / dh);
  const s = f(nh * t);
  const u = fma32(t, nh, -s);
  const v = fma32(-dl, t, fma32(-dh, t, 1));
  hi = s;
  lo = fma32(s, v, fma32(nl, t, u));
}

// --- sin and cos (xsinf_u1, xcosf_u1)

const M_1_PI = f(0.318309886183790671537767526745028724);
const PI_A2 = f(3.1414794921875);
const PI_B2 = f(0.00011315941810607910156);
const PI_C2 = f(1.9841872589410058936e-09);
/** Beyond it SLEEF reduces by Payne-Hanek (rempif), which this port does not carry. */
const TRIG_RANGE_MAX = 125;
const [S0, S1, S2, S3] = [2.6083159809786593541503e-06, -0.0001981069071916863322258, 0.00833307858556509017944336,
  -0.166666597127914428710938].map(f);

/** The tail xsinf_u1 and xcosf_u1 share: t·(1 + s·(S3 + s·poly(s))) with s = t², rounded once. */
function sinKernel(th: number, tl: number): number {
  square(th, tl);
  const sh = hi;
  const sl = lo;
  const u = fma32(fma32(S0, sh, S1), sh, S2);
  addValues(S3, f(u * sh));
  multiplyPairs(hi, lo, sh, sl);
  addValuePair(1, hi, lo);
  // dfmul_vf_vf2_vf2: t·x rounded to one float.
  return fma32(th, hi, fma32(tl, hi, f(th * lo)));
}

/** SLEEF xsinf_u1 for float32 `d`; |d| ≥ 125 falls back to the correctly rounded value. */
export function sin32(d: number): number {
  if (!(Math.abs(d) < TRIG_RANGE_MAX)) return f(Math.sin(d));
  if (Object.is(d, -0)) return d;
  const u = rint(f(d * M_1_PI));
  add2Values(fma32(u, -PI_A2, d), f(u * -PI_B2));
  addPairValue(hi, lo, f(u * -PI_C2));
  const r = sinKernel(hi, lo);
  return (u & 1) === 1 ? -r : r;
}

/** SLEEF xcosf_u1 for float32 `d`; |d| ≥ 125 falls back to the correctly rounded value. */
export function cos32(d: number): number {
  if (!(Math.abs(d) < TRIG_RANGE_MAX)) return f(Math.cos(d));
  const dq = fma32(rint(fma32(d, M_1_PI, -0.5)), 2, 1);
  add2Values(d, f(dq * f(-PI_A2 * 0.5)));
  add2PairValue(hi, lo, f(dq * f(-PI_B2 * 0.5)));
  add2PairValue(hi, lo, f(dq * f(-PI_C2 * 0.5)));
  const r = sinKernel(hi, lo);
  return (dq & 2) === 0 ? -r : r;
}

// --- pow (xpowf: expkf(logkf(|x|)·y) and IEEE's special cases)

const FLT_MIN = 1.1754943508222875e-38;
const [LN2_HI, LN2_LO] = [0.69314718246459960938, -1.904654323148236017e-09].map(f);
const [LOG_C_HI, LOG_C_LO] = [0.66666662693023681640625, 3.69183861259614332084311e-09].map(f);
const [G0, G1, G2] = [0.240320354700088500976562, 0.285112679004669189453125, 0.400007992982864379882812].map(f);
const R_LN2 = f(1.442695040888963407359924681001892137426645954152985934135449406931);
const L2U = f(0.693145751953125);
const L2L = f(1.428606765330187045e-06);
const [H0, H1, H2, H3, H4] = [0.00136324646882712841033936, 0.00836596917361021041870117, 0.0416710823774337768554688,
  0.166665524244308471679688, 0.499999850988388061523438].map(f);

const floatCell = new Float32Array(1);
const intCell = new Int32Array(floatCell.buffer);

function floatBits(x: number): number {
  floatCell[0] = x;
  return intCell[0];
}

function fromBits(b: number): number {
  intCell[0] = b;
  return floatCell[0];
}

/** logkf: ln d (d > 0) into hi + lo. */
function logPair(d: number): void {
  const tiny = d < FLT_MIN;
  const x0 = tiny ? f(d * 2 ** 64) : d;
  let e = ((floatBits(f(x0 * f(1 / 0.75))) >> 23) & 0xff) - 0x7f;
  const m = fromBits(floatBits(x0) - (e << 23));
  if (tiny) e -= 64;
  add2Values(1, m);
  const dh = hi;
  const dl = lo;
  add2Values(-1, m);
  dividePairs(hi, lo, dh, dl);
  const xh = hi;
  const xl = lo;
  square(xh, xl);
  const x2h = hi;
  const x2l = lo;
  const t = fma32(fma32(G0, x2h, G1), x2h, G2);
  multiplyPairValue(x2h, x2l, t);
  add2Pairs(hi, lo, LOG_C_HI, LOG_C_LO);
  const ch = hi;
  const cl = lo;
  multiplyPairs(x2h, x2l, xh, xl);
  multiplyPairs(hi, lo, ch, cl);
  const ph = hi;
  const pl = lo;
  multiplyPairValue(LN2_HI, LN2_LO, e);
  addPairs(hi, lo, f(xh * 2), f(xl * 2));
  addPairs(hi, lo, ph, pl);
}

/** vldexp_vf_vf_vi2: x·2^q in four scaled steps, so huge and tiny q saturate as SLEEF's do. */
function ldexp(x: number, q: number): number {
  let m = q >> 31;
  m = (((m + q) >> 6) - m) << 4;
  const rest = q - (m << 2);
  m = Math.min(Math.max(m + 0x7f, 0), 0xff);
  const u = fromBits(m << 23);
  return f(f(f(f(f(x * u) * u) * u) * u) * fromBits((rest + 0x7f) << 23));
}

/** expkf: e^(dh + dl). */
function expPair(dh: number, dl: number): number {
  const q = rint(f(f(dh + dl) * R_LN2));
  add2PairValue(dh, dl, f(q * -L2U));
  add2PairValue(hi, lo, f(q * -L2L));
  // dfnormalize_vf2_vf2
  const sh = f(hi + lo);
  const sl = f(f(hi - sh) + lo);
  const u = fma32(fma32(fma32(fma32(H0, sh, H1), sh, H2), sh, H3), sh, H4);
  square(sh, sl);
  multiplyPairValue(hi, lo, u);
  addPairs(sh, sl, hi, lo);
  addValuePair(1, hi, lo);
  return dh < -104 ? 0 : ldexp(f(hi + lo), q);
}

/** SLEEF xpowf for float32 x and y. */
export function pow32(x: number, y: number): number {
  const yIsInt = Math.trunc(y) === y || Math.abs(y) > 2 ** 24;
  const yIsOdd = yIsInt && Math.abs(y) < 2 ** 24 && (Math.trunc(y) & 1) === 1;
  if (Number.isNaN(x) || Number.isNaN(y)) return y === 0 || x === 1 ? 1 : NaN;
  if (y === 0 || x === 1) return 1;
  if (x === 0 || !Number.isFinite(x)) {
    const sign = yIsOdd ? (x < 0 || Object.is(x, -0) ? -1 : 1) : 1;
    return sign * ((x === 0 ? -y : y) < 0 ? 0 : Infinity);
  }
  if (!Number.isFinite(y)) {
    const efx = (Math.abs(x) - 1) * Math.sign(y);
    return efx < 0 ? 0 : efx === 0 ? 1 : Infinity;
  }
  logPair(Math.abs(x));
  multiplyPairValue(hi, lo, y);
  let result = expPair(hi, lo);
  if (Number.isNaN(result)) result = Infinity;
  return x > 0 ? result : yIsInt ? (yIsOdd ? -result : result) : NaN;
}

// --- tanh (xtanhf, the u10 kernel Vectorized<float>::tanh calls)
// It runs on every activation of a network, so it works on locals and hands pairs over in `exp2`
// (a module variable or a call returning a double would box it). fma(x, y, -f(x·y)) is written
// x·y − f(x·y): that error term is exact in double and a float32, so no rounding is lost.

const [K0, K1, K2, K3] = [0.1980960224e-3, 0.1394256484e-2, 0.8333456703e-2, 0.4166637361e-1].map(f);
const K4 = f(0.166666659414234244790680580464);
const TANH_SATURATION = f(8.664339742);
const exp2 = new Float64Array(2);

/** fma32 with its common exit small enough to inline: a double sum off any float32 midpoint rounds right. */
function fma(a: number, b: number, c: number): number {
  const s = a * b + c;
  const r = f(s);
  return r === s || (r + f(r + 2 * (s - r))) / 2 !== s ? r : fma32(a, b, c);
}

/** expk2f(y, 0) for 0 ≤ y ≤ 8.67 into `exp2`: reduce by q·ln2, then 1 + s + s²·((s·u + K4)·s + 1/2), times 2^q. */
function expPairOf(y: number): void {
  const q = rint(f(y * R_LN2));
  const a = f(q * -L2U);
  const s0 = f(y + a);
  const v0 = f(s0 - y);
  const l0 = f(f(f(y - f(s0 - v0)) + f(a - v0)) + 0);
  const b = f(q * -L2L);
  const sh = f(s0 + b);
  const v1 = f(sh - s0);
  const sl = f(f(f(s0 - f(sh - v1)) + f(b - v1)) + l0);
  const u = fma(fma(fma(K0, sh, K1), sh, K2), sh, K3);
  const m0 = f(sh * u);
  const ml0 = fma(sl, u, sh * u - m0);
  const t0 = f(m0 + K4);
  const w0 = f(t0 - m0);
  const tl0 = f(f(f(m0 - f(t0 - w0)) + f(K4 - w0)) + ml0);
  const m1 = f(sh * t0);
  const ml1 = fma(sh, tl0, fma(sl, t0, sh * t0 - m1));
  const t1 = f(m1 + 0.5);
  const w1 = f(t1 - m1);
  const tl1 = f(f(f(m1 - f(t1 - w1)) + f(0.5 - w1)) + ml1);
  const qh = f(sh * sh);
  const ql = fma(f(sh + sh), sl, sh * sh - qh);
  const ph = f(qh * t1);
  const pl = fma(qh, tl1, fma(ql, t1, qh * t1 - ph));
  const t2 = f(sh + ph);
  const w2 = f(t2 - sh);
  const tl2 = f(f(f(sh - f(t2 - w2)) + f(ph - w2)) + f(sl + pl));
  const one = f(1 + t2);
  const scale = 2 ** q; // vldexp2: exact for these small q
  exp2[0] = one * scale;
  exp2[1] = f(f(f(1 - one) + t2) + tl2) * scale;
}

/** (d − 1/d) / (d + 1/d) for the pair d in `exp2`, into exp2[0]: dfrec, dfadd twice, dfdiv. */
function ratioOfPair(): void {
  const dh = exp2[0];
  const dl = exp2[1];
  const eh = f(1 / dh);
  const el = f(eh * fma(-dl, eh, fma(-dh, eh, 1)));
  const nh = f(dh - eh);
  const nl = f(f(f(f(dh - nh) - eh) + dl) - el);
  const mh = f(dh + eh);
  const ml = f(f(f(f(dh - mh) + eh) + dl) + el);
  const t = f(1 / mh);
  const qh = f(nh * t);
  const v = fma(-ml, t, fma(-mh, t, 1));
  exp2[0] = f(qh + fma(qh, v, fma(nl, t, t * nh - qh)));
}

/**
 * SLEEF xtanhf: (e^|x| − e^−|x|) / (e^|x| + e^−|x|) in double-float, signed like x. On
 * 0.001 ≤ |x| ≤ 4 its error before the last rounding stays under 0.015 float32 ulp, so the
 * correctly rounded tanh agrees with it wherever tanh lies over 1/64 ulp (t·2^-29, at least) from a
 * rounding midpoint; only the rest (about 5%) take the long way. Checked against the long way on
 * every float32 in that range, both signs.
 */
export function tanh32(x: number): number {
  const y = Math.abs(x);
  if (y >= 0.001 && y <= 4) {
    const t = Math.tanh(y);
    const r = f(t);
    const margin = t * 2 ** -29;
    if (f(t + margin) === r && f(t - margin) === r) return x < 0 ? -r : r;
  }
  return sleefTanh(x);
}

function sleefTanh(x: number): number {
  if (x !== x) return NaN;
  const y = Math.abs(x);
  let r = 1;
  if (!(y > TANH_SATURATION)) {
    expPairOf(y);
    ratioOfPair();
    r = exp2[0];
    if (r !== r) r = 1;
  }
  return x < 0 || Object.is(x, -0) ? -r : r;
}
