// The serial CPU kernels of uniform_, bernoulli_, random_ and exponential_: one draw per element,
// in memory order, each with PyTorch's choice of 32 or 64 random bits for the dtype.

import { DType } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { fma32, fma64 } from "./fp";
import type { Generator } from "./generator";
import { forEachInMemoryOrder } from "./memory_order";
import { exponentialDouble, randomFromTo, uniformDouble, uniformFloat } from "./sampling";

/**
 * Writes `sample()` into every element in memory order. The samples already suit the dtype (the
 * integer kernels draw integers), and a Float32Array store rounds as PyTorch's cast to float does.
 */
export function fillEach(t: Tensor, sample: () => number): void {
  const data = t.storage.data;
  if (t.isContiguous()) {
    const end = t.offset + t.numel;
    for (let p = t.offset; p < end; p++) data[p] = sample();
    return;
  }
  forEachInMemoryOrder(t, (p) => {
    data[p] = sample();
  });
}

/** uniform_real_distribution(from, to): `x * (to - from) + from` fused, in the tensor's precision. */
export function uniformKernel(t: Tensor, from: number, to: number, gen: Generator): void {
  if (t.dtype === "float32") {
    const low = Math.fround(from);
    const width = Math.fround(Math.fround(to) - low);
    fillEach(t, () => fma32(uniformFloat(gen), width, low));
  } else {
    const width = to - from;
    fillEach(t, () => fma64(uniformDouble(gen), width, from));
  }
}

/** bernoulli_(p) with a Python-float p: one double uniform per element. */
export function bernoulliScalarKernel(t: Tensor, p: number, gen: Generator): void {
  fillEach(t, () => (uniformDouble(gen) < p ? 1 : 0));
}

/** bernoulli_(p) with probabilities of `t`'s shape: float p draws 24 bits, double p 53. */
export function bernoulliTensorKernel(t: Tensor, probabilities: Tensor, gen: Generator): void {
  const uniform = probabilities.dtype === "float64" ? uniformDouble : uniformFloat;
  const data = t.storage.data;
  forEachInMemoryOrder(t, (position, index) => {
    const probability = probabilities.at(index);
    if (!(probability >= 0 && probability <= 1)) {
      throw runtimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)");
    }
    data[position] = uniform(gen) < probability ? 1 : 0;
  });
}

/** Dtypes whose random_ draws 64 bits once the range reaches 2^32. */
const WIDE: ReadonlySet<DType> = new Set<DType>(["int64", "float32", "float64"]);

/** random_(from, to): `from + bits % (to - from)`. */
export function randomFromToKernel(t: Tensor, from: number, to: number, gen: Generator): void {
  const range = to - from;
  const wide = WIDE.has(t.dtype);
  fillEach(t, () => randomFromTo(gen, range, from, wide));
}

const TWO_POW_24_PLUS_1 = 2 ** 24 + 1;
const TWO_POW_53_PLUS_1 = 2n ** 53n + 1n;
const TWO_POW_63 = 2n ** 63n;

/** random_() with no bounds: every value the dtype holds exactly, from 0 up (uniform_int_distribution). */
export function randomKernel(t: Tensor, gen: Generator): void {
  switch (t.dtype) {
    case "float32": return fillEach(t, () => gen.random() % TWO_POW_24_PLUS_1);
    case "float64": return fillEach(t, () => Number(gen.random64() % TWO_POW_53_PLUS_1));
    // int64 values beyond 2^53 lose their low bits in the engine's Float64Array storage.
    case "int64": return fillEach(t, () => Number(gen.random64() % TWO_POW_63));
    case "int32": return fillEach(t, () => gen.random() % 2147483648);
    case "bool": return fillEach(t, () => gen.random() & 1);
  }
}

export function exponentialKernel(t: Tensor, lambda: number, gen: Generator): void {
  fillEach(t, () => exponentialDouble(gen, lambda));
}
