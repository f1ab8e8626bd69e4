// Tensor gradient hooks (`register_hook`): they see, and may replace, a tensor's gradient during
// backward, before a leaf accumulates it or a node consumes it. A non-leaf's retain_grad() acts as
// one more hook, in the order it was asked for (PyTorch 1.13 registers it as a hook).

import { runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import { add } from "../ops/elementwise";
import { cloneDetached } from "../ops/inplace";
import { type Node, tensorTypeName } from "./node";

/** Called with null where no gradient reached the tensor (a sibling output of its node did). */
export type GradHook = (grad: Tensor | null) => Tensor | null;

interface RegisteredHook {
  outputNr: number;
  hook: GradHook;
  /** Shown in the error when the hook changes the gradient's shape. */
  name: string;
  /** Registered before the tensor's retain_grad(): its result is what .grad retains. */
  beforeRetain: boolean;
}

const leafHooks = new WeakMap<Tensor, RegisteredHook[]>();
const nodeHooks = new WeakMap<Node, RegisteredHook[]>();

/** Registers `hook` on `t`; the returned function removes it (RemovableHandle.remove()). */
export function registerHook(t: Tensor, hook: GradHook, name = "<unknown>"): () => void {
  if (!t.requiresGrad) throw runtimeError("cannot register a hook on a tensor that doesn't require gradient");
  const node = t.gradFn;
  const entry = { outputNr: t.outputNr, hook, name, beforeRetain: !t.retainsGrad };
  const table: WeakMap<object, RegisteredHook[]> = node === null ? leafHooks : nodeHooks;
  const owner = node ?? t;
  const hooks = table.get(owner) ?? [];
  hooks.push(entry);
  table.set(owner, hooks);
  return () => void hooks.splice(hooks.indexOf(entry) >>> 0, 1);
}

/** check_single_result: a hook may not give a gradient where there was none, nor change its type or shape. */
function run(entry: RegisteredHook, grad: Tensor | null): Tensor | null {
  const result = entry.hook(grad);
  if (result === null) return grad;
  if (grad === null) throw runtimeError("can't replace a None gradient with a non-None value");
  if (result.dtype !== grad.dtype) {
    throw runtimeError(`hook '${entry.name}' has changed the type of value (was ${tensorTypeName(grad)} got ${tensorTypeName(result)})`);
  }
  if (result.dim !== grad.dim || result.shape.some((s, d) => s !== grad.shape[d])) {
    throw runtimeError(`hook '${entry.name}' has changed the size of value`);
  }
  return result;
}

/** A leaf's hooks applied to the gradient about to be accumulated or captured. */
export function applyLeafHooks(leaf: Tensor, grad: Tensor): Tensor {
  const hooks = leafHooks.get(leaf);
  if (!hooks) return grad;
  let g = grad;
  for (const entry of [...hooks]) g = run(entry, g)!;
  return g;
}

/** The hooks and retained gradients of `node`'s non-leaf outputs, applied to the gradients arriving at it (in place). */
export function applyNodeHooks(node: Node, grads: (Tensor | null)[]): void {
  const hooks = nodeHooks.get(node);
  if (hooks) for (const entry of [...hooks]) if (entry.beforeRetain) grads[entry.outputNr] = run(entry, grads[entry.outputNr] ?? null);
  if (node.retainedOutputs !== null) for (const tensor of node.retainedOutputs) retain(tensor, grads[tensor.outputNr] ?? null);
  if (hooks) for (const entry of [...hooks]) if (!entry.beforeRetain) grads[entry.outputNr] = run(entry, grads[entry.outputNr] ?? null);
}

function retain(tensor: Tensor, g: Tensor | null): void {
  if (g === null) return;
  const current = tensor.gradQuiet;
  tensor.grad = current === null ? cloneDetached(g) : add(current, g);
}
