// Attaching a backward node to an op's output: the one place the forward pass builds the graph.

import { isGradEnabled } from "../grad_mode";
import { AccumulateGrad } from "../autograd/accumulate";
import { BackwardFormula, Edge, FunctionNode, MultiOutputFormula, MultiOutputNode, SavedTensor } from "../autograd/node";
import { Tensor } from "../tensor";
import { getEventLog } from "../events";

/** The edge a gradient for `t` travels along: its grad_fn, or its leaf accumulator. */
export function gradientEdge(t: Tensor | null): Edge | null {
  if (t === null) return null;
  if (t.gradFn !== null) return { node: t.gradFn, inputNr: t.outputNr };
  if (!t.requiresGrad) return null;
  return (t.accumulatorEdge ??= { node: new AccumulateGrad(t), inputNr: 0 });
}

const sharedFormulas = new WeakMap<object, BackwardFormula>();

/** The formula of an op table entry, made once and shared by all its nodes (a closure per node costs memory and time). */
export function sharedFormula<Op extends object>(op: Op, make: (op: Op) => BackwardFormula): BackwardFormula {
  let formula = sharedFormulas.get(op);
  if (formula === undefined) sharedFormulas.set(op, (formula = make(op)));
  return formula;
}

const NOTHING_SAVED: readonly SavedTensor[] = Object.freeze([]);
/** The savedScalars of a node that keeps none. */
export const NO_SCALARS: Readonly<Record<string, number>> = Object.freeze({});

function saveAll(saved: Recording["saved"]): readonly SavedTensor[] {
  return saved === undefined || saved.length === 0 ? NOTHING_SAVED : saved.map(([t, role]) => new SavedTensor(t, role));
}

export function anyRequiresGrad(inputs: readonly (Tensor | null)[]): boolean {
  if (!isGradEnabled()) {
    getEventLog()?.noGradCut(inputs);
    return false;
  }
  for (const t of inputs) if (t !== null && t.requiresGrad) return true;
  return false;
}

export interface Recording {
  /** grad_fn name, e.g. "PowBackward0". */
  name: string;
  /** Inputs in the order the formula returns their gradients; null for a Python-scalar operand. */
  inputs: readonly (Tensor | null)[];
  formula: BackwardFormula;
  /** Tensors the formula needs, with their role ("self", "other", "result"). */
  saved?: readonly (readonly [Tensor, string])[];
  savedScalars?: Record<string, number>;
  /** What this node keeps of its own for a shared formula (FunctionNode.context). */
  context?: unknown;
  /** A Python-scalar operand PyTorch would save: the node then refuses a second backward. */
  savesWrappedNumbers?: boolean;
}

/** Makes each of `outputs` output i of one recorded node (split, chunk, unbind); returns them. */
export function recordMany(
  outputs: Tensor[], recording: Omit<Recording, "formula"> & { formula: MultiOutputFormula },
): Tensor[] {
  if (!anyRequiresGrad(recording.inputs)) return outputs;
  const edges = recording.inputs.map(gradientEdge);
  const node = new MultiOutputNode(recording.name, edges, recording.formula, saveAll(recording.saved), outputs.length, recording.savedScalars ?? NO_SCALARS);
  outputs.forEach((output, i) => {
    output.gradFn = node;
    output.outputNr = i;
    output.requiresGrad = true;
  });
  return outputs;
}

/** Makes `output` the result of a recorded op when any input requires grad; returns it. */
export function record(output: Tensor, recording: Recording): Tensor {
  if (!anyRequiresGrad(recording.inputs)) return output;
  const edges = recording.inputs.map(gradientEdge);
  output.gradFn = new FunctionNode(
    recording.name, edges, recording.formula, saveAll(recording.saved), recording.savedScalars ?? NO_SCALARS,
    recording.context, recording.savesWrappedNumbers,
  );
  output.requiresGrad = true;
  return output;
}

/**
 * For the fast paths, whose inputs include one that requires grad: whether grad mode records
 * their node (under no_grad it is a cut, logged as anyRequiresGrad logs it).
 */
export function recordsGraph(a: Tensor | null, b: Tensor | null = null): boolean {
  if (isGradEnabled()) return true;
  getEventLog()?.noGradCut([a, b]);
  return false;
}

/**
 * record() for a binary op (the 0-dim fast paths), without the Recording object and its arrays;
 * a null input is a Python scalar. The caller has checked recordsGraph; `roles` name what is
 * saved: "self" is `a`, "other" `b`, "result" the output.
 */
export function recordBinary(
  output: Tensor, name: string, a: Tensor | null, b: Tensor | null, formula: BackwardFormula, roles: readonly string[],
  savedScalars: Readonly<Record<string, number>>, context: unknown, savesWrappedNumbers: boolean,
): Tensor {
  const edges = [gradientEdge(a), gradientEdge(b)];
  let saved = NOTHING_SAVED;
  if (roles.length !== 0) {
    const tensors = new Array<SavedTensor>(roles.length);
    for (let i = 0; i < roles.length; i++) {
      const role = roles[i];
      tensors[i] = new SavedTensor(role === "self" ? a! : role === "other" ? b! : output, role);
    }
    saved = tensors;
  }
  output.gradFn = new FunctionNode(name, edges, formula, saved, savedScalars, context, savesWrappedNumbers);
  output.requiresGrad = true;
  return output;
}

/** The same for a one-input op (the 0-dim unary fast path), saving `saved` (the input or the output) under `role`. */
export function recordOne(
  output: Tensor, name: string, x: Tensor, formula: BackwardFormula, saved: Tensor | null, role: string,
): Tensor {
  const edges = [gradientEdge(x)];
  output.gradFn = new FunctionNode(name, edges, formula, saved === null ? NOTHING_SAVED : [new SavedTensor(saved, role)], NO_SCALARS);
  output.requiresGrad = true;
  return output;
}
