// The panel's graph: the interpreter's GraphView made unambiguous and enriched with what the views
// show (variable names, values, shapes, .grad), plus the choice of which output's graph to draw.
// Pure: no DOM, no vscode; unit-tested on recorded engine data.

import type { EvaluationResult, GraphNodeView, ModuleCallView, SavedValueView, SourceLocation, TensorSummary } from "../../src/result";
import { reprBody } from "./format";

export type ViewNodeKind = "leaf" | "tensor" | "function";

export interface ViewNode {
  id: string;
  kind: ViewNodeKind;
  /** A tensor's variable name (or `tensor`), a function's grad_fn name. */
  label: string;
  /** A tensor's value as PyTorch prints it inside `tensor(...)`; a function's saved scalars. */
  detail: string;
  /** The full repr of a tensor. */
  repr?: string;
  tensor?: TensorSummary;
  location?: SourceLocation;
  /** Resolved ids of the nodes this one was computed from (forward direction). */
  inputs: string[];
  /** A function's next edges in order, null where next_functions has None: edge i carries its i-th gradient. */
  edges?: (string | null)[];
  /** A function's saved values (`_saved_self`, ...), for its tooltip. */
  saved?: SavedValueView[];
  /** A function made inside an nn.Module call: the call, drawn as a group around its nodes. */
  module?: ModuleCallView;
  /** Ids of the nodes computed from this one. */
  users: string[];
  /** AccumulateGrad: the leaf tensor node it accumulates into. */
  leaf?: string;
  /** A function node: the named tensor it produced, when the namespace holds one. */
  output?: string;
}

export interface ViewGraph {
  nodes: ViewNode[];
  byId: Map<string, ViewNode>;
}

/** A tensor whose graph the panel can draw, for the picker. */
export interface OutputChoice {
  id: string;
  label: string;
  /** Why it is the default, or how it is described in the picker. */
  description: string;
}

/**
 * Builds the view graph. The interpreter gives every AccumulateGrad the same id (PyTorch's
 * sequence number for accumulators is the largest integer), so accumulators are renamed after the
 * leaf they feed (`acc:t0`), and a reference to a shared id is resolved to the nearest accumulator
 * listed before the referring node that no other node has claimed yet (the snapshot lists nodes
 * after their inputs). That is exact for the graphs in test/extension/fixtures; an interpreter
 * that emits unique ids makes it unnecessary.
 */
export function buildViewGraph(result: EvaluationResult): ViewGraph {
  const summaries = new Map<string, TensorSummary>();
  for (const variable of result.variables) {
    if (variable.tensor?.nodeId && !summaries.has(variable.tensor.nodeId)) summaries.set(variable.tensor.nodeId, variable.tensor);
  }
  const source = result.graph.nodes;
  const idCounts = new Map<string, number>();
  for (const node of source) idCounts.set(node.id, (idCounts.get(node.id) ?? 0) + 1);

  const nodes: ViewNode[] = [];
  const byId = new Map<string, ViewNode>();
  /** Renamed nodes of each shared id, in list order, with their position. */
  const shared = new Map<string, { node: ViewNode; position: number }[]>();
  const claimed = new Set<string>();
  source.forEach((raw, position) => {
    const node = toViewNode(raw, summaries.get(raw.id));
    if (raw.label === "AccumulateGrad" && raw.inputs.length === 1) {
      node.leaf = raw.inputs[0] ?? undefined;
      node.id = `acc:${node.leaf}`;
    } else if ((idCounts.get(raw.id) ?? 0) > 1) {
      node.id = `${raw.id}#${position}`;
    }
    if (node.id !== raw.id) {
      const list = shared.get(raw.id) ?? [];
      list.push({ node, position });
      shared.set(raw.id, list);
    }
    if (byId.has(node.id)) return;
    const edges = raw.inputs.map((input) => {
      if (input === null) return null;
      const candidates = shared.get(input);
      if (!candidates) return input;
      const before = candidates.filter((c) => c.position < position);
      const pick = [...before].reverse().find((c) => !claimed.has(c.node.id)) ?? before[before.length - 1] ?? candidates[0];
      claimed.add(pick.node.id);
      return pick.node.id;
    });
    if (node.kind === "function") node.edges = edges;
    node.inputs = edges.filter((id) => id !== null);
    nodes.push(node);
    byId.set(node.id, node);
  });
  for (const node of nodes) {
    node.inputs = [...new Set(node.inputs.filter((id) => byId.has(id)))];
    for (const input of node.inputs) byId.get(input)!.users.push(node.id);
    if (node.kind !== "function" && node.inputs.length === 1) {
      const producer = byId.get(node.inputs[0])!;
      if (producer.kind === "function" && !producer.output) producer.output = node.id;
      // The interpreter locates functions only; a result tensor was made where its grad_fn was.
      node.location ??= producer.location;
    }
  }
  return { nodes, byId };
}

