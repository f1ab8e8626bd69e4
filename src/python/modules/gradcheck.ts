// torch.autograd.gradcheck / gradgradcheck in their default (slow) mode, as
// torch/autograd/gradcheck.py of 1.13 runs them: central differences against the Jacobian that
// backward computes one output element at a time, then the grad_output and undefined-grad checks.

import * as E from "../../engine";
import { Tensor } from "../../engine";
import { forEachInMemoryOrder } from "../../engine/random/memory_order";
import { parseArgs } from "../args";
import { callValue } from "../classes";
import { PyException } from "../errors";
import { toArray, truthy } from "../protocols";
import { str } from "../repr";
import { exceptionTypes } from "../exceptions";
import { Kwargs, PyBuiltin, PyExceptionType, PyExceptionValue, PyFloat, PyList, PyTuple, Value } from "../values";

/** torch.autograd.gradcheck.GradcheckError, a RuntimeError. */
const gradcheckErrorType = new PyExceptionType("GradcheckError", exceptionTypes.get("RuntimeError")!);

class GradcheckFailure extends PyException {
  constructor(message: string) {
    super("GradcheckError", message);
    this.instance = new PyExceptionValue("GradcheckError", [message], gradcheckErrorType);
  }
}

interface Tolerances {
  eps: number;
  atol: number;
  rtol: number;
  checkUndefinedGrad: boolean;
}

function asTuple(v: Value): Value[] {
  return v instanceof PyTuple || v instanceof PyList ? toArray(v) : [v];
}

function numberOr(v: Value | undefined, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  return v instanceof PyFloat ? v.value : Number(v);
}

const requiringGrad = (inputs: Value[]): Tensor[] => inputs.filter((t): t is Tensor => t instanceof Tensor && t.requiresGrad);

function checkInputs(inputs: Value[]): void {
  const needing = requiringGrad(inputs);
  inputs.forEach((t, i) => {
    if (t instanceof Tensor && t.requiresGrad && t.dtype !== "float64") {
      E.warn("UserWarning", `Input #${i} requires gradient and is not a double precision floating point or complex. This check will likely fail if all the inputs are not of double precision floating point or complex. `);
    }
  });
  if (needing.length === 0) {
    throw new PyException("ValueError", "gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.");
  }
}

const outputsOf = (func: Value, inputs: Value[]): Tensor[] => asTuple(callValue(func, inputs, null)).filter((o): o is Tensor => o instanceof Tensor);

/** Storage positions of a tensor's elements in row-major order. */
function positions(t: Tensor): number[] {
  const out = new Array<number>(t.numel);
  forEachInMemoryOrder(t, (position, index) => {
    out[index] = position;
  });
  return out;
}

/** d outputs / d input by central differences: one [input numel, output numel] matrix per output. */
function numericalJacobian(func: Value, inputs: Value[], input: Tensor, outputs: Tensor[], eps: number): Float64Array[] {
  const columns = outputs.map((o) => new Float64Array(input.numel * o.numel));
  const data = input.storage.data;
  positions(input).forEach((p, row) => {
    const original = data[p];
    data[p] = original - eps;
    const below = outputsOf(func, inputs).map((o) => o.contiguousData());
    data[p] = original + eps;
    const above = outputsOf(func, inputs).map((o) => o.contiguousData());
    data[p] = original;
    outputs.forEach((o, k) => {
      for (let c = 0; c < o.numel; c++) columns[k][row * o.numel + c] = (above[k][c] - below[k][c]) / (2 * eps);
    });
  });
  return columns;
}

/** d output / d each input by backward with one-hot grad_outputs: [input numel, output numel] each. */
function analyticalJacobian(output: Tensor, inputs: Tensor[]): Float64Array[] {
  const jacobians = inputs.map((t) => new Float64Array(t.numel * output.numel));
  for (let c = 0; c < output.numel; c++) {
    const unit = Tensor.zeros(output.shape, output.dtype);
    unit.storage.data[c] = 1;
    const grads = E.grad([output], inputs, [unit], { retainGraph: true, allowUnused: true });
    grads.forEach((g, j) => {
      if (g === null) return;
      const values = g.contiguousData();
      for (let r = 0; r < values.length; r++) jacobians[j][r * output.numel + c] = values[r];
    });
  }
  return jacobians;
}

function matrix(values: Float64Array, rows: number, columns: number, dtype: E.DType): string {
  return str(E.castTo(Tensor.fromStorage(values, [rows, columns], "float64"), dtype));
}

function compareJacobians(func: Value, inputs: Value[], outputs: Tensor[], tol: Tolerances): void {
  const diffInputs = requiringGrad(inputs);
  const numerical = diffInputs.map((input) => numericalJacobian(func, inputs, input, outputs, tol.eps));
  outputs.forEach((output, i) => {
    const analytical = analyticalJacobian(output, diffInputs);
    const again = analyticalJacobian(output, diffInputs);
    if (analytical.some((a, j) => a.some((v, k) => v !== again[j][k]))) {
      throw new GradcheckFailure("Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives different values, although analytical gradient matches numerical gradient.The tolerance for nondeterminism was 0.0.");
    }
    analytical.forEach((a, j) => {
      const n = numerical[j][i];
      if (a.every((v, k) => Math.abs(v - n[k]) <= tol.atol + tol.rtol * Math.abs(n[k]))) return;
      const rows = diffInputs[j].numel;
      throw new GradcheckFailure(`Jacobian mismatch for output ${i} with respect to input ${j},\nnumerical:${matrix(n, rows, output.numel, diffInputs[j].dtype)}\nanalytical:${matrix(a, rows, output.numel, diffInputs[j].dtype)}\n`);
    });
  });
}

