// In-place ops: they write into existing storage and bump its version counter.

import { isGradEnabled } from "../grad_mode";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { add } from "./elementwise";
import { broadcastStrides, copyInto, updateInPlace } from "./kernels";

/** PyTorch refuses in-place edits of leaves that autograd tracks. */
export function checkInPlace(target: Tensor): void {
  if (isGradEnabled() && target.isLeaf && target.requiresGrad) {
    throw runtimeError("a leaf Variable that requires grad is being used in an in-place operation.");
  }
}

export function zero_(target: Tensor): Tensor {
  checkInPlace(target);
  updateInPlace(target, () => 0);
  target.bumpVersion();
  return target;
}

export function fill_(target: Tensor, value: number): Tensor {
  checkInPlace(target);
  const v = target.dtype === "float32" ? Math.fround(value) : value;
  updateInPlace(target, () => v);
  target.bumpVersion();
  return target;
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
