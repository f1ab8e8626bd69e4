// The inner loops of PyTorch's CPU reductions (AVX2 build, one thread), step for step: float sums
// use the cascade of aten/src/ATen/native/cpu/SumKernel.cpp, products and other vectorised
// reductions binary_kernel_reduce_vec of aten/src/ATen/native/cpu/Reduce.h. Every step is rounded
// to the dtype, so float32 results agree with PyTorch to the last bit.

import { DType, Storage } from "../dtype";
import { Loop2d } from "./reduce_iter";

export type Rounder = (v: number) => number;

const identity: Rounder = (v) => v;

export function rounderFor(dtype: DType): Rounder {
  return dtype === "float32" ? Math.fround : identity;
}

/** Lanes of one AVX2 register: Vectorized<float> holds 8, Vectorized<double> 4. */
export function vectorLanes(dtype: DType): number {
  return dtype === "float32" ? 8 : 4;
}

const NUM_LEVELS = 4;
const ILP = 4;

/** utils::CeilLog2. */
function ceilLog2(x: number): number {
  return x <= 2 ? 1 : Math.floor(Math.log2(x - 1)) + 1;
}

// multiRowSum's partial sums, kept between calls: the bias gradient's column sums run it once a column.
let accumulators = new Float64Array(NUM_LEVELS * ILP);

function levelAccumulators(length: number): Float64Array {
  if (accumulators.length < length) accumulators = new Float64Array(length);
  accumulators.fill(0, 0, length);
  return accumulators;
}

/**
 * multi_row_sum: sums `size` rows of `nrows` columns at once through four levels of partial sums,
 * so only numbers of similar magnitude meet. Results land in `result[0..nrows)`.
 */
function multiRowSum(
  data: Storage, base: number, rowStride: number, colStride: number, nrows: number, size: number,
  round: Rounder, result: number[],
): void {
  const levelPower = Math.max(4, Math.floor(ceilLog2(size) / NUM_LEVELS));
  const levelStep = 1 << levelPower;
  const levelMask = levelStep - 1;
  const acc = levelAccumulators(NUM_LEVELS * nrows);
  let i = 0;
  while (i + levelStep <= size) {
    for (let j = 0; j < levelStep; j++, i++) {
      const row = base + i * rowStride;
      for (let k = 0; k < nrows; k++) acc[k] = round(acc[k] + data[row + k * colStride]);
    }
    for (let j = 1; j < NUM_LEVELS; j++) {
      for (let k = 0; k < nrows; k++) {
        acc[j * nrows + k] = round(acc[j * nrows + k] + acc[(j - 1) * nrows + k]);
        acc[(j - 1) * nrows + k] = 0;
      }
      if ((i & (levelMask << (j * levelPower))) !== 0) break;
    }
  }
  for (; i < size; i++) {
    const row = base + i * rowStride;
    for (let k = 0; k < nrows; k++) acc[k] = round(acc[k] + data[row + k * colStride]);
  }
  for (let k = 0; k < nrows; k++) {
    let total = acc[k];
    for (let j = 1; j < NUM_LEVELS; j++) total = round(total + acc[j * nrows + k]);
    result[k] = total;
  }
}

/** row_sum: one row read as (-1, 4) so four interleaved cascades run side by side. */
function rowSum(data: Storage, base: number, stride: number, size: number, round: Rounder, scratch: number[]): number {
  const sizeIlp = Math.floor(size / ILP);
  multiRowSum(data, base, stride * ILP, stride, ILP, sizeIlp, round, scratch);
  let total = scratch[0];
  for (let i = sizeIlp * ILP; i < size; i++) total = round(total + data[base + i * stride]);
  for (let k = 1; k < ILP; k++) total = round(total + scratch[k]);
  return total;
}

function cascadeColumn(data: Storage, base: number, stride: number, size: number, round: Rounder, scratch: number[]): number {
  multiRowSum(data, base, stride, 0, 1, size, round, scratch);
  return scratch[0];
}

