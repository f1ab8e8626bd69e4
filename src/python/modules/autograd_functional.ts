// torch.autograd.functional: jacobian, hessian, vjp, jvp, vhp and hvp, step for step as PyTorch
// 1.13's torch/autograd/functional.py computes them (row-by-row jacobians, the double-backward
// trick for forward-mode products), so values, grad_fns and error messages come out the same.

import * as E from "../../engine";
import { Tensor } from "../../engine";
import { parseArgs } from "../args";
import { callValue, PyInstance } from "../classes";
import { notImplemented, PyException, typeError } from "../errors";
import { truthy } from "../protocols";
import { repr, typeName } from "../repr";
import { Kwargs, PyBuiltin, PyModule, PyTuple, Value } from "../values";

/** A function of tensors, as `func(*inputs)` calls it: the user's callable or one built here. */
type TensorFunction = (inputs: Tensor[]) => Value;
type Grads = (Tensor | null)[];

const runtime = (message: string): PyException => new PyException("RuntimeError", message);

function classRepr(v: Value): string {
  if (v instanceof PyInstance) return repr(v.cls);
  return `<class '${v instanceof Tensor ? "torch.Tensor" : typeName(v)}'>`;
}

/** _as_tuple: whether `value` was a tuple, and its tensors (anything else is a TypeError). */
function asTuple(value: Value, argName: string, fnName: string): [boolean, Tensor[]] {
  const isTuple = value instanceof PyTuple;
  const items = value instanceof PyTuple ? value.items : [value];
  const tensors = items.map((el, i) => {
    if (el instanceof Tensor) return el;
    const which = isTuple ? `value at index ${i}` : `given ${argName}`;
    throw typeError(`The ${argName} given to ${fnName} must be either a Tensor or a tuple of Tensors but the ${which} has type ${classRepr(el)}.`);
  });
  return [isTuple, tensors];
}

/**
 * _grad_preprocess: always a new tensor object, so the inputs we differentiate are told apart from
 * the same tensors captured by the user's function; a view keeps history only under create_graph.
 */
function gradPreprocess(inputs: readonly Tensor[], createGraph: boolean, needGraph: boolean): Tensor[] {
  return inputs.map((inp) => {
    if (createGraph && inp.requiresGrad) return E.view(inp, inp.shape);
    const fresh = E.detach(inp);
    if (needGraph && !E.isFloating(fresh.dtype)) throw runtime("only Tensors of floating point dtype can require gradients");
    fresh.requiresGrad = needGraph;
    return fresh;
  });
}

/** _grad_postprocess: results carry no history unless create_graph asked for it. */
function gradPostprocess(tensors: readonly Tensor[], createGraph: boolean): Tensor[] {
  return createGraph ? [...tensors] : tensors.map((t) => E.detach(t));
}

/** _tuple_postprocess for a flat result: undoes _as_tuple's wrapping. */
function unpack(res: readonly Tensor[], wasTuple: boolean): Value {
  return wasTuple ? new PyTuple(res) : res[0];
}

const sizeRepr = (t: Tensor): string => `torch.Size([${t.shape.join(", ")}])`;

function validateV(v: readonly Tensor[], other: readonly Tensor[], isOtherTuple: boolean): void {
  if (other.length !== v.length) {
    throw runtime(isOtherTuple ? `v is a tuple of invalid length: should be ${other.length} but got ${v.length}.` : "The given v should contain a single Tensor.");
  }
  v.forEach((el, idx) => {
    const ref = other[idx];
    if (el.dim !== ref.dim || el.shape.some((s, k) => s !== ref.shape[k])) {
      const prepend = isOtherTuple ? `Entry ${idx} in ` : "";
      throw runtime(`${prepend}v has invalid size: should be ${sizeRepr(ref)} but got ${sizeRepr(el)}.`);
    }
  });
}

type RequiresGradKind = "outputs" | "grad_inputs" | "jacobian" | "hessian";

