// Fused multiply-add with a single rounding, as the FMA instructions PyTorch's AVX2 build compiles
// `a * b + c` into. JS has no fma, so it is emulated exactly: the product is split into two doubles
// that sum to it exactly, and the additions round to odd so the final rounding is the only one
// (Boldo & Melquiond, "Emulation of FMA and correctly rounded sums", 2008).

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;

/** x + y rounded to odd: exact when representable, else the neighbour whose last bit is 1. */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const yPart = s - x;
  const error = (x - (s - yPart)) + (y - yPart);
  if (error === 0) return s;
  scratch[0] = s;
  if ((words[LOW] & 1) === 1) return s;
  // s is even and inexact: step one unit in the last place towards the exact sum.
  if ((error > 0) === (s > 0)) {
    words[LOW] += 1;
  } else if (words[LOW] === 0) {
    words[LOW] = 0xffffffff;
    words[HIGH] -= 1;
  } else {
    words[LOW] -= 1;
  }
  return scratch[0];
}

const SPLITTER = 134217729; // 2^27 + 1: Veltkamp's split into two 26-bit halves

/** a * b + c for doubles, rounded once. */
export function fma64(a: number, b: number, c: number): number {
  const product = a * b;
  const ta = SPLITTER * a;
  const aHigh = ta - (ta - a);
  const aLow = a - aHigh;
  const tb = SPLITTER * b;
  const bHigh = tb - (tb - b);
  const bLow = b - bHigh;
  const productError = ((aHigh * bHigh - product) + aHigh * bLow + aLow * bHigh) + aLow * bLow;
  const sum = c + product;
  const productPart = sum - c;
  const sumError = (c - (sum - productPart)) + (product - productPart);
  return sum + addRoundToOdd(sumError, productError);
}

/** a * b + c for float32 values, rounded once to float32 (the product of two floats is exact). */
export function fma32(a: number, b: number, c: number): number {
  return Math.fround(addRoundToOdd(a * b, c));
}
