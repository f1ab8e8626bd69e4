// In-place ops: they write into existing storage and bump its version counter.

import { isGradEnabled } from "../grad_mode";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { add } from "./elementwise";
import { broadcastStrides, copyInto, updateInPlace } from "./kernels";
import { checkViewRebase } from "../autograd/view_rebase";

/**
 * check_inplace: PyTorch refuses in-place edits of leaves that autograd tracks, of views of them, and
 * of views whose history would be ambiguous. `requiresGrad`: whether the op's result needs a graph.
 */
export function checkInPlace(target: Tensor, requiresGrad = target.requiresGrad): void {
  if (!requiresGrad || !isGradEnabled()) return;
  const info = target.viewInfo;
  if (info !== null) {
    checkViewRebase(target, false);
    if (target.requiresGrad && info.base.isLeaf) {
      throw runtimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.");
    }
  }
  if (target.requiresGrad && target.isLeaf) {
    throw runtimeError("a leaf Variable that requires grad is being used in an in-place operation.");
  }
}

/** target += source without recording, as PyTorch does for `.grad` (and `.data` updates). */
export function addInPlaceUntracked(target: Tensor, source: Tensor): Tensor {
  const src = source.numel === target.numel
    ? source
    : source.view(target.shape, broadcastStrides(source, target.shape), source.offset);
  updateInPlace(target, (old, i) => old + src.at(i));
  target.bumpVersion();
  return target;
}

export function cloneDetached(t: Tensor): Tensor {
  const copy = Tensor.zeros(t.shape, t.dtype);
  copyInto(copy, t);
  return copy;
}

/** AccumulateGrad's update: in place normally; out of place under create_graph so it stays differentiable. */
export function accumulateInto(current: Tensor, incoming: Tensor): Tensor {
  if (isGradEnabled()) return add(current, incoming);
  return addInPlaceUntracked(current, incoming);
}