/** _check_requires_grad: strict mode's refusals of outputs or gradients that cannot depend on the inputs. */
function checkRequiresGrad(inputs: readonly (Tensor | null)[], kind: RequiresGradKind, strict: boolean): void {
  if (!strict) return;
  inputs.forEach((inp, i) => {
    if (inp === null) {
      throw runtime(`The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`);
    }
    if (inp.requiresGrad) return;
    switch (kind) {
      case "hessian":
        throw runtime(`The hessian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is thrice differentiable and that the hessian depends on the inputs.`);
      case "jacobian":
        throw runtime(`While computing the hessian, found that the jacobian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is twice differentiable and that the jacobian depends on the inputs (this would be violated by a linear function for example).`);
      case "grad_inputs":
        throw runtime(`The gradient with respect to input ${i} is independent of the inputs of the user-provided function. This is not allowed in strict mode.`);
      case "outputs":
        throw runtime(`Output ${i} of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.`);
    }
  });
}

/** _autograd_grad: autograd.grad that skips outputs which are None or do not require grad. */
function autogradGrad(
  outputs: readonly (Tensor | null)[], inputs: readonly Tensor[], gradOutputs: readonly (Tensor | null)[] | null,
  createGraph: boolean, retainGraph = createGraph,
): Grads {
  const kept: Tensor[] = [];
  const keptGrads: (Tensor | null)[] = [];
  outputs.forEach((out, i) => {
    if (out === null || !out.requiresGrad) return;
    kept.push(out);
    keptGrads.push(gradOutputs === null ? null : gradOutputs[i]);
  });
  if (kept.length === 0) return inputs.map(() => null);
  return E.grad(kept, inputs, keptGrads, { allowUnused: true, createGraph, retainGraph });
}

type Stage = "back" | "back_trick" | "double_back" | "double_back_trick";

/** _fill_in_zeros: a missing gradient is zeros shaped like its reference, unless strict mode refuses it. */
function fillInZeros(grads: Grads, refs: readonly Tensor[], strict: boolean, createGraph: boolean, stage: Stage): Tensor[] {
  return grads.map((g, i) => {
    if (g === null) {
      if (strict) throw runtime(independentMessage(stage, i));
      return E.zerosLike(refs[i]);
    }
    if (strict && createGraph && !g.requiresGrad) {
      const what = stage.startsWith("double") ? "hessian" : "jacobian";
      throw runtime(`The ${what} of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`);
    }
    return g;
  });
}

function independentMessage(stage: Stage, i: number): string {
  switch (stage) {
    case "back":
      return `The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`;
    case "back_trick":
      return `The gradient with respect to the input is independent of entry ${i} in the grad_outputs when using the double backward trick to compute forward mode gradients. This is not allowed in strict mode.`;
    case "double_back":
      return `The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`;
    case "double_back_trick":
      return `The hessian of the user-provided function is independent of entry ${i} in the grad_jacobian. This is not allowed in strict mode as it prevents from using the double backward trick to replace forward mode AD.`;
  }
}

interface ProductOptions {
  createGraph: boolean;
  strict: boolean;
}

/** The vector of a product (preprocessed, size-checked), or null where v may be left out. */
function productVector(v: Value | null, refs: readonly Tensor[], refsTuple: boolean, fnName: string, createGraph: boolean, missing: string): Tensor[] | null {
  if (v !== null) {
    const vs = gradPreprocess(asTuple(v, "v", fnName)[1], createGraph, false);
    validateV(vs, refs, refsTuple);
    return vs;
  }
  if (refs.length !== 1 || refs[0].numel !== 1) throw runtime(missing);
  return null;
}

/** The grad-mode the final backward of a product runs under. */
const finalGradMode = (createGraph: boolean): boolean => createGraph || E.isGradEnabled();

