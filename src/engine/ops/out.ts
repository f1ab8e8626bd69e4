// `out=` tensors: a result written into a caller's tensor, resized and cast as PyTorch's
// structured kernels do (at::native::resize_output, then a copy into the out's dtype).

import { allocate } from "../dtype";
import { warn } from "../errors";
import { contiguousStrides, numelOf, Tensor, TensorStorage } from "../tensor";
import { checkWritable } from "./indexing";
import { copyInto } from "./kernels";
import { checkCastable } from "./mutate";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Tensor.resize_: contiguous strides from the same offset, the storage grown when too small. */
function resizeInPlace(t: Tensor, shape: readonly number[]): void {
  const needed = t.offset + numelOf(shape);
  const storage = t.storage as Mutable<TensorStorage>;
  if (storage.data.length < needed) {
    const grown = allocate(t.dtype, needed);
    grown.set(storage.data);
    storage.data = grown;
  }
  const mutable = t as Mutable<Tensor>;
  mutable.shape = [...shape];
  mutable.strides = contiguousStrides(shape);
  mutable.numel = numelOf(shape);
}

/**
 * Writes `result` into `out` (the result of `torch.op(..., out=out)`), and returns `out`. Factories
 * resize their out tensor silently; other ops warn when they resize one that had elements.
 */
export function writeOut(out: Tensor, result: Tensor, warnOnResize = true): Tensor {
  checkWritable(out);
  checkCastable(result, out);
  if (out.dim !== result.dim || out.shape.some((s, d) => s !== result.shape[d])) {
    if (warnOnResize && out.numel !== 0) {
      warn("UserWarning", `An output with one or more elements was resized since it had shape [${out.shape.join(", ")}], which does not match the required output shape [${result.shape.join(", ")}]. This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0).`);
    }
    resizeInPlace(out, result.shape);
  }
  copyInto(out, result);
  out.bumpVersion();
  return out;
}
