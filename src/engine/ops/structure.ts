// Rearranging elements: roll, rot90, fliplr/flipud, tile, repeat_interleave and diff. roll and
// rot90 record their own nodes; the rest are PyTorch composites of repeat, index_select and sub.

import { allocate } from "../dtype";
import { runtimeError } from "../errors";
import { contiguousStrides, Tensor } from "../tensor";
import { logical, sub } from "./elementwise";
import { mapKernel } from "./kernels";
import { record } from "./record";
import { indexSelect } from "./index_ops";
import { cat, flatten, flip, narrow, repeat } from "./shape";
import { stridedCopy } from "./strided_copy";
import { normalizeDim, reshape, transpose } from "./view";


/** `x` (contiguous) rolled by `shift` along `d`, untracked. */
function rollOnce(x: Tensor, d: number, shift: number): Tensor {
  const n = x.shape[d];
  const s = n === 0 ? 0 : ((shift % n) + n) % n;
  const out = Tensor.zeros(x.shape, x.dtype);
  const part = (t: Tensor, start: number, length: number): Tensor =>
    t.view(t.shape.map((size, k) => (k === d ? length : size)), t.strides, t.offset + start * t.strides[d]);
  stridedCopy(part(out, 0, s), part(x, n - s, s));
  stridedCopy(part(out, s, n - s), part(x, 0, n - s));
  return out;
}

/** torch.roll (RollBackward0); with no dims the flattened tensor rolls. */
export function roll(x: Tensor, shifts: readonly number[], dims: readonly number[]): Tensor {
  if (dims.length === 0 ? shifts.length !== 1 : shifts.length !== dims.length) {
    throw runtimeError(`shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`);
  }
  const ds = dims.map((d) => normalizeDim(d, x.dim));
  let out: Tensor;
  if (ds.length === 0) {
    const flat = rollOnce(Tensor.fromStorage(x.contiguousData().slice(), [x.numel], x.dtype), 0, shifts[0]);
    out = flat.view(x.shape, contiguousStrides(x.shape), 0);
  } else {
    out = x;
    ds.forEach((d, i) => { out = rollOnce(out, d, shifts[i]); });
    if (out === x) out = mapKernel(x, x.dtype, (v) => v);
  }
  return record(out, {
    name: "RollBackward0",
    inputs: [x],
    formula: (g) => [roll(g, shifts.map((s) => -s), ds)],
  });
}

/** torch.rot90 (Rot90Backward0): flips and a transpose, as PyTorch composes them. */
export function rot90(x: Tensor, k = 1, dims: readonly number[] = [0, 1]): Tensor {
  if (dims.length !== 2) throw runtimeError(`expected total rotation dims == 2, but got dims = ${dims.length}`);
  if (x.dim < 2) throw runtimeError(`expected total dims >= 2, but got total dims = ${x.dim}`);
  const [a, b] = dims.map((d) => normalizeDim(d, x.dim));
  if (a === b) throw runtimeError(`expected rotation dims to be different, but got dim0 = ${a} and dim1 = ${b}`);
  const turns = ((k % 4) + 4) % 4;
  const base = Tensor.fromStorage(x.contiguousData().slice(), x.shape, x.dtype);
  const rotated = turns === 1 ? transpose(flip(base, [b]), a, b)
    : turns === 2 ? flip(base, [a, b])
      : turns === 3 ? transpose(flip(base, [a]), a, b)
        : base;
  const out = Tensor.zeros(rotated.shape, x.dtype);
  stridedCopy(out, rotated);
  return record(out, { name: "Rot90Backward0", inputs: [x], formula: (g) => [rot90(g, -k, [a, b])] });
}

export function fliplr(x: Tensor): Tensor {
  if (x.dim < 2) throw runtimeError("Input must be >= 2-d.");
  return flip(x, [1]);
}

export function flipud(x: Tensor): Tensor {
  if (x.dim < 1) throw runtimeError("Input must be >= 1-d.");
  return flip(x, [0]);
}

/** torch.tile: repeat, with ones prepended to whichever of reps and the shape is shorter. */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  const padded = reps.length < x.dim ? [...new Array<number>(x.dim - reps.length).fill(1), ...reps] : reps;
  return repeat(x, padded);
}

/** repeat_interleave(repeats) on an int64 vector of counts: each position repeated its count. */
export function repeatInterleaveIndices(repeats: Tensor): Tensor {
  if (repeats.dim !== 1) throw runtimeError("repeat_interleave only accept 1D vector as repeat");
  if (repeats.dtype !== "int64" && repeats.dtype !== "int32") throw runtimeError("repeats has to be Long or Int tensor");
  const counts = rowMajorCounts(repeats);
  const total = counts.reduce((n, c) => n + c, 0);
  const out = Tensor.zeros([total], repeats.dtype);
  for (let i = 0, k = 0; i < counts.length; i++) for (let c = 0; c < counts[i]; c++) out.storage.data[k++] = i;
  return out;
}

function rowMajorCounts(repeats: Tensor): number[] {
  const counts = Array.from(repeats.contiguousData());
  if (counts.some((c) => c < 0)) throw runtimeError("repeats can not be negative");
  return counts;
}

/** x.repeat_interleave(repeats, dim): index_select with the repeated positions (IndexSelectBackward0). */
export function repeatInterleave(x: Tensor, repeats: number | Tensor, dim?: number): Tensor {
  const input = dim === undefined ? flatten(x) : x;
  const d = dim === undefined ? 0 : normalizeDim(dim, x.dim);
  const size = input.dim === 0 ? 1 : input.shape[d];
  let counts = typeof repeats === "number" ? Tensor.fromStorage(Float64Array.of(repeats), [1], "int64") : repeats;
  if (counts.dim === 0 || (counts.dim === 1 && counts.shape[0] === 1)) {
    counts = Tensor.fromStorage(allocate(counts.dtype, size).fill(rowMajorCounts(reshape(counts, [1]))[0]), [size], counts.dtype);
  } else if (counts.dim === 1 && counts.shape[0] !== size) {
    throw runtimeError("repeats must have the same size as input along dim");
  }
  return indexSelect(input, d, repeatInterleaveIndices(counts));
}

/** torch.diff: n-th forward differences along dim (logical xor for bool), after prepend/append. */
export function diff(x: Tensor, n = 1, dim = -1, prepend: Tensor | null = null, append: Tensor | null = null): Tensor {
  if (x.dim === 0) throw runtimeError("diff expects input to be at least one-dimensional");
  if (n < 0) throw runtimeError(`order must be non-negative but got ${n}`);
  const d = normalizeDim(dim, x.dim);
  let out = prepend === null && append === null ? x : cat([...(prepend ? [prepend] : []), x, ...(append ? [append] : [])], d);
  for (let i = 0; i < n && out.shape[d] > 0; i++) {
    const size = out.shape[d];
    const later = narrow(out, d, 1, size - 1);
    const earlier = narrow(out, d, 0, size - 1);
    out = out.dtype === "bool" ? logical("xor", later, earlier) : sub(later, earlier);
  }
  return out;
}

// einsum.ts imports diagonal from here; it lives with the other diagonal ops.
export { diagonal } from "./diagonals";
