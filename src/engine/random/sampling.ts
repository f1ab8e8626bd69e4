// One draw from each of PyTorch's scalar distributions (ATen/core/DistributionsHelper.h and
// TransformationHelper.h), consuming the generator exactly as the CPU kernels do.

import { fma64 } from "./fp";
import type { Generator } from "./generator";

const TWO_POW_MINUS_24 = 2 ** -24;
const TWO_POW_MINUS_53 = 2 ** -53;
export const TWO_PI = 2 * Math.PI;

/** uniform_real_distribution<float>(0, 1): 24 random bits of one 32-bit draw. */
export function uniformFloat(gen: Generator): number {
  return (gen.random() & 0xffffff) * TWO_POW_MINUS_24;
}

/** uniform_real_distribution<double>(0, 1): 53 random bits of one 64-bit draw. */
export function uniformDouble(gen: Generator): number {
  return gen.random53() * TWO_POW_MINUS_53;
}

/**
 * normal_distribution<double>: Box–Muller on two uniforms; the sine half is kept in the generator
 * and returned by the next call. `* std + mean` is one fused multiply-add in PyTorch's build.
 */
export function normalDouble(gen: Generator, mean: number, std: number): number {
  const cached = gen.nextDoubleNormal;
  if (cached !== null) {
    gen.nextDoubleNormal = null;
    return fma64(cached, std, mean);
  }
  const u1 = uniformDouble(gen);
  const u2 = uniformDouble(gen);
  const radius = Math.sqrt(-2 * Math.log(1 - u2));
  const theta = TWO_PI * u1;
  gen.nextDoubleNormal = radius * Math.sin(theta);
  return fma64(radius * Math.cos(theta), std, mean);
}

const TWO_POW_32 = 4294967296;

/**
 * uniform_int_from_to_distribution: `base + bits % range`, from 64 random bits when the range
 * needs them and the dtype can hold them (int64, float, double), else from 32.
 */
export function randomFromTo(gen: Generator, range: number, base: number, wide: boolean): number {
  if (wide && range >= TWO_POW_32) return Number(gen.random64() % BigInt(range)) + base;
  return (gen.random() % range) + base;
}

/** exponential_distribution<double>: inverse transform of one double uniform. */
export function exponentialDouble(gen: Generator, lambda: number): number {
  return (-1 / lambda) * Math.log(1 - uniformDouble(gen));
}
