// Graph nodes: PyTorch's backward functions (PowBackward0, AccumulateGrad, ...).

import type { Tensor } from "../tensor";
import { runtimeError } from "../errors";

export interface Edge {
  readonly node: Node;
  /** Which of `node`'s outputs the gradient flows into (PyTorch's input_nr). */
  readonly inputNr: number;
}

/** Where the op that built a node was written; opaque to the engine, set by the interpreter. */
let currentSite: unknown = undefined;

export function setCurrentSite(site: unknown): void {
  currentSite = site;
}

export function getCurrentSite(): unknown {
  return currentSite;
}

let nextSequenceNr = 0;

/** The sequence number the next node will get: spans of [start, end) numbers delimit a call's nodes. */
export function peekSequenceNr(): number {
  return nextSequenceNr;
}

export abstract class Node {
  abstract readonly name: string;
  /** PyTorch runs ready nodes newest first; AccumulateGrad outranks everything. */
  /** Unique per node, increasing in creation order: the node's id in events and views. */
  readonly sequenceNr: number = nextSequenceNr++;
  readonly site: unknown = currentSite;
  /** Non-leaf tensors that asked for retain_grad(), by output number. */
  retainedOutputs: Tensor[] | null = null;
  /** Scratch state of the backward pass running now (the engine's, keyed by its task number). */
  task = 0;
  dependencies = 0;
  buffer: (Tensor | null)[] | null = null;

  constructor(readonly nextEdges: readonly (Edge | null)[]) {}

  abstract apply(grads: readonly (Tensor | null)[]): (Tensor | null)[];

  /** Order among ready nodes in backward: newest first, as PyTorch's ReadyQueue runs them. */
  get priority(): number {
    return this.sequenceNr;
  }

  /** Frees saved values after a backward pass without retain_graph. */
  release(): void {}

  get numOutputs(): number {
    return 1;
  }
}

/** torch.autograd.graph.saved_tensors_hooks: what saving a tensor for backward, and reading it back, go through. */
export interface SavedTensorHooks {
  pack(tensor: Tensor): unknown;
  unpack(packed: unknown): Tensor;
}

/** The hooks in force, innermost last; only the innermost apply. */
const savedTensorHooks: SavedTensorHooks[] = [];

export function pushSavedTensorHooks(hooks: SavedTensorHooks): void {
  savedTensorHooks.push(hooks);
}

export function popSavedTensorHooks(): void {
  savedTensorHooks.pop();
}

export function hasSavedTensorHooks(): boolean {
  return savedTensorHooks.length !== 0;
}

const NOT_PACKED: unique symbol = Symbol("not packed");

/** A saved input or output, checked against in-place modification when it is unpacked. */
export class SavedTensor {
  private savedVersion: number;
  /** No history when saved: a leaf, or an output of the node saving it (saved before it got one). */
  private readonly savedWithoutHistory: boolean;
  private value: Tensor | null;
  /** The hooks in force when it was saved, and what their pack returned. */
  private hooks: SavedTensorHooks | null = null;
  private packed: unknown = NOT_PACKED;

  constructor(tensor: Tensor, readonly role: string) {
    this.value = tensor;
    this.savedVersion = tensor.version;
    this.savedWithoutHistory = tensor.gradFn === null;
    if (savedTensorHooks.length !== 0) {
      this.hooks = savedTensorHooks[savedTensorHooks.length - 1];
      // PyTorch saves an output after giving it its grad_fn: packOutput packs it then.
      if (!this.isOwnOutput(tensor)) this.packed = this.hooks.pack(tensor);
    }
  }

  /** Packs a saved output of `node` once it is the output's grad_fn, as PyTorch passes it to pack. */
  static packOutputs(saved: readonly SavedTensor[], node: Node): void {
    if (savedTensorHooks.length === 0) return;
    for (const s of saved) {
      if (s.hooks === null || s.packed !== NOT_PACKED || s.value === null) continue;
      s.value.gradFn = node;
      s.value.requiresGrad = true;
      s.packed = s.hooks.pack(s.value);
    }
  }

  private isOwnOutput(tensor: Tensor): boolean {
    return this.role.startsWith("result") && tensor.gradFn === null && !tensor.requiresGrad;
  }

  /** The tensor (through the unpack hook when saved under hooks), or PyTorch's error when it was modified in place since. */
  unpack(savedFor: Node | null = null): Tensor {
    const tensor = this.live();
    if (tensor.version !== this.savedVersion) throw this.versionError(tensor, savedFor);
    return this.hooks === null ? tensor : this.hooks.unpack(this.packed);
  }

  /**
   * For a backward formula: a modified tensor only fails when the formula reads it, as PyTorch
   * saves an input only for the gradients that need it (`10 * u` keeps no `u`).
   */
  unpackFor(savedFor: Node): Tensor {
    const tensor = this.live();
    if (tensor.version === this.savedVersion) return this.hooks === null ? tensor : this.hooks.unpack(this.packed);
    const error = this.versionError(tensor, savedFor);
    return new Proxy(tensor, { get: () => { throw error; } });
  }

  peek(): Tensor | null {
    return this.value;
  }

  /** An in-place op's output is self, not the scratch tensor it was computed into: PyTorch saves self. */
  moveOutput(scratch: Tensor, self: Tensor): void {
    if (this.value !== scratch) return;
    this.value = self;
    this.savedVersion = self.version;
  }

  release(): void {
    this.value = null;
    this.packed = NOT_PACKED;
  }

  private live(): Tensor {
    if (this.value === null) throw runtimeError(BACKWARD_TWICE);
    return this.value;
  }