function toViewNode(raw: GraphNodeView, tensor: TensorSummary | undefined): ViewNode {
  if (raw.kind === "function") {
    return {
      id: raw.id, kind: "function", label: raw.label, detail: raw.detail, saved: raw.saved, module: raw.module, location: raw.location,
      inputs: [], users: [],
    };
  }
  const leaf = raw.inputs.length === 0;
  return {
    id: raw.id, kind: leaf ? "leaf" : "tensor", label: raw.label, detail: reprBody(raw.detail), repr: raw.detail,
    tensor, location: raw.location, inputs: [], users: [],
  };
}

/** Named tensors computed by the graph, newest last: what the picker offers. */
export function outputChoices(graph: ViewGraph, result: EvaluationResult): OutputChoice[] {
  const preferred = defaultOutput(graph, result);
  return graph.nodes
    .filter((node) => node.kind === "tensor")
    .map((node) => ({
      id: node.id,
      label: node.label,
      description: node.id === preferred ? "last backpropagated" : node.tensor?.gradFn ?? "",
    }));
}

/**
 * The tensor whose graph is drawn first: the root of the last backward() call when it is still in
 * the namespace, else the newest non-leaf tensor, else none (draw everything).
 */
export function defaultOutput(graph: ViewGraph, result: EvaluationResult): string | undefined {
  for (let i = result.events.length - 1; i >= 0; i--) {
    const event = result.events[i];
    if (event.kind !== "backward") continue;
    for (const root of event.roots) {
      const fn = graph.byId.get(`f${root}`);
      if (fn?.output) return fn.output;
    }
    break;
  }
  const tensors = graph.nodes.filter((node) => node.kind === "tensor");
  return tensors[tensors.length - 1]?.id;
}

/**
 * The part of the graph an output was computed from: the output, its ancestors, and the named
 * tensors produced along the way (so `y` shows beside PowBackward0). No output: the whole graph.
 */
export function subgraph(graph: ViewGraph, outputId: string | undefined): ViewGraph {
  if (!outputId || !graph.byId.has(outputId)) return graph;
  const keep = new Set<string>();
  const stack = [outputId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    stack.push(...graph.byId.get(id)!.inputs);
  }
  for (const node of graph.nodes) {
    if (node.kind === "tensor" && node.inputs.length === 1 && keep.has(node.inputs[0])) keep.add(node.id);
  }
  const nodes = graph.nodes
    .filter((node) => keep.has(node.id))
    .map((node) => ({ ...node, users: node.users.filter((id) => keep.has(id)) }));
  return { nodes, byId: new Map(nodes.map((node) => [node.id, node])) };
}

/** The nodes created on any of the given 1-based lines (for the editor's selection). */
export function nodesOnLines(graph: ViewGraph, lines: ReadonlySet<number>): string[] {
  return graph.nodes.filter((node) => node.location && lines.has(node.location.line)).map((node) => node.id);
}
