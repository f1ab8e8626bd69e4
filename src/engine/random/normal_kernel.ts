// normal_ on the CPU (native/cpu/DistributionTemplates.h, normal_kernel): a contiguous tensor of 16
// or more elements is filled with uniforms first and then transformed 16 at a time (Box–Muller on
// element j and j + 8 of each block, the last partial block redrawn); float32 takes that path with
// the AVX2 log/sincos. Anything else draws scalar normal_distribution<double> samples in memory order.

import { Storage } from "../dtype";
import { Tensor } from "../tensor";
import { logPs, sinCosPs } from "./avx_mathfun";
import { fma32, fma64 } from "./fp";
import type { Generator } from "./generator";
import { forEachInMemoryOrder } from "./memory_order";
import { normalDouble, TWO_PI, uniformDouble, uniformFloat } from "./sampling";

const f = Math.fround;
const TWO_PI_FLOAT = f(TWO_PI);
const sinCos = new Float64Array(2);

type Block = (data: Storage, at: number, mean: number, std: number) => void;

/** normal_fill_16_AVX2: float32 lanes j and j + 8 become radius·cos and radius·sin. */
function float32Block(data: Storage, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const radius = f(Math.sqrt(f(logPs(f(1 - data[at + j])) * -2)));
    sinCosPs(f(TWO_PI_FLOAT * data[at + j + 8]), sinCos);
    data[at + j] = fma32(f(radius * sinCos[1]), std, mean);
    data[at + j + 8] = fma32(f(radius * sinCos[0]), std, mean);
  }
}

/** normal_fill_16<double>, with libm's log, cos and sin. */
function float64Block(data: Storage, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const radius = Math.sqrt(-2 * Math.log(1 - data[at + j]));
    const theta = TWO_PI * data[at + j + 8];
    data[at + j] = fma64(radius * Math.cos(theta), std, mean);
    data[at + j + 8] = fma64(radius * Math.sin(theta), std, mean);
  }
}

function normalFill(
  data: Storage, start: number, n: number, mean: number, std: number,
  uniform: (gen: Generator) => number, block: Block, gen: Generator,
): void {
  for (let i = 0; i < n; i++) data[start + i] = uniform(gen);
  for (let i = 0; i < n - 15; i += 16) block(data, start + i, mean, std);
  if (n % 16 !== 0) {
    const tail = start + n - 16;
    for (let i = 0; i < 16; i++) data[tail + i] = uniform(gen);
    block(data, tail, mean, std);
  }
}

/** Fills a floating tensor with N(mean, std²) samples in place. */
export function normalKernel(t: Tensor, mean: number, std: number, gen: Generator): void {
  const data = t.storage.data;
  if (t.numel >= 16 && t.isContiguous()) {
    if (t.dtype === "float32") normalFill(data, t.offset, t.numel, f(mean), f(std), uniformFloat, float32Block, gen);
    else normalFill(data, t.offset, t.numel, mean, std, uniformDouble, float64Block, gen);
    return;
  }
  forEachInMemoryOrder(t, (p) => {
    data[p] = normalDouble(gen, mean, std);
  });
}
