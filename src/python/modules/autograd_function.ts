// torch.autograd.Function: user-written forward/backward pairs. `Sub.apply(*args)` runs forward under
// no_grad with a ctx object and records one `<Sub>Backward` node whose backward calls the user's.

import { isGradEnabled, runtimeError, Tensor, withGradMode } from "../../engine";
import { CustomFunctionNode, CustomBackward, wrapOutputs } from "../../engine/autograd/custom_function";
import { SavedTensor } from "../../engine/autograd/node";
import { recordMany } from "../../engine/ops/record";
import { detach } from "../../engine/ops/view";
import { callValue, getClassObjectAttribute, PyClass, PyClassMethod, PyInstance, PyProperty, PyStaticMethod } from "../classes";
import { notImplemented, typeError } from "../errors";
import { truthy } from "../protocols";
import { typeName } from "../repr";
import { Kwargs, NativeImpl, PyBuiltin, PyCallable, PyModule, PyTuple, Value } from "../values";

const MODULE = "torch.autograd.function";

/** The ctx of one apply (PyTorch's BackwardCFunction, there the graph node itself; here the node points back to it). */
class FunctionContext extends PyInstance {
  toSave: readonly Value[] = [];
  dirty: readonly Value[] = [];
  nonDifferentiable: readonly Value[] = [];
  materializeGrads = true;
  node: CustomFunctionNode | null = null;
}

function contextOf(self: Value, method: string): FunctionContext {
  if (self instanceof FunctionContext) return self;
  throw typeError(`descriptor '${method}' for 'torch._C._FunctionBase' objects doesn't apply to a '${typeName(self)}' object`);
}

function ctxMethod(name: string, body: (ctx: FunctionContext, args: Value[]) => void): [string, Value] {
  return [name, new PyBuiltin(name, (args) => {
    body(contextOf(args[0], name), args.slice(1));
    return null;
  })];
}

const backwardCFunction = new PyClass("BackwardCFunction", [], new Map<string, Value>([
  ctxMethod("save_for_backward", (ctx, args) => { ctx.toSave = args; }),
  ctxMethod("mark_dirty", (ctx, args) => { ctx.dirty = args; }),
  ctxMethod("mark_non_differentiable", (ctx, args) => { ctx.nonDifferentiable = args; }),
  ctxMethod("set_materialize_grads", (ctx, args) => { ctx.materializeGrads = truthy(args[0] ?? null); }),
  ["saved_tensors", new PyProperty(new PyBuiltin("saved_tensors", (args) => {
    const node = contextOf(args[0], "saved_tensors").node;
    return new PyTuple(node === null ? [] : node.savedTensors());
  }))],
]), MODULE);

/** `<Name>Backward`, the class of every ctx of one Function subclass (FunctionMeta makes it in PyTorch). */
const backwardClasses = new WeakMap<PyClass, PyClass>();

function backwardClassOf(cls: PyClass): PyClass {
  let backwardClass = backwardClasses.get(cls);
  if (backwardClass === undefined) {
    backwardClass = new PyClass(`${cls.name}Backward`, [backwardCFunction], new Map<string, Value>([["_forward_cls", cls]]), MODULE);
    backwardClasses.set(cls, backwardClass);
  }
  return backwardClass;
}

/** The tensors passed to ctx.mark_dirty / mark_non_differentiable; PyTorch rejects anything else. */
function markedTensors(values: readonly Value[], reject: (i: number, type: string) => string): Tensor[] {
  return values.map((v, i) => {
    if (!(v instanceof Tensor)) throw runtimeError(reject(i, typeName(v)));
    return v;
  });
}

function saveTensors(values: readonly Value[]): (SavedTensor | null)[] {
  return values.map((v, i) => {
    if (v === null) return null;
    if (!(v instanceof Tensor)) throw typeError(`save_for_backward can only save variables, but argument ${i} is of type ${typeName(v)}`);
    return new SavedTensor(v, "saved");
  });
}

/** Calls the user's backward (PyNode::apply): one gradient per forward argument, None for non-tensors. */
function userBackward(cls: PyClass, ctx: FunctionContext, isTensorArg: readonly boolean[]): CustomBackward {
  return (node, grads) => {
    const args = grads.map((g, i) => {
      const meta = node.outputs[i];
      return g ?? (ctx.materializeGrads && meta !== null ? Tensor.zeros(meta.shape, meta.dtype) : null);
    });
    const result = callValue(getClassObjectAttribute(cls, "backward"), [ctx, ...args], null);
    let items = result instanceof PyTuple ? result.items : [result];
    const expected = isTensorArg.length;
    // Extra trailing Nones are allowed and dropped.
    if (items.length > expected && items.slice(expected).every((g) => g === null)) items = items.slice(0, expected);
    if (items.length !== expected) {
      throw runtimeError(`function ${node.name} returned an incorrect number of gradients (expected ${expected}, got ${items.length})`);
    }
    const gradients: (Tensor | null)[] = [];
    items.forEach((g, i) => {
      if (!isTensorArg[i]) {
        if (g !== null) throw runtimeError(`function ${node.name} returned a gradient different than None at position ${i + 1}, but the corresponding forward input was not a Variable`);
      } else if (g === null || g instanceof Tensor) {
        gradients.push(g);
      } else {
        throw runtimeError(`expected Variable or None (got ${typeName(g)})`);
      }
    });
    return gradients;
  };
}