/** Backward given all-zero grad_outputs must give zero (or no) input gradients. */
function checkZeroGradOutputs(outputs: Tensor[], inputs: Tensor[], message: string): void {
  const grads = E.grad(outputs, inputs, outputs.map((o) => Tensor.zeros(o.shape, o.dtype)), { allowUnused: true });
  if (grads.some((g) => g !== null && Array.from(g.contiguousData()).some((v) => v !== 0))) throw new GradcheckFailure(message);
}

function runGradcheck(func: Value, inputs: Value[], tol: Tolerances): void {
  checkInputs(inputs);
  const outputs = outputsOf(func, inputs).filter((o) => o.requiresGrad);
  const diffInputs = requiringGrad(inputs);
  if (outputs.length === 0) {
    const all = outputsOf(func, inputs);
    for (const input of diffInputs) {
      if (numericalJacobian(func, inputs, input, all, tol.eps).some((m) => m.some((v) => v !== 0))) {
        throw new GradcheckFailure("Numerical gradient for function expected to be zero");
      }
    }
    return;
  }
  compareJacobians(func, inputs, outputs, tol);
  checkZeroGradOutputs(outputs, diffInputs, "backward not multiplied by grad_output");
  if (tol.checkUndefinedGrad) {
    checkZeroGradOutputs(outputsOf(func, inputs).filter((o) => o.requiresGrad), diffInputs,
      "Expected all input grads to be undefined or zero when all output grads are undefined or zero. Please look at \"Notes about undefined output gradients\" in \"tools/autograd/derivatives.yaml\"");
  }
}

/** raise_exception=False turns a failed check into False. */
function verdict(raise: Value | undefined, check: () => void): Value {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof GradcheckFailure && raise !== undefined && !truthy(raise)) return false;
    throw error;
  }
}

const OPTIONS = ["eps?", "atol?", "rtol?", "raise_exception?", "check_sparse_nnz?", "nondet_tol?", "check_undefined_grad?", "check_grad_dtypes?",
  "check_batched_grad?", "check_batched_forward_grad?", "check_forward_ad?", "check_backward_ad?", "fast_mode?"];

function tolerances(eps: Value | undefined, atol: Value | undefined, rtol: Value | undefined, undefinedGrad: Value | undefined): Tolerances {
  return { eps: numberOr(eps, 1e-6), atol: numberOr(atol, 1e-5), rtol: numberOr(rtol, 1e-3), checkUndefinedGrad: undefinedGrad === undefined || truthy(undefinedGrad) };
}

function gradcheck(args: Value[], kwargs: Kwargs): Value {
  const [func, inputs, eps, atol, rtol, raise, , , undefinedGrad] = parseArgs("gradcheck", ["func", "inputs", ...OPTIONS], args, kwargs);
  return verdict(raise, () => runGradcheck(func!, asTuple(inputs!), tolerances(eps, atol, rtol, undefinedGrad)));
}

/** make_tensor(shape, low=-1, high=1, requires_grad=True): `high * r + low * (1 - r)` for r = rand. */
function randomGradOutput(like: Tensor): Tensor {
  const r = E.rand(like.shape, like.dtype);
  const t = E.add(E.mul(r, 1), E.mul(E.sub(1, r), -1));
  t.requiresGrad = true;
  return t;
}

/** gradgradcheck: gradcheck of `(inputs, grad_outputs) -> autograd.grad(func(inputs), inputs, grad_outputs, create_graph=True)`. */
function gradgradcheck(args: Value[], kwargs: Kwargs): Value {
  const [func, inputs, gradOutputs, eps, atol, rtol, , raise, , undefinedGrad] = parseArgs("gradgradcheck",
    ["func", "inputs", "grad_outputs?", "eps?", "atol?", "rtol?", "gen_non_contig_grad_outputs?", "raise_exception?", "nondet_tol?", "check_undefined_grad?",
      "check_grad_dtypes?", "check_batched_grad?", "check_fwd_over_rev?", "check_rev_over_rev?", "fast_mode?"], args, kwargs);
  const tupled = asTuple(inputs!);
  const grads = gradOutputs === undefined || gradOutputs === null
    ? outputsOf(func!, tupled).filter((o) => o.requiresGrad).map(randomGradOutput)
    : asTuple(gradOutputs);
  const count = grads.length;
  const diffInputs = new Set(tupled.flatMap((t, i) => (t instanceof Tensor && t.requiresGrad ? [i] : [])));
  const firstOrder = new PyBuiltin("new_func", (all) => {
    const given = all.slice(0, all.length - count);
    const outputs = outputsOf(func!, given).filter((o) => o.requiresGrad);
    const wrt = given.filter((_, i) => diffInputs.has(i)) as Tensor[];
    const result = E.grad(outputs, wrt, all.slice(all.length - count) as Tensor[], { createGraph: true, retainGraph: true, allowUnused: true });
    return new PyTuple(result.filter((g): g is Tensor => g !== null));
  });
  return verdict(raise, () => runGradcheck(firstOrder, [...tupled, ...grads], tolerances(eps, atol, rtol, undefinedGrad)));
}

export const gradcheckFunctions = new Map<string, Value>([
  ["gradcheck", new PyBuiltin("gradcheck", gradcheck)],
  ["gradgradcheck", new PyBuiltin("gradgradcheck", gradgradcheck)],
]);
