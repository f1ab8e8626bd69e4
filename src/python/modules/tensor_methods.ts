// Tensor attributes and methods as Python code uses them, declared once in a table.

import * as E from "../../engine";
import { Tensor } from "../../engine";
import { parseArgs } from "../args";
import { attributeError, PyException, typeError } from "../errors";
import { pythonScalar, scalarArg } from "./tensor_args";
import { cpuDevice } from "./bindings/conversion";
import { asIndex, toArray, truthy } from "../protocols";
import { typeName } from "../repr";
import { Kwargs, PyBoundMethod, PyCallable, PyList, PySize, Value } from "../values";
import { dtypeObjects } from "./dtypes";
import { formatValue } from "../formatting";
import { callValue } from "../classes";
import { removableHandle } from "./nn/removable_handle";
import type { TensorMethod } from "./binding";
import { allBindings } from "./bindings";

export type { TensorMethod };

/** A Python number from one tensor element, as `.item()` returns it. */
export function toList(t: Tensor): Value {
  const build = (offset: number, dim: number): Value => {
    if (dim === t.dim) return pythonScalar(t.at(offset), t.dtype);
    const items: Value[] = [];
    const inner = t.shape.slice(dim + 1).reduce((n, s) => n * s, 1);
    for (let i = 0; i < t.shape[dim]; i++) items.push(build(offset + i * inner, dim + 1));
    return new PyList(items);
  };
  return build(0, 0);
}

function backwardMethod(self: Tensor, args: Value[], kwargs: Kwargs): Value {
  const [gradient, retainGraph, createGraph, inputs] = parseArgs("backward", ["gradient?", "retain_graph?", "create_graph?", "inputs?"], args, kwargs);
  const create = createGraph !== undefined && truthy(createGraph);
  const options = { retainGraph: retainGraph === undefined || retainGraph === null ? create : truthy(retainGraph), createGraph: create };
  runBackward([self], [gradient instanceof Tensor ? gradient : null], options, inputs);
  return null;
}

/**
 * tensor.backward / torch.autograd.backward. With `inputs`, only the listed tensors accumulate
 * (leaves or not), as PyTorch does.
 */
export function runBackward(roots: Tensor[], grads: (Tensor | null)[], options: E.BackwardOptions, inputs: Value | undefined): void {
  if (inputs === undefined || inputs === null) {
    E.backward(roots, grads, options);
    return;
  }
  const targets = (inputs instanceof Tensor ? [inputs] : toArray(inputs)).map((t) => {
    if (!(t instanceof Tensor)) throw typeError(`backward(): inputs must be Tensors, not ${typeName(t)}`);
    return t;
  });
  const captured = E.grad(roots, targets, grads, { ...options, allowUnused: true });
  targets.forEach((t, i) => {
    const g = captured[i];
    if (g === null) return;
    const current = t.gradQuiet;
    t.grad = current === null ? E.cloneDetached(g) : E.accumulateInto(current, g);
  });
}

export const tensorMethods = new Map<string, TensorMethod>([
  ["backward", backwardMethod],
  ["zero_", (self) => {
    E.getEventLog()?.zeroed(self);
    return E.zero_(self);
  }],
  ["fill_", (self, args, kwargs) => E.fill_(self, E.scalarValue(scalarArg(parseArgs("fill_", ["value"], args, kwargs)[0], "fill_")!))],
  ["detach", (self) => E.noteCut("detach", self, E.detach(self))],
  ["detach_", (self) => {
    if (self.viewInfo !== null) throw new PyException("RuntimeError", DETACH_VIEW_IN_PLACE);
    E.noteCut("detach", self, self);
    self.gradFn = null;
    self.requiresGrad = false;
    return self;
  }],
  ["requires_grad_", (self, args, kwargs) => {
    const [flag] = parseArgs("requires_grad_", ["requires_grad?"], args, kwargs);
    setRequiresGrad(self, flag === undefined ? true : truthy(flag), "method");
    return self;
  }],
  ["retain_grad", (self) => {
    if (self.isLeaf) return null;
    self.retainsGrad = true;
    const node = self.gradFn!;
    node.retainedOutputs ??= [];
    if (!node.retainedOutputs.includes(self)) node.retainedOutputs.push(self);
    return null;
  }],
  ["register_hook", (self, args, kwargs) => registerHook(self, parseArgs("register_hook", ["hook"], args, kwargs)[0]!)],
  ["item", (self) => pythonScalar(self.item(), self.dtype)],
  ["is_inference", (self) => self.isInference],
  ["tolist", (self) => toList(self)],
  ["size", (self, args, kwargs) => {
    const [dim] = parseArgs("size", ["dim?"], args, kwargs);
    return dim === undefined || dim === null ? new PySize([...self.shape]) : self.shape[E.normalizeDim(asIndex(dim), self.dim)];
  }],
  ["dim", (self) => self.dim],
  ["numel", (self) => self.numel],
  ["is_floating_point", (self) => E.isFloating(self.dtype)],
  ["__format__", (self, args) => formatValue(self, String(args[0] ?? ""))],
  ...allBindings.flatMap((b) => [...(b.methods ?? [])]),
]);