function vjp(func: TensorFunction, inputsValue: Value, v: Value | null, { createGraph, strict }: ProductOptions): Value {
  const [isInputsTuple, outputsTuple, inputs, outputs, vs] = E.withGradMode(true, () => {
    const [inTuple, raw] = asTuple(inputsValue, "inputs", "vjp");
    const ins = gradPreprocess(raw, createGraph, true);
    const [outTuple, outs] = asTuple(func(ins), "outputs of the user-provided function", "vjp");
    checkRequiresGrad(outs, "outputs", strict);
    const vec = productVector(v, outs, outTuple, "vjp", createGraph,
      "The vector v can only be None if the user-provided function returns a single Tensor with a single element.");
    return [inTuple, outTuple, ins, outs, vec] as const;
  });
  const result = E.withGradMode(finalGradMode(createGraph), () =>
    fillInZeros(autogradGrad(outputs, inputs, vs, createGraph), inputs, strict, createGraph, "back"));
  return new PyTuple([
    unpack(gradPostprocess(outputs, createGraph), outputsTuple),
    unpack(gradPostprocess(result, createGraph), isInputsTuple),
  ]);
}

/** jvp by the double-backward trick: the backward is linear in grad_outputs, so differentiate it again. */
function jvp(func: TensorFunction, inputsValue: Value, v: Value | null, { createGraph, strict }: ProductOptions): Value {
  const [outputsTuple, outputs, gradOutputs, gradInputs, vs] = E.withGradMode(true, () => {
    const [inTuple, raw] = asTuple(inputsValue, "inputs", "jvp");
    const ins = gradPreprocess(raw, createGraph, true);
    const vec = productVector(v, ins, inTuple, "jvp", createGraph,
      "The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.");
    const [outTuple, outs] = asTuple(func(ins), "outputs of the user-provided function", "jvp");
    checkRequiresGrad(outs, "outputs", strict);
    // Any finite value works here: it does not appear in the double-backward graph.
    const dummies = outs.map((out) => {
      if (!E.isFloating(out.dtype)) throw runtime("Only Tensors of floating point and complex dtype can require gradients");
      const zeros = E.zerosLike(out);
      zeros.requiresGrad = true;
      return zeros;
    });
    const gradIns = autogradGrad(outs, ins, dummies, true);
    checkRequiresGrad(gradIns, "grad_inputs", strict);
    return [outTuple, outs, dummies, gradIns, vec] as const;
  });
  const result = E.withGradMode(finalGradMode(createGraph), () =>
    fillInZeros(autogradGrad(gradInputs, gradOutputs, vs, createGraph), outputs, strict, createGraph, "back_trick"));
  return new PyTuple([
    unpack(gradPostprocess(outputs, createGraph), outputsTuple),
    unpack(gradPostprocess(result, createGraph), outputsTuple),
  ]);
}

interface JacobianOptions extends ProductOptions {
  vectorize: boolean;
  strategy: string;
}

/**
 * The reverse-mode jacobian, one autograd.grad call per output element. vectorize=True computes
 * the same rows (PyTorch batches them with vmap), so it takes this path too.
 */
function jacobian(func: TensorFunction, inputsValue: Value, options: JacobianOptions): Value {
  const { createGraph, strict, vectorize, strategy } = options;
  if (strategy !== "forward-mode" && strategy !== "reverse-mode") {
    throw new PyException("AssertionError", 'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your function has more outputs than inputs, "forward-mode" tends to be more performant. Otherwise, prefer to use "reverse-mode".');
  }
  if (strategy === "forward-mode") return forwardModeRefusal(createGraph, strict, vectorize);
  return E.withGradMode(true, () => {
    const [isInputsTuple, raw] = asTuple(inputsValue, "inputs", "jacobian");
    const inputs = gradPreprocess(raw, createGraph, true);
    const [isOutputsTuple, outputs] = asTuple(func(inputs), "outputs of the user-provided function", "jacobian");
    checkRequiresGrad(outputs, "outputs", strict);
    if (vectorize && strict) {
      throw runtime("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together. Please either set `strict=False` or `vectorize=False`.");
    }
    const rows = outputs.map((out, i) => jacobianOfOutput(out, i, inputs, options));
    const blocks = rows.map((row) => gradPostprocess(row, createGraph));
    const perOutput = blocks.map((row) => (isInputsTuple ? new PyTuple(row) : row[0]));
    return isOutputsTuple ? new PyTuple(perOutput) : perOutput[0];
  });
}

