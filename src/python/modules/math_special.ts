// gamma, lgamma, erf and erfc as CPython's mathmodule.c computes them: the Lanczos approximation
// (Boost's N=13, g=6.0247 parameters) with its error correction, and the series / continued
// fraction pair for the error functions. Each returns the value and the errno C would set.

export type Errno = 0 | "EDOM" | "ERANGE";

const LANCZOS_G = 6.024680040776729583740234375;
const LANCZOS_G_MINUS_HALF = 5.524680040776729583740234375;
const LANCZOS_NUM = [
  23531376880.410759688572007674451636754734846804940, 42919803642.649098768957899047001988850926355848959,
  35711959237.355668049440185451547166705960488635843, 17921034426.037209699919755754458931112671403265390,
  6039542586.3520280050642916443072979210699388420708, 1439720407.3117216736632230727949123939715485786772,
  248874557.86205415651146038641322942321632125127801, 31426415.585400194380614231628318205362874684987640,
  2876370.6289353724412254090516208496135991145378768, 186056.26539522349504029498971604569928220784236328,
  8071.6720023658162106380029022722506138218516325024, 210.82427775157934587250973392071336271166969580291,
  2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN = [0, 39916800, 120543840, 150917976, 105258076, 45995730, 13339535, 2637558, 357423, 32670, 1925, 66, 1];
const GAMMA_INTEGRAL = [
  1, 1, 2, 6, 24, 120, 720, 5040, 40320, 362880, 3628800, 39916800, 479001600, 6227020800, 87178291200,
  1307674368000, 20922789888000, 355687428096000, 6402373705728000, 121645100408832000,
  2432902008176640000, 51090942171709440000, 1124000727777607680000,
];
const LOG_PI = 1.144729885849400174143427351353058711647;
const SQRT_PI = 1.772453850905516027298167483341145182798;

function lanczosSum(x: number): number {
  let num = 0;
  let den = 0;
  if (x < 5) {
    for (let i = LANCZOS_NUM.length - 1; i >= 0; i--) {
      num = num * x + LANCZOS_NUM[i];
      den = den * x + LANCZOS_DEN[i];
    }
  } else {
    for (let i = 0; i < LANCZOS_NUM.length; i++) {
      num = num / x + LANCZOS_NUM[i];
      den = den / x + LANCZOS_DEN[i];
    }
  }
  return num / den;
}

/** sin(pi * x), exact at the integers and half-integers. */
function sinpi(x: number): number {
  const y = Math.abs(x) % 2;
  const n = Math.round(2 * y);
  let r: number;
  switch (n) {
    case 0: r = Math.sin(Math.PI * y); break;
    case 1: r = Math.cos(Math.PI * (y - 0.5)); break;
    case 2: r = Math.sin(Math.PI * (1 - y)); break;
    case 3: r = -Math.cos(Math.PI * (y - 1.5)); break;
    default: r = Math.sin(Math.PI * (y - 2)); break;
  }
  return (x < 0 || Object.is(x, -0) ? -1 : 1) * r;
}

export function tgamma(x: number): [number, Errno] {
  if (!Number.isFinite(x)) return Number.isNaN(x) || x > 0 ? [x, 0] : [NaN, "EDOM"];
  if (x === 0) return [Object.is(x, -0) ? -Infinity : Infinity, "EDOM"];
  if (x === Math.floor(x)) {
    if (x < 0) return [NaN, "EDOM"];
    if (x <= GAMMA_INTEGRAL.length) return [GAMMA_INTEGRAL[x - 1], 0];
  }
  const absx = Math.abs(x);
  if (absx < 1e-20) {
    const r = 1 / x;
    return [r, Number.isFinite(r) ? 0 : "ERANGE"];
  }
  if (absx > 200) return x < 0 ? [0 / sinpi(x), 0] : [Infinity, "ERANGE"];
  const y = absx + LANCZOS_G_MINUS_HALF;
  const error = absx > LANCZOS_G_MINUS_HALF ? y - absx - LANCZOS_G_MINUS_HALF : y - LANCZOS_G_MINUS_HALF - absx;
  const z = (error * LANCZOS_G) / y;
  let r: number;
  if (x < 0) {
    r = (((-Math.PI / sinpi(absx)) / absx) * Math.exp(y)) / lanczosSum(absx);
    r -= z * r;
    if (absx < 140) {
      r /= y ** (absx - 0.5);
    } else {
      const sqrtpow = y ** (absx / 2 - 0.25);
      r /= sqrtpow;
      r /= sqrtpow;
    }
  } else {
    r = lanczosSum(absx) / Math.exp(y);
    r += z * r;
    if (absx < 140) {
      r *= y ** (absx - 0.5);
    } else {
      const sqrtpow = y ** (absx / 2 - 0.25);
      r *= sqrtpow;
      r *= sqrtpow;
    }
  }
  return [r, Number.isFinite(r) ? 0 : "ERANGE"];
}

export function lgamma(x: number): [number, Errno] {
  if (!Number.isFinite(x)) return [Number.isNaN(x) ? x : Infinity, 0];
  if (x === Math.floor(x) && x <= 2) return x <= 0 ? [Infinity, "EDOM"] : [0, 0];
  const absx = Math.abs(x);
  if (absx < 1e-20) return [-Math.log(absx), 0];
  let r = Math.log(lanczosSum(absx)) - LANCZOS_G;
  r += (absx - 0.5) * (Math.log(absx + LANCZOS_G - 0.5) - 1);
  if (x < 0) r = LOG_PI - Math.log(Math.abs(sinpi(absx))) - Math.log(absx) - r;
  return [r, Number.isFinite(r) ? 0 : "ERANGE"];
}

const ERF_SERIES_CUTOFF = 1.5;
const ERF_SERIES_TERMS = 25;
const ERFC_CONTFRAC_CUTOFF = 30;
const ERFC_CONTFRAC_TERMS = 50;

function erfSeries(x: number): number {
  const x2 = x * x;
  let acc = 0;
  let fk = ERF_SERIES_TERMS + 0.5;
  for (let i = 0; i < ERF_SERIES_TERMS; i++) {
    acc = 2 + (x2 * acc) / fk;
    fk -= 1;
  }
  return (acc * x * Math.exp(-x2)) / SQRT_PI;
}

function erfcContinuedFraction(x: number): number {
  if (x >= ERFC_CONTFRAC_CUTOFF) return 0;
  const x2 = x * x;
  let a = 0;
  let da = 0.5;
  let p = 1;
  let pLast = 0;
  let q = da + x2;
  let qLast = 1;
  for (let i = 0; i < ERFC_CONTFRAC_TERMS; i++) {
    a += da;
    da += 2;
    const b = da + x2;
    [p, pLast] = [b * p - a * pLast, p];
    [q, qLast] = [b * q - a * qLast, q];
  }
  return ((p / q) * x * Math.exp(-x2)) / SQRT_PI;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  if (Math.abs(x) < ERF_SERIES_CUTOFF) return erfSeries(x);
  const cf = erfcContinuedFraction(Math.abs(x));
  return x > 0 ? 1 - cf : cf - 1;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (Math.abs(x) < ERF_SERIES_CUTOFF) return 1 - erfSeries(x);
  const cf = erfcContinuedFraction(Math.abs(x));
  return x > 0 ? cf : 2 - cf;
}
