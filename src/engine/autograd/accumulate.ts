// AccumulateGrad: where a leaf's gradient lands in `.grad`.

import { isGradEnabled } from "../grad_mode";
import { getCurrentSite, Node } from "./node";
import type { Tensor } from "../tensor";
import { accumulateInto, cloneDetached } from "../ops/inplace";
import { record } from "../ops/record";
import { getEventLog } from "../events";

/** Under create_graph the first gradient is stored as a differentiable copy (CopyBackwards). */
function recordedCopy(g: Tensor): Tensor {
  return record(cloneDetached(g), { name: "CopyBackwards", inputs: [g], formula: (grad) => [grad] });
}

export class AccumulateGrad extends Node {
  readonly name = "AccumulateGrad";
  /** AccumulateGrad runs as soon as it is ready, before any other node (PyTorch's UINT64_MAX). */
  get priority(): number {
    return Number.MAX_SAFE_INTEGER;
  }

  constructor(readonly variable: Tensor) {
    super([]);
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    const incoming = grads[0];
    if (incoming === null) return [];
    const variable = this.variable;
    const current = variable.gradQuiet;
    const log = getEventLog();
    const before = log && current ? cloneDetached(current) : null;
    const after = current === null ? (isGradEnabled() ? recordedCopy(incoming) : cloneDetached(incoming)) : accumulateInto(current, incoming);
    variable.grad = after;
    log?.accumulate(variable, before, after, getCurrentSite());
    return [];
  }
}
