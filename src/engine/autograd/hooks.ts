// Tensor gradient hooks (`register_hook`): they see, and may replace, a tensor's gradient during
// backward, before a leaf accumulates it or a node consumes it.

import { runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import type { Node } from "./node";

export type GradHook = (grad: Tensor) => Tensor | null;

interface RegisteredHook {
  outputNr: number;
  hook: GradHook;
}

const leafHooks = new WeakMap<Tensor, GradHook[]>();
const nodeHooks = new WeakMap<Node, RegisteredHook[]>();

/** Registers `hook` on `t`; the returned function removes it (RemovableHandle.remove()). */
export function registerHook(t: Tensor, hook: GradHook): () => void {
  if (!t.requiresGrad) throw runtimeError("cannot register a hook on a tensor that doesn't require gradient");
  if (t.gradFn === null) {
    const hooks = leafHooks.get(t) ?? [];
    hooks.push(hook);
    leafHooks.set(t, hooks);
    return () => void hooks.splice(hooks.indexOf(hook) >>> 0, 1);
  }
  const entry = { outputNr: t.outputNr, hook };
  const hooks = nodeHooks.get(t.gradFn) ?? [];
  hooks.push(entry);
  nodeHooks.set(t.gradFn, hooks);
  return () => void hooks.splice(hooks.indexOf(entry) >>> 0, 1);
}

function runAll(hooks: readonly GradHook[], grad: Tensor): Tensor {
  for (const hook of [...hooks]) grad = hook(grad) ?? grad;
  return grad;
}

/** A leaf's hooks applied to the gradient about to be accumulated or captured. */
export function applyLeafHooks(leaf: Tensor, grad: Tensor): Tensor {
  const hooks = leafHooks.get(leaf);
  return hooks && hooks.length > 0 ? runAll(hooks, grad) : grad;
}

/** Hooks of the non-leaf outputs of `node`, applied to the gradients arriving at it (in place). */
export function applyNodeHooks(node: Node, grads: (Tensor | null)[]): void {
  const hooks = nodeHooks.get(node);
  if (!hooks) return;
  for (const { outputNr, hook } of [...hooks]) {
    const g = grads[outputNr];
    if (g !== null) grads[outputNr] = runAll([hook], g);
  }
}