  /**
   * SavedVariable::unpack's message names the node that saved an output, or else the saved
   * tensor's current grad_fn. An output's history may since have been rebased by in-place ops
   * (each keeps the one before it as its first input), so it is found by walking back that chain.
   */
  private versionError(tensor: Tensor, savedFor: Node | null): Error {
    let creator = tensor.gradFn;
    let outputNr = 0;
    if (this.savedWithoutHistory && savedFor !== null) {
      let node = creator;
      let nr = tensor.outputNr;
      while (node !== null && node !== savedFor) {
        const edge = node.nextEdges[0] ?? null;
        node = edge?.node ?? null;
        nr = edge?.inputNr ?? 0;
      }
      if (node === savedFor) {
        creator = savedFor;
        outputNr = nr;
      }
    }
    const named = creator ? `, which is output ${outputNr} of ${qualifiedNodeName(creator.name)},` : "";
    return runtimeError(
      `one of the variables needed for gradient computation has been modified by an inplace operation: [${tensorTypeName(tensor)} [${tensor.shape.join(", ")}]]${named} is at version ${tensor.version}; expected version ${this.savedVersion} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).`,
    );
  }
}

/** The legacy type name PyTorch's messages use, e.g. torch.FloatTensor. */
export function tensorTypeName(t: Tensor): string {
  const names: Record<string, string> = {
    float32: "torch.FloatTensor", float64: "torch.DoubleTensor", int64: "torch.LongTensor",
    int32: "torch.IntTensor", bool: "torch.BoolTensor",
  };
  return names[t.dtype];
}

/** Node::name() as PyTorch's C++ reports it: its own nodes carry their namespace. */
export function qualifiedNodeName(name: string): string {
  return name === "CopySlices" || name === "AccumulateGrad" ? `torch::autograd::${name}` : name;
}

export const BACKWARD_TWICE =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

/**
 * Gradients wrt each input; `needs[i]` is false where input i takes no gradient (skip the work).
 * One formula may serve every node of an op, reading what a node keeps of its own from `node.context`.
 */
export type BackwardFormula = (
  grad: Tensor, saved: readonly Tensor[], needs: readonly boolean[], node: FunctionNode,
) => (Tensor | null)[];

/** The same for an op with several outputs (split, unbind): one incoming gradient per output, null where none flowed. */
export type MultiOutputFormula = (
  grads: readonly (Tensor | null)[], saved: readonly Tensor[], needs: readonly boolean[],
) => (Tensor | null)[];

const NO_TENSORS: readonly Tensor[] = Object.freeze([]);
const ONE_INPUT = [Object.freeze([false]), Object.freeze([true])];
const TWO_INPUTS = [Object.freeze([false, false]), Object.freeze([true, false]), Object.freeze([false, true]), Object.freeze([true, true])];

/** Which inputs take a gradient; shared arrays for the common one- and two-input nodes (backward allocates enough). */
function needsOf(edges: readonly (Edge | null)[]): readonly boolean[] {
  if (edges.length === 1) return ONE_INPUT[edges[0] !== null ? 1 : 0];
  if (edges.length === 2) return TWO_INPUTS[(edges[0] !== null ? 1 : 0) | (edges[1] !== null ? 2 : 0)];
  return edges.map((e) => e !== null);
}

/** The backward function of one differentiable op, built from its table entry. */
export class FunctionNode extends Node {
  /**
   * Python-scalar operands PyTorch saves (as wrapped numbers) have no SavedTensor here, as the
   * formula keeps their values; they still make the node refuse a second backward once freed.
   */
  private wrappedNumbers: "none" | "saved" | "freed";

  constructor(
    readonly name: string,
    nextEdges: readonly (Edge | null)[],
    private readonly formula: BackwardFormula,
    readonly saved: readonly SavedTensor[],
    /** Non-tensor arguments the formula closed over, for the views (e.g. `exponent: 2`). */
    readonly savedScalars: Readonly<Record<string, number>>,
    /** What this node keeps for a formula shared by all nodes of its op (see the op). */
    readonly context: unknown = undefined,
    savesWrappedNumbers = false,
  ) {
    super(nextEdges);
    this.wrappedNumbers = savesWrappedNumbers ? "saved" : "none";
    SavedTensor.packOutputs(saved, this);
  }

  /** Whether it saved a Python-scalar operand, and whether that was freed (`grad_fn._saved_other` reads it). */
  get wrappedNumberState(): "none" | "saved" | "freed" {
    return this.wrappedNumbers;
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    const grad = grads[0];
    if (grad === null) return this.nextEdges.map(() => null);
    const saved = this.saved.length === 0 ? NO_TENSORS : this.saved.map((s) => s.unpackFor(this));
    if (this.wrappedNumbers === "freed") throw runtimeError(BACKWARD_TWICE);
    return this.formula(grad, saved, needsOf(this.nextEdges), this);
  }

  release(): void {
    for (const s of this.saved) s.release();
    if (this.wrappedNumbers === "saved") this.wrappedNumbers = "freed";
  }
}

/** The backward function of an op with several differentiable outputs. */
export class MultiOutputNode extends FunctionNode {
  constructor(
    name: string,
    nextEdges: readonly (Edge | null)[],
    private readonly multiFormula: MultiOutputFormula,
    saved: readonly SavedTensor[],
    private readonly outputs: number,
    savedScalars: Readonly<Record<string, number>>,
  ) {
    super(name, nextEdges, () => [], saved, savedScalars);
  }

  get numOutputs(): number {
    return this.outputs;
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    if (grads.every((g) => g === null)) return this.nextEdges.map(() => null);
    const saved = this.saved.map((s) => s.unpackFor(this));
    return this.multiFormula(grads, saved, needsOf(this.nextEdges));
  }
}
