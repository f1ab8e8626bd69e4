// The graph side of a custom torch.autograd.Function: PyTorch's PyNode, whose backward is user code,
// and the output wrapping (_wrap_outputs) that attaches it to what the user's forward returned.

import { DType, isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { castTo } from "../ops/arithmetic";
import { detach } from "../ops/view";
import { sumToShape } from "../ops/reduction";
import { gradientEdge } from "../ops/record";
import { Tensor } from "../tensor";
import { Node, SavedTensor } from "./node";
import { rebaseHistory } from "./view_rebase";

/** The user's backward: one gradient (or null) per output in, one per tensor input out. */
export type CustomBackward = (node: CustomFunctionNode, grads: readonly (Tensor | null)[]) => (Tensor | null)[];

interface Metadata {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export class CustomFunctionNode extends Node {
  /** What ctx.save_for_backward kept, saved once the outputs have their history (null for None). */
  saved: readonly (SavedTensor | null)[] = [];
  /** Shape and dtype of each output, for the zeros a missing gradient materialises as (null: not a tensor). */
  outputs: readonly (Metadata | null)[] = [];
  private readonly inputs: readonly Metadata[];

  constructor(
    readonly name: string,
    /** The tensor inputs, in argument order: the node's next edges (non-tensor arguments get none). */
    tensorInputs: readonly Tensor[],
    private readonly userBackward: CustomBackward,
    /** The Python ctx object this node stands for; opaque to the engine. */
    readonly context: unknown,
  ) {
    super(tensorInputs.map(gradientEdge));
    this.inputs = tensorInputs.map(({ shape, dtype }) => ({ shape, dtype }));
  }

  get numOutputs(): number {
    return this.outputs.length;
  }

  /** The saved tensors, unpacked (checked against in-place changes); throws once they were freed. */
  savedTensors(): (Tensor | null)[] {
    return this.saved.map((s) => (s === null ? null : s.unpack(this)));
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    const results = this.userBackward(this, grads);
    return results.map((g, i) => (g === null || this.nextEdges[i] === null ? g : this.validate(g, i)));
  }

  /** PyTorch's validate_outputs: a gradient must fit its input's shape (broadcast ones are summed) and dtype. */
  private validate(grad: Tensor, index: number): Tensor {
    const { shape, dtype } = this.inputs[index];
    if (!sameShape(grad.shape, shape)) {
      if (!expandable(shape, grad.shape)) {
        throw runtimeError(`Function ${this.name} returned an invalid gradient at index ${index} - got [${grad.shape.join(", ")}] but expected shape compatible with [${shape.join(", ")}]`);
      }
      grad = sumToShape(grad, shape);
    }
    return castTo(grad, dtype);
  }

  release(): void {
    for (const s of this.saved) s?.release();
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, d) => size === b[d]);
}

/** Whether `shape` broadcasts to `target` (PyTorch's is_expandable_to). */
function expandable(shape: readonly number[], target: readonly number[]): boolean {
  if (shape.length > target.length) return false;
  const lead = target.length - shape.length;
  return shape.every((size, d) => size === 1 || size === target[lead + d]);
}

export interface OutputMarks {
  /** Tensors the forward modified in place (ctx.mark_dirty). */
  dirty: readonly Tensor[];
  /** Outputs that take no gradient (ctx.mark_non_differentiable). */
  nonDifferentiable: readonly Tensor[];
}

/**
 * Gives each tensor the forward returned its history (PyTorch's _wrap_outputs): output i of `node`,
 * or no history when not differentiable. An input returned unmodified comes back as a view of it,
 * so the input keeps its own history. `node` is null when nothing needed a graph.
 */
export function wrapOutputs(
  node: CustomFunctionNode | null, inputs: readonly Tensor[], outputs: readonly unknown[], marks: OutputMarks,
): unknown[] {
  // ctx.mark_dirty counts as one more modification, as PyTorch's _mark_dirty bumps the version.
  for (const t of marks.dirty) t.bumpVersion();
  if (node !== null) {
    node.outputs = outputs.map((o) => (o instanceof Tensor ? { shape: o.shape, dtype: o.dtype } : null));
  }
  const wrapped = outputs.map((output, i) => {
    if (!(output instanceof Tensor)) return output;
    const isInput = inputs.includes(output);
    const isModified = marks.dirty.includes(output);
    const differentiable = node !== null && !marks.nonDifferentiable.includes(output) && isFloating(output.dtype);
    if (!differentiable) {
      if (!output.requiresGrad) return isInput && !isModified ? detach(output) : output;
      if (isInput) return detach(output);
      output.requiresGrad = false;
      output.gradFn = null;
      return output;
    }
    if (isModified) {
      if (output.isLeaf && output.requiresGrad) {
        throw runtimeError("a leaf Variable that requires grad has been used in an in-place operation.");
      }
      output.grad = null;
      rebaseHistory(output, node, i);
      return output;
    }
    return attach(isInput ? detach(output) : output, node, i);
  });
  if (!marks.dirty.every((t) => outputs.includes(t))) {
    throw runtimeError("Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function.");
  }
  return wrapped;
}

function attach(output: Tensor, node: Node, outputNr: number): Tensor {
  output.gradFn = node;
  output.outputNr = outputNr;
  output.requiresGrad = true;
  return output;
}
