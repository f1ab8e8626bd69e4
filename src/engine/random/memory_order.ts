// The order PyTorch's serial random kernels visit elements: TensorIterator walks the output in
// memory order (dimensions sorted by stride), so a transposed tensor is filled column by column.

import { contiguousStrides, Tensor } from "../tensor";

/** Calls visit(storagePosition, rowMajorIndex) for every element of `t`, in memory order. */
export function forEachInMemoryOrder(t: Tensor, visit: (position: number, index: number) => void): void {
  if (t.isContiguous()) {
    for (let i = 0; i < t.numel; i++) visit(t.offset + i, i);
    return;
  }
  const logical = contiguousStrides(t.shape);
  // Outermost first: the largest stride; a stable sort keeps PyTorch's order among equal strides.
  const dims = t.shape.map((_, d) => d).filter((d) => t.shape[d] !== 1).sort((a, b) => t.strides[b] - t.strides[a]);
  const rank = dims.length;
  const sizes = dims.map((d) => t.shape[d]);
  const strides = dims.map((d) => t.strides[d]);
  const steps = dims.map((d) => logical[d]);
  const counter = new Array<number>(rank).fill(0);
  let position = t.offset;
  let index = 0;
  for (let n = 0; n < t.numel; n++) {
    visit(position, index);
    for (let k = rank - 1; k >= 0; k--) {
      counter[k]++;
      position += strides[k];
      index += steps[k];
      if (counter[k] < sizes[k]) break;
      position -= strides[k] * sizes[k];
      index -= steps[k] * sizes[k];
      counter[k] = 0;
    }
  }
}
