// The integer functions of `math` on arbitrary-size ints: factorial, comb, perm, gcd, lcm, isqrt.

import { PyException, valueError } from "../errors";
import { bitLength } from "./numbers";

const LONG_MAX = 9223372036854775807n;

/** The product lo * (lo+1) * ... * (hi-1), split in halves so the bigints stay balanced. */
function rangeProduct(lo: bigint, hi: bigint): bigint {
  if (hi - lo <= 16n) {
    let p = 1n;
    for (let i = lo; i < hi; i++) p *= i;
    return p;
  }
  const mid = (lo + hi) >> 1n;
  return rangeProduct(lo, mid) * rangeProduct(mid, hi);
}

export function factorial(n: bigint): bigint {
  if (n > LONG_MAX) throw new PyException("OverflowError", `factorial() argument should not exceed ${LONG_MAX}`);
  if (n < 0n) throw valueError("factorial() not defined for negative values");
  return rangeProduct(2n, n + 1n);
}

function nonNegative(n: bigint, k: bigint): void {
  if (n < 0n) throw valueError("n must be a non-negative integer");
  if (k < 0n) throw valueError("k must be a non-negative integer");
}

export function perm(n: bigint, k: bigint): bigint {
  nonNegative(n, k);
  return k > n ? 0n : rangeProduct(n - k + 1n, n + 1n);
}

export function comb(n: bigint, k: bigint): bigint {
  nonNegative(n, k);
  if (k > n) return 0n;
  const j = k < n - k ? k : n - k;
  return rangeProduct(n - j + 1n, n + 1n) / rangeProduct(1n, j + 1n);
}

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function lcm(a: bigint, b: bigint): bigint {
  if (a === 0n || b === 0n) return 0n;
  const m = (a / gcd(a, b)) * b;
  return m < 0n ? -m : m;
}

/** The integer square root, by CPython's adaptive-precision Newton iteration. */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw valueError("isqrt() argument must be nonnegative");
  if (n === 0n) return 0n;
  const c = BigInt((bitLength(n) - 1) >> 1);
  let a = 1n;
  let d = 0n;
  for (let s = bitLength(c) - 1; s >= 0; s--) {
    const e = d;
    d = c >> BigInt(s);
    a = (a << (d - e - 1n)) + (n >> (2n * c - e - d + 1n)) / a;
  }
  return a * a > n ? a - 1n : a;
}
