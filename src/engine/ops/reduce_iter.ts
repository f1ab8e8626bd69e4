// How PyTorch's TensorIterator lays out a reduction: which dimension is innermost, which merge,
// and in which order the 2-D inner loops run. Float sums and products round after every step, so
// reproducing PyTorch's last bits means visiting the elements in exactly this order.

import { Tensor } from "../tensor";

/**
 * The inner loop of a reduction over a 2-D block: element (i, j) of the input is at
 * `inBase + i * in0 + j * in1`, its output at `outBase + i * out0 + j * out1` (strides in elements;
 * an output stride is 0 along a reduced dimension).
 */
export type Loop2d = (
  inBase: number, outBase: number, size0: number, size1: number,
  in0: number, in1: number, out0: number, out1: number,
) => void;

export interface Layout {
  shape: number[];
  inStrides: number[];
  outStrides: number[];
}

/** Output strides of the keepdim-shaped contiguous result, 0 along reduced dimensions. */
function outputStrides(shape: readonly number[], reduced: readonly boolean[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = reduced[d] ? 0 : step;
    step *= reduced[d] ? 1 : shape[d];
  }
  return strides;
}

/** One operand's vote in reorder_dimensions: 0 when its strides leave the order open. */
function strideOrder(s0: number, s1: number, size0: number, size1: number): number {
  if (s0 === 0 || s1 === 0) return 0;
  if (s0 !== s1) return s0 < s1 ? -1 : 1;
  return size0 > size1 ? 1 : 0;
}

/** TensorIterator::reorder_dimensions for (output, input): reduced dimensions innermost, then by stride. */
function reorder(shape: readonly number[], inStrides: readonly number[], outStrides: readonly number[]): number[] {
  const rank = shape.length;
  const perm = new Array<number>(rank);
  for (let i = 0; i < rank; i++) perm[i] = rank - 1 - i;
  const compare = (d0: number, d1: number): number => {
    const o0 = outStrides[d0];
    const o1 = outStrides[d1];
    if ((o0 === 0) !== (o1 === 0)) return o1 === 0 ? 1 : -1;
    return strideOrder(o0, o1, shape[d0], shape[d1]) || strideOrder(inStrides[d0], inStrides[d1], shape[d0], shape[d1]);
  };
  for (let i = 1; i < rank; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = compare(perm[d0], perm[d1]);
      if (c > 0) {
        [perm[d0], perm[d1]] = [perm[d1], perm[d0]];
        d1 = d0;
      } else if (c < 0) {
        break;
      }
    }
  }
  return perm;
}

/** TensorIterator::coalesce_dimensions: merges neighbours that step through memory as one. */
function coalesce(layout: Layout): Layout {
  const { shape, inStrides, outStrides } = layout;
  if (shape.length <= 1) return layout;
  const mergeable = (d0: number, d1: number): boolean =>
    shape[d0] === 1 || shape[d1] === 1
    || (shape[d0] * inStrides[d0] === inStrides[d1] && shape[d0] * outStrides[d0] === outStrides[d1]);
  let prev = 0;
  for (let d = 1; d < shape.length; d++) {
    if (mergeable(prev, d)) {
      if (shape[prev] === 1) {
        inStrides[prev] = inStrides[d];
        outStrides[prev] = outStrides[d];
      }
      shape[prev] *= shape[d];
    } else {
      prev++;
      if (prev !== d) {
        inStrides[prev] = inStrides[d];
        outStrides[prev] = outStrides[d];
        shape[prev] = shape[d];
      }
    }
  }
  const rank = prev + 1;
  return { shape: shape.slice(0, rank), inStrides: inStrides.slice(0, rank), outStrides: outStrides.slice(0, rank) };
}

/** The reduction's dimensions as TensorIterator arranges them: reordered, then coalesced. */
export function reductionLayout(x: Tensor, reduced: readonly boolean[]): Layout {
  const out = outputStrides(x.shape, reduced);
  const perm = reorder(x.shape, x.strides, out);
  const rank = perm.length;
  const layout: Layout = { shape: new Array<number>(rank), inStrides: new Array<number>(rank), outStrides: new Array<number>(rank) };
  for (let i = 0; i < rank; i++) {
    const d = perm[i];
    layout.shape[i] = x.shape[d];
    layout.inStrides[i] = x.strides[d];
    layout.outStrides[i] = out[d];
  }
  return coalesce(layout);
}

/**
 * Runs `loop` over `x` reduced along the dimensions flagged in `reduced`, in TensorIterator's
 * order (single-threaded). Output offsets index the contiguous keepdim-shaped result.
 */
export function forEachReduction(x: Tensor, reduced: readonly boolean[], loop: Loop2d): void {
  if (x.numel === 0) return;
  const { shape, inStrides, outStrides } = reductionLayout(x, reduced);
  const rank = shape.length;
  if (rank <= 1) {
    loop(x.offset, 0, rank === 0 ? 1 : shape[0], 1, rank === 0 ? 0 : inStrides[0], 0, rank === 0 ? 0 : outStrides[0], 0);
    return;
  }
  const counter = new Array<number>(rank).fill(0);
  let inBase = x.offset;
  let outBase = 0;
  for (;;) {
    loop(inBase, outBase, shape[0], shape[1], inStrides[0], inStrides[1], outStrides[0], outStrides[1]);
    let d = 2;
    for (; d < rank; d++) {
      counter[d]++;
      inBase += inStrides[d];
      outBase += outStrides[d];
      if (counter[d] < shape[d]) break;
      inBase -= inStrides[d] * shape[d];
      outBase -= outStrides[d] * shape[d];
      counter[d] = 0;
    }
    if (d === rank) return;
  }
}
