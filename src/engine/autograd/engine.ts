// The backward pass: PyTorch's engine, iterative (no recursion, so million-node graphs are fine).

import { runtimeError } from "../errors";
import { withGradMode } from "../grad_mode";
import { Tensor } from "../tensor";
import { add } from "../ops/elementwise";
import { gradientEdge } from "../ops/record";
import { onesLike } from "../ops/creation";
import { cloneDetached } from "../ops/inplace";
import { AccumulateGrad } from "./accumulate";
import { Node } from "./node";

export interface BackwardOptions {
  retainGraph?: boolean;
  createGraph?: boolean;
}

/** What the engine did, for the views: each node run and each gradient it produced. */
export interface BackwardObserver {
  onNode?(node: Node, gradsIn: readonly (Tensor | null)[], gradsOut: readonly (Tensor | null)[]): void;
}

let observer: BackwardObserver | null = null;

export function setBackwardObserver(next: BackwardObserver | null): void {
  observer = next;
}

/** tensor.backward(gradient) / torch.autograd.backward. */
export function backward(roots: readonly Tensor[], gradients: readonly (Tensor | null)[], options: BackwardOptions = {}): void {
  execute(roots, gradients, options, null);
}

/** torch.autograd.grad: the gradients of `inputs`, leaving every `.grad` untouched. */
export function grad(
  outputs: readonly Tensor[], inputs: readonly Tensor[], gradOutputs: readonly (Tensor | null)[],
  options: BackwardOptions & { allowUnused?: boolean } = {},
): (Tensor | null)[] {
  for (const input of inputs) {
    if (!input.requiresGrad) throw runtimeError("One of the differentiated Tensors does not require grad");
  }
  const captured = execute(outputs, gradOutputs, options, inputs);
  if (!options.allowUnused && captured.some((g) => g === null)) {
    throw runtimeError("One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.");
  }
  return captured;
}

function rootGradient(root: Tensor, given: Tensor | null, index: number): Tensor {
  if (!root.requiresGrad) {
    throw runtimeError(`element ${index} of tensors does not require grad and does not have a grad_fn`);
  }
  if (given !== null) return given;
  if (root.numel !== 1) throw runtimeError("grad can be implicitly created only for scalar outputs");
  return onesLike(root);
}

/** Counts, for every node reachable from the roots, how many edges lead into it. */
function countDependencies(roots: readonly Node[]): Map<Node, number> {
  const dependencies = new Map<Node, number>();
  const seen = new Set<Node>(roots);
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const edge of node.nextEdges) {
      if (edge === null) continue;
      dependencies.set(edge.node, (dependencies.get(edge.node) ?? 0) + 1);
      if (!seen.has(edge.node)) {
        seen.add(edge.node);
        stack.push(edge.node);
      }
    }
  }
  return dependencies;
}

/** Ready nodes, highest sequence number first, as PyTorch's ReadyQueue orders them. */
class ReadyQueue {
  private readonly heap: Node[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(node: Node): void {
    const heap = this.heap;
    heap.push(node);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].sequenceNr >= heap[i].sequenceNr) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  pop(): Node {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && heap[l].sequenceNr > heap[best].sequenceNr) best = l;
        if (r < heap.length && heap[r].sequenceNr > heap[best].sequenceNr) best = r;
        if (best === i) break;
        [heap[best], heap[i]] = [heap[i], heap[best]];
        i = best;
      }
    }
    return top;
  }
}

function execute(
  roots: readonly Tensor[], gradients: readonly (Tensor | null)[], options: BackwardOptions,
  captureInputs: readonly Tensor[] | null,
): (Tensor | null)[] {
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  return withGradMode(createGraph, () => {
    const buffers = new Map<Node, (Tensor | null)[]>();
    const rootNodes: Node[] = [];
    roots.forEach((root, i) => {
      const g = rootGradient(root, gradients[i] ?? null, i);
      const edge = gradientEdge(root)!;
      accumulateBuffer(buffers, edge.node, edge.inputNr, g);
      if (!rootNodes.includes(edge.node)) rootNodes.push(edge.node);
    });

    const captures = new Map<Node, number[]>();
    const captured: (Tensor | null)[] = captureInputs ? captureInputs.map(() => null) : [];
    captureInputs?.forEach((input, i) => {
      const node = gradientEdge(input)!.node;
      captures.set(node, [...(captures.get(node) ?? []), i]);
    });

    const dependencies = countDependencies(rootNodes);
    const ready = new ReadyQueue();
    for (const node of rootNodes) if (!dependencies.has(node)) ready.push(node);

    while (ready.size > 0) {
      const node = ready.pop();
      const gradsIn = buffers.get(node) ?? [null];
      buffers.delete(node);
      const captureSlots = captures.get(node);
      if (captureSlots) for (const slot of captureSlots) captured[slot] = gradsIn[0];
      retainGrads(node, gradsIn);
      // autograd.grad never writes .grad: leaves' accumulators are skipped.
      const skip = captureInputs !== null && node instanceof AccumulateGrad;
      const gradsOut = skip ? [] : node.apply(gradsIn);
      observer?.onNode?.(node, gradsIn, gradsOut);
      if (!retainGraph) node.release();
      node.nextEdges.forEach((edge, i) => {
        if (edge === null) return;
        const g = gradsOut[i] ?? null;
        if (g !== null) accumulateBuffer(buffers, edge.node, edge.inputNr, g);
        const remaining = dependencies.get(edge.node)! - 1;
        dependencies.set(edge.node, remaining);
        if (remaining === 0) ready.push(edge.node);
      });
    }
    return captured;
  });
}

function accumulateBuffer(buffers: Map<Node, (Tensor | null)[]>, node: Node, slot: number, g: Tensor): void {
  let buffer = buffers.get(node);
  if (!buffer) {
    buffer = new Array<Tensor | null>(node.numOutputs).fill(null);
    buffers.set(node, buffer);
  }
  const existing = buffer[slot];
  buffer[slot] = existing === null ? g : add(existing, g);
}

function retainGrads(node: Node, gradsIn: readonly (Tensor | null)[]): void {
  if (node.retainedOutputs === null) return;
  for (const tensor of node.retainedOutputs) {
    const g = gradsIn[tensor.outputNr];
    if (g === null) continue;
    const current = tensor.gradQuiet;
    tensor.grad = current === null ? cloneDetached(g) : add(current, g);
  }
}
