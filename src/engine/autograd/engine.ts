// The backward pass: PyTorch's engine, iterative (no recursion, so million-node graphs are fine).

import { runtimeError, warn } from "../errors";
import { withGradMode } from "../grad_mode";
import { Tensor } from "../tensor";
import { add } from "../ops/elementwise";
import { gradientEdge } from "../ops/record";
import { onesLike } from "../ops/creation";
import { AccumulateGrad } from "./accumulate";
import { Edge, getCurrentSite, Node } from "./node";
import { getEventLog } from "../events";
import { checkForNaN, isAnomalyDetectionEnabled } from "./anomaly";
import { applyLeafHooks, applyNodeHooks } from "./hooks";

export interface BackwardOptions {
  retainGraph?: boolean;
  createGraph?: boolean;
}

/** tensor.backward(gradient) / torch.autograd.backward. */
export function backward(roots: readonly Tensor[], gradients: readonly (Tensor | null)[], options: BackwardOptions = {}): void {
  if (options.createGraph) warn("UserWarning", CREATE_GRAPH_WARNING, true);
  execute(roots, gradients, options, null);
}

const CREATE_GRAPH_WARNING =
  "Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters to None after use to break the cycle and avoid the leak.";

/** torch.autograd.grad: the gradients of `inputs`, leaving every `.grad` untouched. */
export function grad(
  outputs: readonly Tensor[], inputs: readonly Tensor[], gradOutputs: readonly (Tensor | null)[],
  options: BackwardOptions & { allowUnused?: boolean } = {},
): (Tensor | null)[] {
  // PyTorch checks the outputs before the inputs.
  outputs.forEach((output, i) => rootGradient(output, gradOutputs[i] ?? null, i));
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
  if (given !== null) {
    if (given.dim !== root.dim || given.shape.some((size, d) => size !== root.shape[d])) {
      throw runtimeError(`Mismatch in shape: grad_output[${index}] has a shape of torch.Size([${given.shape.join(", ")}]) and output[${index}] has a shape of torch.Size([${root.shape.join(", ")}]).`);
    }
    return given;
  }
  if (root.numel !== 1) throw runtimeError("grad can be implicitly created only for scalar outputs");
  return onesLike(root);
}

let lastTask = 0;

/**
 * Counts, for every node reachable from the roots, how many edges lead into it. The counts live on
 * the nodes themselves (stamped with this task's number) so the hot loop needs no Map lookups.
 */
function countDependencies(roots: readonly Node[], task: number): void {
  const stack: Node[] = [];
  for (const root of roots) {
    if (root.task === task) continue;
    stamp(root, task);
    stack.push(root);
  }
  while (stack.length > 0) {
    const edges = stack.pop()!.nextEdges;
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i];
      if (edge === null) continue;
      const next = edge.node;
      if (next.task !== task) {
        stamp(next, task);
        stack.push(next);
      }
      next.dependencies++;
    }
  }
}

function stamp(node: Node, task: number): void {
  node.task = task;
  node.dependencies = 0;
  node.buffer = null;
}

/** Ready nodes, highest priority first, as PyTorch's ReadyQueue orders them. */
class ReadyQueue {
  private readonly heap: Node[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(node: Node): void {
    const heap = this.heap;
    heap.push(node);
    let i = heap.length - 1;
    const priority = node.priority;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].priority >= priority) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = node;
  }

  pop(): Node {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      // Sifts `last` down from the root, moving larger children up into the hole.
      const priority = last.priority;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = l;
        if (l >= n) break;
        if (r < n && heap[r].priority > heap[l].priority) best = r;
        if (heap[best].priority <= priority) break;
        heap[i] = heap[best];
        i = best;
      }
      heap[i] = last;
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
  const task = ++lastTask;
  const log = getEventLog();
  return withGradMode(createGraph, () => {
    const rootNodes: Node[] = [];
    const rootGrads: [Edge, Tensor][] = roots.map((root, i) => {
      const g = rootGradient(root, gradients[i] ?? null, i);
      const edge = gradientEdge(root)!;
      if (!rootNodes.includes(edge.node)) rootNodes.push(edge.node);
      return [edge, g];
    });
    countDependencies(rootNodes, task);
    log?.beginBackward(captureInputs ? "grad" : "backward", rootNodes, getCurrentSite(), retainGraph, createGraph);
    for (const [edge, g] of rootGrads) accumulateBuffer(edge.node, edge.inputNr, g);

    // The gradient of each input is what arrives at its node's output slot.
    const captures = new Map<Node, [slot: number, outputNr: number][]>();
    const captured: (Tensor | null)[] = captureInputs ? captureInputs.map(() => null) : [];
    captureInputs?.forEach((input, i) => {
      const edge = gradientEdge(input)!;
      captures.set(edge.node, [...(captures.get(edge.node) ?? []), [i, edge.inputNr]]);
    });

    const ready = new ReadyQueue();
    for (const node of rootNodes) if (node.dependencies === 0) ready.push(node);

    while (ready.size > 0) {
      const node = ready.pop();
      const gradsIn = node.buffer ?? [null];
      node.buffer = null;
      const accumulates = node instanceof AccumulateGrad;
      if (accumulates) {
        if (gradsIn[0] !== null) gradsIn[0] = applyLeafHooks(node.variable, gradsIn[0]);
      } else {
        applyNodeHooks(node, gradsIn);
      }
      const captureSlots = captureInputs === null ? undefined : captures.get(node);
      if (captureSlots) for (const [slot, outputNr] of captureSlots) captured[slot] = gradsIn[outputNr];
      // autograd.grad never writes .grad: leaves' accumulators are skipped.
      const skip = captureInputs !== null && accumulates;
      const gradsOut = skip ? [] : node.apply(gradsIn);
      if (isAnomalyDetectionEnabled()) checkForNaN(node, gradsOut);
      log?.step(node, gradsIn, gradsOut);
      if (!retainGraph) node.release();
      const edges = node.nextEdges;
      for (let i = 0; i < edges.length; i++) {
        const edge = edges[i];
        if (edge === null) continue;
        const g = gradsOut[i] ?? null;
        if (g !== null) accumulateBuffer(edge.node, edge.inputNr, g);
        if (--edge.node.dependencies === 0) ready.push(edge.node);
      }
    }
    log?.endBackward();
    return captured;
  });
}

function accumulateBuffer(node: Node, slot: number, g: Tensor): void {
  let buffer = node.buffer;
  if (buffer === null) {
    const outputs = node.numOutputs;
    if (outputs === 1) {
      node.buffer = [g];
      return;
    }
    buffer = new Array<Tensor | null>(outputs).fill(null);
    node.buffer = buffer;
  }
  const existing = buffer[slot];
  buffer[slot] = existing === null ? g : add(existing, g);
}
