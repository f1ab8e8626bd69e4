// In-place variants of out-of-place ops (add_, exp_, clamp_, ...) and copy_: the result is computed
// out of place from a snapshot of self, then written into self, which takes over its history.

import { castScalar, isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { isGradEnabled } from "../grad_mode";
import { Tensor } from "../tensor";
import { full } from "./creation";
import { reduceGrad, scalarTypeName, zerosLike } from "./elementwise";
import { checkInPlace, cloneDetached } from "./inplace";
import { rebaseHistory } from "../autograd/view_rebase";
import { FunctionNode } from "../autograd/node";
import { broadcastShapes, broadcastStrides, copyInto, mapKernel } from "./kernels";
import { record } from "./record";

/**
 * c10::canCast for a result written into `target` (in place or through out=): it may not lose its
 * kind (float into int, number into bool); PyTorch's error otherwise.
 */
export function checkCastable(result: Tensor, target: Tensor): void {
  const kindLost = (isFloating(result.dtype) && !isFloating(target.dtype)) || (result.dtype !== "bool" && target.dtype === "bool");
  if (kindLost) {
    throw runtimeError(`result type ${scalarTypeName(result.dtype)} can't be cast to the desired output type ${scalarTypeName(target.dtype)}`);
  }
}

/**
 * A copy of self's values that keeps self's autograd identity: formulas that saved "self" must
 * see the values from before the write (PyTorch saves the original self for in-place ops).
 */
function snapshot(self: Tensor): Tensor {
  const copy = cloneDetached(self);
  copy.gradFn = self.gradFn;
  copy.outputNr = self.outputNr;
  copy.requiresGrad = self.requiresGrad;
  return copy;
}

/** Runs `compute` on (a snapshot of) self and writes the result into self, as PyTorch's `op_` does. */
export function applyInPlace(self: Tensor, compute: (original: Tensor) => Tensor): Tensor {
  checkInPlace(self);
  // assert_no_internal_overlap: an expanded tensor's elements share memory (only fill_ may write those).
  if (self.shape.some((size, d) => size > 1 && self.strides[d] === 0)) {
    throw runtimeError("unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.");
  }
  return writeInPlace(self, compute);
}

function writeInPlace(self: Tensor, compute: (original: Tensor) => Tensor): Tensor {
  const tracking = isGradEnabled();
  const result = compute(tracking ? snapshot(self) : self);
  // Only now is it known whether another operand makes the op need a graph.
  if (tracking && result.requiresGrad && !self.requiresGrad) checkInPlace(self, true);
  checkCastable(result, self);
  if (result.dim !== self.dim || result.shape.some((s, d) => s !== self.shape[d])) {
    throw runtimeError(`output with shape [${self.shape.join(", ")}] doesn't match the broadcast shape [${result.shape.join(", ")}]`);
  }
  copyInto(self, result);
  self.bumpVersion();
  if (!tracking || !result.requiresGrad) return self;
  const node = result.gradFn!;
  if (node instanceof FunctionNode) for (const saved of node.saved) saved.moveOutput(result, self);
  rebaseHistory(self, node, result.outputNr);
  return self;
}

/** self.copy_(src): src broadcast to self's shape and cast to its dtype (CopyBackwards). */
export function copy_(self: Tensor, src: Tensor): Tensor {
  broadcastShapes(self.shape, src.shape);
  return applyInPlace(self, (original) => {
    const spread = src.view(self.shape, broadcastStrides(src, self.shape), src.offset);
    const result = mapKernel(spread, self.dtype, (v) => castScalar(v, self.dtype));
    if (!isFloating(self.dtype)) return result;
    return record(result, {
      name: "CopyBackwards",
      inputs: [original, src],
      formula: (g, _saved, needs) => [
        needs[0] ? zerosLike(g) : null,
        needs[1] ? (isFloating(src.dtype) ? reduceGrad(g, src) : null) : null,
      ],
    });
  });
}

/** self.zero_() (ZeroBackward0). */
export function zero_(self: Tensor): Tensor {
  return fill(self, 0, "ZeroBackward0");
}

/** self.fill_(value) with a Python number (fill_.Scalar: FillBackward2). */
export function fill_(self: Tensor, value: number): Tensor {
  return fill(self, value, "FillBackward2");
}

function fill(self: Tensor, value: number, name: string): Tensor {
  checkInPlace(self);
  return writeInPlace(self, (original) => record(full(self.shape, value, self.dtype), {
    name, inputs: [original], formula: (g) => [zerosLike(g)],
  }));
}