/** The jacobian blocks of one output, one per input, each shaped output.shape + input.shape. */
function jacobianOfOutput(out: Tensor, i: number, inputs: readonly Tensor[], { createGraph, strict }: ProductOptions): Tensor[] {
  const columns: Tensor[][] = inputs.map(() => []);
  for (let j = 0; j < out.numel; j++) {
    const element = E.select(E.reshape(out, [-1]), 0, j);
    const vj = autogradGrad([element], inputs, null, createGraph, true);
    vj.forEach((g, k) => {
      if (g === null) {
        if (strict) throw runtime(`Output ${i} of the user-provided function is independent of input ${k}. This is not allowed in strict mode.`);
        columns[k].push(E.zerosLike(inputs[k]));
        return;
      }
      // PyTorch's message names the output index here, not the input's.
      if (strict && createGraph && !g.requiresGrad) {
        throw runtime(`The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`);
      }
      columns[k].push(g);
    });
  }
  return columns.map((column, k) => E.view(E.stack(column, 0), [...out.shape, ...inputs[k].shape]));
}

/** _jacfwd's refusals; its vmap-based forward-mode path is not available here. */
function forwardModeRefusal(createGraph: boolean, strict: boolean, vectorize: boolean): never {
  if (createGraph) {
    throw notImplemented('torch.autograd.functional.jacobian: `create_graph=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `create_graph=False` or `strategy="reverse-mode"`.');
  }
  if (strict) {
    throw runtime('torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `strict=False` or `strategy="reverse-mode"`.');
  }
  if (!vectorize) {
    throw notImplemented("Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`.");
  }
  throw notImplemented('Autograd Lens does not support strategy="forward-mode" (vmap over forward-mode AD); use strategy="reverse-mode".');
}

/** The hessian as the jacobian of the jacobian of a single-element function. */
function hessian(func: TensorFunction, inputsValue: Value, options: JacobianOptions): Value {
  const { strict } = options;
  const [isInputsTuple, inputs] = asTuple(inputsValue, "inputs", "hessian");
  if (options.strategy !== "forward-mode" && options.strategy !== "reverse-mode") {
    throw new PyException("AssertionError", 'Expected strategy to be either "forward-mode" or "reverse-mode".');
  }
  const singleOutput: TensorFunction = (inp) => {
    const out = func(inp);
    const [isTuple, outs] = asTuple(out, "outputs of the user-provided function", "hessian");
    checkRequiresGrad(outs, "outputs", strict);
    if (isTuple || !(out instanceof Tensor)) throw runtime("The function given to hessian should return a single Tensor");
    if (out.numel !== 1) throw runtime("The Tensor returned by the function given to hessian should contain a single element");
    return E.squeeze(out);
  };
  const jacFunction: TensorFunction = (inp) => {
    const jac = jacobian(singleOutput, new PyTuple(inp), { createGraph: true, strict: false, vectorize: false, strategy: "reverse-mode" });
    checkRequiresGrad(asTuple(jac, "jacobian", "hessian")[1], "jacobian", strict);
    return jac;
  };
  // Both jacobians see tupled inputs, so a single input's hessian comes back as ((H,),).
  const res = jacobian(jacFunction, new PyTuple(inputs), options) as PyTuple;
  return isInputsTuple ? res : (res.items[0] as PyTuple).items[0];
}

/** Shared first half of vhp and hvp: the function's single-element output and its gradient with history. */
function hessianSetup(func: TensorFunction, inputsValue: Value, v: Value | null, fnName: "vhp" | "hvp", { createGraph, strict }: ProductOptions) {
  const [isInputsTuple, raw] = asTuple(inputsValue, "inputs", fnName);
  const inputs = gradPreprocess(raw, createGraph, true);
  const vs = productVector(v, inputs, isInputsTuple, fnName, createGraph,
    "The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.");
  const out = func(inputs);
  const [isOutputsTuple, outputs] = asTuple(out, "outputs of the user-provided function", fnName);
  checkRequiresGrad(outputs, "outputs", strict);
  if (isOutputsTuple) throw runtime(`The function given to ${fnName} should return a single Tensor`);
  if (outputs[0].numel !== 1) throw runtime(`The Tensor returned by the function given to ${fnName} should contain a single element`);
  const jac = autogradGrad(outputs, inputs, null, true);
  checkRequiresGrad(jac, "jacobian", strict);
  return { isInputsTuple, inputs, vs, outputs, jac };
}

