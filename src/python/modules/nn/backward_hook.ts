// Module full backward hooks (torch/utils/hooks.py BackwardHook): the module's tensor inputs and
// outputs pass through identity nodes named BackwardHookFunctionBackward. The output-side node
// records grad_output; the input-side node calls the user hooks with (module, grad_input,
// grad_output), and what a hook returns replaces grad_input.

import { isGradEnabled, runtimeError, Tensor } from "../../../engine";
import { CustomFunctionNode, wrapOutputs } from "../../../engine/autograd/custom_function";
import { callValue, PyClass, PyInstance } from "../../classes";
import { length, toArray } from "../../protocols";
import { PyTuple, Value } from "../../values";

type Grads = readonly (Tensor | null)[];

/** What type(grad_fn) reports for the identity nodes. */
const nodeClass = new PyClass("BackwardHookFunctionBackward", [], new Map(), "torch.autograd.function");

/** The identity that BackwardHookFunction.apply is, with `backward` as its node's gradient function. */
function identityNode(tensors: Tensor[], backward: (grads: Grads) => (Tensor | null)[]): Tensor[] {
  const node = new CustomFunctionNode(nodeClass.name, tensors, (self, grads) =>
    backward(grads.map((g, i) => g ?? Tensor.zeros(self.outputs[i]!.shape, self.outputs[i]!.dtype))), new PyInstance(nodeClass));
  return wrapOutputs(node, tensors, tensors, { dirty: [], nonDifferentiable: tensors.filter((t) => !t.requiresGrad) }) as Tensor[];
}

/** `values` placed at `indices` of a tuple of `size` Nones. */
const packWithNone = (indices: number[], values: Grads, size: number): Value[] => {
  const packed = new Array<Value>(size).fill(null);
  indices.forEach((index, i) => (packed[index] = values[i]));
  return packed;
};

export class BackwardHook {
  private gradOutputs: Value[] | null = null;
  private inputIndices: number[] | null = null;
  private inputCount = 0;

  constructor(private readonly module: PyInstance, private readonly hooks: readonly Value[]) {}

  /** _apply_on_tensors: the tensors among `args` through one identity node, when any needs a gradient. */
  private wrap(args: readonly Value[], backward: (grads: Grads) => (Tensor | null)[]): [Value[], number[] | null] {
    const indices = args.flatMap((a, i) => (a instanceof Tensor ? [i] : []));
    const tensors = indices.map((i) => args[i] as Tensor);
    if (!(isGradEnabled() && tensors.some((t) => t.requiresGrad))) return [[...args], null];
    const wrapped = identityNode(tensors, backward);
    const result = [...args];
    indices.forEach((index, i) => (result[index] = wrapped[i]));
    return [result, indices];
  }

  setupInput(args: readonly Value[]): Value[] {
    this.inputCount = args.length;
    const [result, indices] = this.wrap(args, (grads) => this.callHooks(grads));
    this.inputIndices = indices;
    return result;
  }

  setupOutput(result: Value): Value {
    const isTuple = result instanceof PyTuple;
    const outputs = isTuple ? result.items : [result];
    let outputIndices: number[] = [];
    const [wrapped, indices] = this.wrap(outputs, (grads) => {
      this.gradOutputs = packWithNone(outputIndices, grads, outputs.length);
      if (this.inputIndices === null) this.callHooksWithoutInputs();
      return [...grads];
    });
    outputIndices = indices ?? [];
    return isTuple ? new PyTuple(wrapped) : wrapped[0];
  }

  private callHooks(gradInputs: Grads): (Tensor | null)[] {
    // The gradient reached the inputs without passing through the outputs (double backward).
    if (this.gradOutputs === null) return [...gradInputs];
    const indices = this.inputIndices!;
    let result: Value[] = packWithNone(indices, gradInputs, this.inputCount);
    for (const hook of this.hooks) {
      const out = callValue(hook, [this.module, new PyTuple(result), new PyTuple(this.gradOutputs)], null);
      if (out === null) continue;
      if (length(out) !== result.length) {
        throw runtimeError(`Backward hook returned an invalid number of grad_input, got ${length(out)}, but expected ${result.length}`);
      }
      result = toArray(out);
    }
    this.gradOutputs = null;
    return indices.map((i) => result[i] as Tensor | null);
  }

  private callHooksWithoutInputs(): void {
    const gradInputs = new PyTuple(new Array<Value>(this.inputCount).fill(null));
    for (const hook of this.hooks) {
      const out = callValue(hook, [this.module, gradInputs, new PyTuple(this.gradOutputs!)], null);
      if (out !== null && !(out instanceof PyTuple && out.items.every((g) => g === null))) {
        throw runtimeError("Backward hook for Modules where no input requires gradient should always return None or None for all gradients.");
      }
    }
    this.gradOutputs = null;
  }
}
