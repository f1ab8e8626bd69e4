// In-place writes through views (PyTorch's rebase_history): the root base takes a CopySlices node
// wrapping the in-place op's node, and every view of that base regenerates its grad_fn
// (AsStridedBackward0) the next time it is asked for, because their shared version moved on.

import { runtimeError } from "../errors";
import { isGradEnabled } from "../grad_mode";
import { gradientEdge, record } from "../ops/record";
import { where } from "../ops/select";
import { stridedCopy } from "../ops/strided_copy";
import { Tensor, ViewInfo } from "../tensor";
import { updateInPlace } from "../ops/kernels";
import { FunctionNode, MultiOutputNode, Node } from "./node";

/** Re-creates a view from any tensor shaped like its root base, recording as the view ops do. */
export type Replay = (root: Tensor) => Tensor;

/** How a view was made, for the in-place checks (PyTorch's CreationMeta). */
type Creation = "default" | "no_grad";

class DifferentiableView implements ViewInfo {
  constructor(readonly base: Tensor, readonly replay: Replay, readonly creation: Creation, public version: number) {}

  /** VariableHooks::grad_fn: the base or another view was written since this view's grad_fn was made. */
  refresh(view: Tensor): void {
    if (view.ownGradFn === null && !this.base.requiresGrad) return;
    checkViewRebase(view, true);
    this.version = view.storage.version;
    const { base, replay } = this;
    const shape = base.shape;
    view.gradFn = new FunctionNode("AsStridedBackward0", [gradientEdge(base)], (g) => [embedInBase(g, shape, replay)], [], {});
    view.outputNr = 0;
  }
}

/** A tensor's view record: DifferentiableView is the only ViewInfo there is. */
function viewOf(t: Tensor): DifferentiableView | null {
  return t.viewInfo as DifferentiableView | null;
}

/** Makes `out` a view of `base` (the root of `base` when that is a view itself); returns it. */
export function asView(base: Tensor, out: Tensor, replay: Replay): Tensor {
  const parent = viewOf(base);
  const creation: Creation = parent?.creation === "no_grad" || !isGradEnabled() ? "no_grad" : "default";
  const root = parent ? parent.base : base;
  const fromRoot: Replay = parent ? (t) => replay(parent.replay(t)) : replay;
  out.viewInfo = new DifferentiableView(root, fromRoot, creation, out.storage.version);
  return out;
}

/** The root base of a view and how to re-create the view from it; null for a tensor that is no view. */
export function viewOrigin(t: Tensor): { root: Tensor; replay: Replay } | null {
  const info = viewOf(t);
  return info === null ? null : { root: info.base, replay: info.replay };
}

/**
 * A view-shaped gradient written into zeros shaped like the base. It is differentiable: its own
 * gradient reads the view back out of the base-shaped one.
 */
export function embedInBase(g: Tensor, shape: readonly number[], replay: Replay): Tensor {
  const base = Tensor.zeros(shape, g.dtype);
  stridedCopy(replay(base), g);
  return record(base, { name: "AsStridedBackwardBackward0", inputs: [g], formula: (gg) => [replay(gg)] });
}

/** handle_view_on_rebase: views PyTorch refuses to let in-place ops (or their bases') rewrite. */
export function checkViewRebase(view: Tensor, indirect: boolean): void {
  const info = viewOf(view)!;
  const node = view.ownGradFn;
  const multiOutput = node instanceof MultiOutputNode;
  if (info.creation === "default" && !multiOutput) return;
  const modified = indirect ? "its base or another view of its base has been" : "is being";
  const origin = node ? `Output ${view.outputNr} of ${node.name} is a view` : "";
  let message: string;
  if (info.creation === "no_grad" || node === null) {
    const prefix = node ? `${origin} of a view which was created in` : "A view was created in";
    message = `${prefix} no_grad mode and ${modified} modified inplace with grad mode enabled.`;
  } else {
    message = `${origin} and ${modified} modified inplace.`;
  }
  message += multiOutput
    ? " This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one."
    : " Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).";
  throw runtimeError(message);
}

/**
 * The base's node after an in-place op `fn` ran on one of its views: the base's gradient passes
 * through unchanged outside the view, and the view's part goes through `fn`.
 */
export class CopySlices extends Node {
  readonly name = "CopySlices";
  private readonly shape: readonly number[];

  constructor(base: Tensor, private readonly replay: Replay, private readonly fn: Node) {
    super([gradientEdge(base), ...fn.nextEdges.slice(1)]);
    this.shape = base.shape;
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    const g = grads[0];
    if (g === null) return this.nextEdges.map(() => null);
    const res = this.fn.apply([this.replay(g)]);
    const written = Tensor.zeros(this.shape, "bool");
    updateInPlace(this.replay(written), () => 1);
    const slice = res[0];
    const baseGrad = where(written, slice === null ? 0 : embedInBase(slice, this.shape, this.replay), g);
    return [baseGrad, ...res.slice(1)];
  }

  release(): void {
    this.fn.release();
  }
}

/**
 * Gives `self` the history of the in-place op whose node is `node` (rebase_history): its own when
 * it is no view, else CopySlices on its base, with `self` regenerated from the base.
 */
export function rebaseHistory(self: Tensor, node: Node, outputNr: number): void {
  const info = viewOf(self);
  if (info === null) {
    self.gradFn = node;
    self.outputNr = outputNr;
    return;
  }
  info.base.gradFn = new CopySlices(info.base, info.replay, node);
  info.base.outputNr = 0;
  // PyTorch regenerates the written view's grad_fn at once (self.grad_fn()), not on first use.
  info.version = -1;
  void self.gradFn;
}