/** cascade_sum's loop: picks the inner, outer, vectorised or scalar strategy as PyTorch does. */
export function cascadeSumLoop(data: Storage, out: Storage, round: Rounder, lanes: number): Loop2d {
  const scratch = new Array<number>(ILP).fill(0);
  const store = (index: number, value: number): void => { out[index] = round(out[index] + value); };
  return (inBase, outBase, size0, size1, in0, in1, out0, out1) => {
    if (out0 !== 0 && out1 === 0) {
      [size0, size1, in0, in1, out0, out1] = [size1, size0, in1, in0, out1, out0];
    }
    if (out0 !== 0) {
      // Not a true reduction (every reduced extent is 1): out += in element by element.
      for (let j = 0; j < size1; j++) {
        for (let i = 0; i < size0; i++) store(outBase + j * out1 + i * out0, data[inBase + j * in1 + i * in0]);
      }
      return;
    }
    if (in0 === 1 && size0 >= lanes) {
      const vectors = Math.floor(size0 / lanes);
      for (let j = 0; j < size1; j++) {
        const row = inBase + j * in1;
        let total = 0;
        for (let k = vectors * lanes; k < size0; k++) total = round(total + data[row + k]);
        for (let l = 0; l < lanes; l++) total = round(total + rowSum(data, row + l, lanes, vectors, round, scratch));
        store(outBase + j * out1, total);
      }
    } else if (in1 === 1 && size1 >= lanes) {
      const cascaded = Math.floor(size1 / (ILP * lanes)) * ILP * lanes;
      for (let j = 0; j < size1; j++) {
        const sum = j < cascaded
          ? cascadeColumn(data, inBase + j, in0, size0, round, scratch)
          : rowSum(data, inBase + j, in0, size0, round, scratch);
        store(outBase + j * out1, sum);
      }
    } else if (in0 < in1) {
      for (let j = 0; j < size1; j++) store(outBase + j * out1, rowSum(data, inBase + j * in1, in0, size0, round, scratch));
    } else {
      const cascaded = Math.floor(size1 / ILP) * ILP;
      for (let j = 0; j < size1; j++) {
        const sum = j < cascaded
          ? cascadeColumn(data, inBase + j * in1, in0, size0, round, scratch)
          : rowSum(data, inBase + j * in1, in0, size0, round, scratch);
        store(outBase + j * out1, sum);
      }
    }
  };
}

/**
 * binary_kernel_reduce_vec's loop for an associative `op` (product, max, ...): four vector
 * accumulators over contiguous rows, whole columns for outer reductions, else element by element.
 */
export function vectorReduceLoop(data: Storage, out: Storage, op: (a: number, b: number) => number, lanes: number): Loop2d {
  const block = ILP * lanes;
  const acc = new Float64Array(block);
  return (inBase, outBase, size0, size1, in0, in1, out0, out1) => {
    if (out0 === 0 && in0 === 1) {
      const count = Math.floor(size0 / block);
      for (let j = 0; j < size1; j++) {
        const row = inBase + j * in1;
        const o = outBase + j * out1;
        if (count > 0) {
          for (let k = 0; k < block; k++) acc[k] = data[row + k];
          for (let i = 1; i < count; i++) {
            for (let k = 0; k < block; k++) acc[k] = op(acc[k], data[row + i * block + k]);
          }
          for (let l = 0; l < lanes; l++) {
            acc[l] = op(op(acc[l], acc[lanes + l]), op(acc[2 * lanes + l], acc[3 * lanes + l]));
          }
          let folded = acc[0];
          for (let l = 1; l < lanes; l++) folded = op(folded, acc[l]);
          out[o] = op(out[o], folded);
        }
        for (let k = count * block; k < size0; k++) out[o] = op(out[o], data[row + k]);
      }
    } else if (out0 === 0 && out1 === 1 && in1 === 1) {
      const whole = Math.floor(size1 / block) * block;
      for (let c = 0; c < whole; c++) {
        let column = data[inBase + c];
        for (let i = 1; i < size0; i++) column = op(column, data[inBase + i * in0 + c]);
        out[outBase + c] = op(column, out[outBase + c]);
      }
      for (let c = whole; c < size1; c++) {
        for (let i = 0; i < size0; i++) out[outBase + c] = op(out[outBase + c], data[inBase + i * in0 + c]);
      }
    } else {
      for (let j = 0; j < size1; j++) {
        for (let i = 0; i < size0; i++) {
          const o = outBase + j * out1 + i * out0;
          out[o] = op(out[o], data[inBase + j * in1 + i * in0]);
        }
      }
    }
  };
}
