// math's float helpers against exact rational arithmetic: fsum is correctly rounded, ldexp rounds
// once, isqrt is the floor of the square root.

import assert from "node:assert/strict";
import { frexp, fsum, ldexp, nextafter, ulp } from "../../src/python/modules/math_float";
import { comb, isqrt } from "../../src/python/modules/math_integer";
import { MersenneTwister } from "../../src/python/modules/mersenne";

/** A double as an exact fraction [numerator, log2 of the denominator]. */
function exact(x: number): [bigint, number] {
  const [m, e] = frexp(x);
  return [BigInt(m * 2 ** 53), 53 - e];
}

/** The double nearest to the exact sum (ties to even), via bigints. */
function exactSum(values: number[]): number {
  const parts = values.map(exact);
  const shift = Math.max(...parts.map(([, s]) => s));
  const total = parts.reduce((acc, [n, s]) => acc + (n << BigInt(shift - s)), 0n);
  if (total === 0n) return 0;
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const extra = Math.max(0, magnitude.toString(2).length - 53);
  let mantissa = magnitude >> BigInt(extra);
  const rest = magnitude - (mantissa << BigInt(extra));
  const half = extra === 0 ? 0n : 1n << BigInt(extra - 1);
  if (rest > half || (rest === half && half !== 0n && (mantissa & 1n) === 1n)) mantissa += 1n;
  const value = ldexp(Number(mantissa), extra - shift);
  return negative ? -value : value;
}

describe("math module helpers", () => {
  it("fsum is the correctly rounded sum", () => {
    const mt = new MersenneTwister();
    mt.seedWord(1);
    for (let trial = 0; trial < 300; trial++) {
      const values = Array.from({ length: 1 + (mt.nextUint32() % 20) }, () => (mt.nextDouble() - 0.5) * 2 ** ((mt.nextUint32() % 120) - 60));
      assert.equal(fsum(values), exactSum(values), values.join(", "));
    }
    assert.equal(fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]), 1e-100);
  });

  it("ldexp rounds subnormal results once", () => {
    assert.equal(ldexp(0.75, -1074), 5e-324);
    assert.equal(ldexp(1.5, -1074), 1e-323);
    assert.equal(ldexp(1, 1024), Infinity);
    assert.equal(ldexp(1.2345, 7), 1.2345 * 128);
  });

  it("nextafter and ulp step one representable double", () => {
    assert.equal(nextafter(1, 2), 1 + 2 ** -52);
    assert.equal(nextafter(0, -1), -5e-324);
    assert.equal(ulp(1), 2 ** -52);
    assert.equal(ulp(Number.MAX_VALUE), 2 ** 971);
  });

  it("isqrt and comb on big ints", () => {
    for (const n of [0n, 1n, 15n, 16n, 17n, 10n ** 40n + 7n, 2n ** 127n - 1n]) {
      const r = isqrt(n);
      assert.ok(r * r <= n && (r + 1n) * (r + 1n) > n, String(n));
    }
    assert.equal(comb(100n, 50n), 100891344545564193334812497256n);
  });
});
