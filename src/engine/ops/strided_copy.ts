// Copying between strided layouts with an odometer over the outer dimensions and a tight loop
// over the innermost one: what cat, stack, repeat, flip and clone spend their time in.

import { allocate, Storage } from "../dtype";
import { Tensor } from "../tensor";

/** Writes `source` (any strides) into `target` (any strides) of the same shape; no dtype conversion. */
export function stridedCopy(target: Tensor, source: Tensor): void {
  const td = target.storage.data;
  const sd = source.storage.data;
  const rank = target.dim;
  if (target.numel === 0) return;
  if (rank === 0) {
    td[target.offset] = sd[source.offset];
    return;
  }
  const shape = target.shape;
  const inner = shape[rank - 1];
  const ti = target.strides[rank - 1];
  const si = source.strides[rank - 1];
  const index = new Array<number>(rank).fill(0);
  let tp = target.offset;
  let sp = source.offset;
  for (let line = target.numel / inner; line > 0; line--) {
    for (let i = 0; i < inner; i++) td[tp + i * ti] = sd[sp + i * si];
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      tp += target.strides[d];
      sp += source.strides[d];
      if (index[d] < shape[d]) break;
      tp -= target.strides[d] * shape[d];
      sp -= source.strides[d] * shape[d];
      index[d] = 0;
    }
  }
}

/** `t`'s values in row-major order: its own storage when already laid out so (read only), else a copy. */
export function rowMajorValues(t: Tensor): Storage {
  if (t.offset === 0 && t.storage.data.length === t.numel && t.isContiguous()) return t.storage.data;
  const out = allocate(t.dtype, t.numel);
  stridedCopy(Tensor.fromStorage(out, t.shape, t.dtype), t);
  return out;
}