/** Methods torch does not also expose as `torch.<name>(tensor, ...)`. */
export const methodOnly = new Set<string>([
  "backward", "register_hook", "is_inference", "zero_", "fill_", "detach_", "requires_grad_", "retain_grad", "item", "tolist", "view",
  "add_", "sub_", "mul_", "div_", "__iadd__", "__isub__", "__imul__", "__itruediv__", "size", "dim",
  "__format__",
  ...allBindings.flatMap((b) => [...(b.methodOnly ?? [])]),
]);

const DETACH_VIEW_IN_PLACE = "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.";

/** tensor.register_hook(fn): fn(grad) may return a replacement gradient; returns a RemovableHandle. */
function registerHook(self: Tensor, hook: Value): Value {
  const remove = E.registerHook(self, (grad) => {
    const replaced = callValue(hook, [grad], null);
    if (replaced !== null && !(replaced instanceof Tensor)) {
      throw typeError(`hook should return None or a Tensor, not ${typeName(replaced)}`);
    }
    return replaced;
  }, hook instanceof PyCallable ? hook.name : "<unknown>");
  return removableHandle(remove);
}

/** `kind`: requires_grad_() and the attribute word their refusal differently in PyTorch. */
function setRequiresGrad(self: Tensor, flag: boolean, kind: "method" | "attribute"): void {
  if (!self.isLeaf) {
    if (!flag) throw new PyException("RuntimeError", "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    return;
  }
  if (flag && !E.isFloating(self.dtype)) {
    throw new PyException("RuntimeError", kind === "method"
      ? "only Tensors of floating point dtype can require gradients"
      : "only Tensors of floating point and complex dtype can require gradients");
  }
  if (!flag) E.noteCut("requires_grad_", self, self);
  self.requiresGrad = flag;
}

export function tensorAttribute(t: Tensor, name: string): Value {
  switch (name) {
    case "grad": return t.grad;
    case "requires_grad": return t.requiresGrad;
    case "is_leaf": return t.isLeaf;
    case "grad_fn": return t.gradFn;
    case "shape": return new PySize([...t.shape]);
    // .data shares the memory but not the version counter: autograd does not see edits through it.
    case "data": return E.noteCut("data", t, new Tensor(new E.TensorStorage(t.storage.data), t.dtype, t.shape, t.strides, t.offset));
    case "dtype": return dtypeObjects.get(t.dtype)!;
    case "ndim": return t.dim;
    case "T": return E.numpyT(t);
    case "retains_grad": return t.retainsGrad;
    case "_version":
      if (t.isInference) throw new PyException("RuntimeError", "Inference tensors do not track version counter.");
      return t.version;
    case "device": return cpuDevice;
    case "is_cuda": return false;
  }
  const method = tensorMethods.get(name);
  if (method) return new PyBoundMethod(name, t, (self, args, kwargs) => method(self as Tensor, args, kwargs));
  throw attributeError(`'Tensor' object has no attribute '${name}'`);
}

export function setTensorAttribute(t: Tensor, name: string, value: Value): void {
  switch (name) {
    case "grad":
      if (value !== null && !(value instanceof Tensor)) throw typeError(`assigned grad expected to be a Tensor or None but got grad of type ${typeName(value)}`);
      E.getEventLog()?.gradReset("assign", [t]);
      t.grad = value;
      return;
    case "requires_grad":
      setRequiresGrad(t, truthy(value), "attribute");
      return;
    case "data":
      if (!(value instanceof Tensor)) throw typeError(`data must be a Tensor, not ${typeName(value)}`);
      E.copyInto(t, value);
      return;
  }
  throw attributeError(`'Tensor' object attribute '${name}' is read-only`);
}