function apply(cls: PyClass, args: Value[], kwargs: Kwargs): Value {
  if (kwargs !== null && kwargs.size > 0) throw typeError("apply() takes no keyword arguments");
  const ctx = new FunctionContext(backwardClassOf(cls));
  const isTensorArg = args.map((a) => a instanceof Tensor);
  const tensorInputs = args.filter((a): a is Tensor => a instanceof Tensor);
  ctx.dict.set("needs_input_grad", new PyTuple(args.map((a) => a instanceof Tensor && a.requiresGrad)));
  // As in PyTorch, the node (and its edges) exists before forward runs.
  const node = isGradEnabled() && tensorInputs.some((t) => t.requiresGrad)
    ? new CustomFunctionNode(ctx.cls.name, tensorInputs, userBackward(cls, ctx, isTensorArg), ctx)
    : null;
  const raw = withGradMode(false, () => callValue(getClassObjectAttribute(cls, "forward"), [ctx, ...args], null));
  const outputs = wrapOutputs(node, tensorInputs, raw instanceof PyTuple ? raw.items : [raw], {
    dirty: markedTensors(ctx.dirty, (i, type) => `mark_dirty can only accept variables, but argument ${i} is of type ${type}`),
    nonDifferentiable: markedTensors(ctx.nonDifferentiable, (_, type) => `mark_non_differentiable only accepts variable arguments, but got ${type}`),
  }) as Value[];
  // Saved after wrapping, so a saved output unpacks with this node as its grad_fn.
  if (node !== null) node.saved = saveTensors(ctx.toSave);
  ctx.node = node;
  ctx.toSave = [];
  return raw instanceof PyTuple ? new PyTuple(outputs) : outputs[0];
}

const ONCE_DIFFERENTIABLE_ERROR = "trying to differentiate twice a function that was marked with @once_differentiable";

/**
 * Outputs of a once_differentiable backward under create_graph: aliases whose grad_fn (`Error`)
 * raises if anything differentiates through them (PyTorch's DelayedError).
 */
function delayedError(outputs: Value): Value {
  const items = outputs instanceof PyTuple ? outputs.items : [outputs];
  const leaves: Tensor[] = [];
  const aliases: Tensor[] = [];
  const wrapped = items.map((v) => {
    if (!(v instanceof Tensor)) return v;
    const leaf = detach(v);
    leaf.requiresGrad = true;
    leaves.push(leaf);
    aliases.push(detach(leaf));
    return aliases[aliases.length - 1];
  });
  recordMany(aliases, { name: "Error", inputs: leaves, formula: () => { throw runtimeError(ONCE_DIFFERENTIABLE_ERROR); } });
  return wrapped.length === 1 ? wrapped[0] : new PyTuple(wrapped);
}

function onceDifferentiable(args: Value[]): Value {
  const fn = args[0];
  const impl: NativeImpl = (callArgs, kwargs) => {
    const outputs = withGradMode(false, () => callValue(fn, callArgs, kwargs));
    if (!isGradEnabled()) return outputs;
    const requiresGrad = callArgs.slice(1).some((a) => a instanceof Tensor && a.requiresGrad);
    return requiresGrad ? delayedError(outputs) : outputs;
  };
  return new PyBuiltin(fn instanceof PyCallable ? fn.name : "wrapper", impl);
}

const staticRaising = (name: string, message: string): [string, Value] =>
  [name, new PyStaticMethod(new PyBuiltin(name, () => { throw notImplemented(message); }))];

export const functionClass = new PyClass("Function", [], new Map<string, Value>([
  ["apply", new PyClassMethod(new PyBuiltin("apply", (args, kwargs) => apply(args[0] as PyClass, args.slice(1), kwargs)))],
  staticRaising("forward", "You must implement the forward function for custom autograd.Function."),
  staticRaising("backward", "You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD."),
]), MODULE);

export function createFunctionModule(): PyModule {
  return new PyModule(MODULE, new Map<string, Value>([
    ["Function", functionClass],
    ["once_differentiable", new PyBuiltin("once_differentiable", onceDifferentiable)],
  ]), "/usr/lib/python3/dist-packages/torch/autograd/function.py");
}