function vhp(func: TensorFunction, inputsValue: Value, v: Value | null, options: ProductOptions): Value {
  const { createGraph, strict } = options;
  const { isInputsTuple, inputs, vs, outputs, jac } = E.withGradMode(true, () => hessianSetup(func, inputsValue, v, "vhp", options));
  const result = E.withGradMode(finalGradMode(createGraph), () =>
    fillInZeros(autogradGrad(jac, inputs, vs, createGraph), inputs, strict, createGraph, "double_back"));
  return new PyTuple([gradPostprocess(outputs, createGraph)[0], unpack(gradPostprocess(result, createGraph), isInputsTuple)]);
}

/** hvp by the double-backward trick on the gradient's backward. */
function hvp(func: TensorFunction, inputsValue: Value, v: Value | null, options: ProductOptions): Value {
  const { createGraph, strict } = options;
  const { isInputsTuple, inputs, vs, outputs, gradJac, doubleBack } = E.withGradMode(true, () => {
    const setup = hessianSetup(func, inputsValue, v, "hvp", options);
    const dummies = setup.inputs.map((inp) => {
      const zeros = E.zerosLike(inp);
      zeros.requiresGrad = true;
      return zeros;
    });
    const back = autogradGrad(setup.jac, setup.inputs, dummies, true);
    // PyTorch checks the jacobian again here, not the double backward.
    checkRequiresGrad(setup.jac, "hessian", strict);
    return { ...setup, gradJac: dummies, doubleBack: back };
  });
  const result = E.withGradMode(finalGradMode(createGraph), () =>
    fillInZeros(autogradGrad(doubleBack, gradJac, vs, createGraph), inputs, strict, createGraph, "double_back_trick"));
  return new PyTuple([gradPostprocess(outputs, createGraph)[0], unpack(gradPostprocess(result, createGraph), isInputsTuple)]);
}

const flag = (v: Value | undefined): boolean => v !== undefined && truthy(v);

function userFunction(func: Value): TensorFunction {
  return (inputs) => callValue(func, inputs, null);
}

type Product = (func: TensorFunction, inputs: Value, v: Value | null, options: ProductOptions) => Value;

function productBinding(name: string, product: Product) {
  return (args: Value[], kwargs: Kwargs): Value => {
    const [func, inputs, v, createGraph, strict] = parseArgs(name, ["func", "inputs", "v?", "create_graph?", "strict?"], args, kwargs);
    return product(userFunction(func!), inputs!, v ?? null, { createGraph: flag(createGraph), strict: flag(strict) });
  };
}

type Jacobian = (func: TensorFunction, inputs: Value, options: JacobianOptions) => Value;

function jacobianBinding(name: string, strategyName: string, compute: Jacobian) {
  return (args: Value[], kwargs: Kwargs): Value => {
    const [func, inputs, createGraph, strict, vectorize, strategy] = parseArgs(
      name, ["func", "inputs", "create_graph?", "strict?", "vectorize?", `${strategyName}?`], args, kwargs);
    return compute(userFunction(func!), inputs!, {
      createGraph: flag(createGraph), strict: flag(strict), vectorize: flag(vectorize),
      strategy: strategy === undefined ? "reverse-mode" : String(strategy),
    });
  };
}

export function createAutogradFunctionalModule(): PyModule {
  const functions: [string, (args: Value[], kwargs: Kwargs) => Value][] = [
    ["vjp", productBinding("vjp", vjp)],
    ["jvp", productBinding("jvp", jvp)],
    ["vhp", productBinding("vhp", vhp)],
    ["hvp", productBinding("hvp", hvp)],
    ["jacobian", jacobianBinding("jacobian", "strategy", jacobian)],
    ["hessian", jacobianBinding("hessian", "outer_jacobian_strategy", hessian)],
  ];
  return new PyModule("torch.autograd.functional", new Map<string, Value>(functions.map(([n, impl]) => [n, new PyBuiltin(n, impl)])),
    "/usr/lib/python3/dist-packages/torch/autograd/functional.py");
}
