// What every in-place sampler shares: PyTorch's dtype check, the refusal of tracked leaves, the
// version bump, and the zero-gradient node a tracked non-leaf gets (NormalBackward0, ...).

import { isFloating } from "../dtype";
import { isGradEnabled } from "../grad_mode";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { scalarTypeName } from "../ops/elementwise";
import { checkInPlace } from "../ops/inplace";
import { record } from "../ops/record";

/** The error a CPU kernel dispatched only for floating dtypes raises for any other. */
export function requireFloating(t: Tensor, kernel: string): void {
  if (!isFloating(t.dtype)) throw runtimeError(`"${kernel}" not implemented for '${scalarTypeName(t.dtype)}'`);
}

export function zerosLike(t: Tensor): Tensor {
  return Tensor.zeros(t.shape, t.dtype);
}

/** Runs `fill` on `self` as an in-place op whose backward node is `gradFn`, with zero gradient. */
export function sampleInPlace(self: Tensor, gradFn: string, fill: () => void): Tensor {
  checkInPlace(self);
  fill();
  self.bumpVersion();
  if (isGradEnabled() && self.requiresGrad) {
    record(self, { name: gradFn, inputs: [self], formula: (grad, _saved, needs) => [needs[0] ? zerosLike(grad) : null] });
    self.outputNr = 0;
  }
  return self;
}
