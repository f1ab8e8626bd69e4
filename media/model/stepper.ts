// The backward stepper's sequence: one entry per node the engine ran in a backward pass, with the
// gradient arriving, the gradients sent along each edge, the chain-rule product, and each
// accumulation into a leaf's .grad. Pure; built from the result's recorded events.

import type { BackwardStep, EngineEventView, EvaluationResult, SourceLocation, ValueSnapshot } from "../../src/result";
import { formatNumber, formatValue, isScalar } from "./format";
import type { ViewGraph, ViewNode } from "./graph";

type BackwardEvent = Extract<EngineEventView, { kind: "backward" }>;
type AccumulateEvent = Extract<EngineEventView, { kind: "accumulate" }>;

/** One backward()/grad() call, for the stepper's pass picker. */
export interface BackwardPass {
  id: number;
  api: "backward" | "grad";
  site?: SourceLocation;
  retainGraph: boolean;
  /** How many nodes it ran. */
  stepCount: number;
  truncated: boolean;
}

/** A gradient travelling along one edge of the drawn graph, in the backward direction. */
export interface EdgeGradient {
  /** The edge's forward direction: from the input node `from` to the node `to` that ran. */
  from: string;
  to: string;
  value: string;
}

export interface StepView {
  /** 0-based position in the pass. */
  index: number;
  name: string;
  /** The drawn node this step ran, when it is in the graph. */
  nodeId?: string;
  gradIn: string;
  gradsOut: EdgeGradient[];
  /** `1. × cos(16.) = -0.9577`: the gradient in times the local derivative, for one-element values. */
  products: string[];
  /** An AccumulateGrad step: what it did to the leaf's .grad. */
  accumulation?: { leaf: string; leafId?: string; before: string; after: string };
}

export function backwardPasses(result: EvaluationResult): BackwardPass[] {
  return backwardEvents(result).map((event) => ({
    id: event.id, api: event.api, site: event.site ?? undefined, retainGraph: event.retainGraph,
    stepCount: event.steps.length, truncated: event.truncated,
  }));
}

/** The pass the stepper opens on: the newest one whose nodes are in the drawn graph, else the newest. */
export function defaultPass(result: EvaluationResult, graph: ViewGraph): number | undefined {
  const events = backwardEvents(result);
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i].steps.some((step) => graph.byId.has(`f${step.node}`))) return events[i].id;
  }
  return events[events.length - 1]?.id;
}

export function stepSequence(result: EvaluationResult, graph: ViewGraph, passId: number): StepView[] {
  const event = backwardEvents(result).find((e) => e.id === passId);
  if (!event) return [];
  // AccumulateGrad steps share one node id; the accumulations of the pass come in the same order.
  const accumulations = result.events.filter((e): e is AccumulateEvent => e.kind === "accumulate" && e.backward === passId);
  let nextAccumulation = 0;
  return event.steps.map((step, index) => {
    if (step.name === "AccumulateGrad") {
      const accumulation = accumulations[nextAccumulation++];
      return accumulationStep(step, index, accumulation, graph);
    }
    return functionStep(step, index, graph);
  });
}

function functionStep(step: BackwardStep, index: number, graph: ViewGraph): StepView {
  const node = graph.byId.get(`f${step.node}`);
  const gradIn = step.gradsIn[0] ?? null;
  const view: StepView = { index, name: step.name, nodeId: node?.id, gradIn: formatValue(gradIn), gradsOut: [], products: [] };
  // gradsOut follows the node's next edges, null ones included, as node.edges does.
  step.gradsOut.forEach((grad, slot) => {
    if (!grad) return;
    const edge = node?.edges?.[slot];
    const input = edge && graph.byId.has(edge) ? edge : undefined;
    if (node && input) view.gradsOut.push({ from: input, to: node.id, value: formatValue(grad) });
    const product = chainRuleProduct(step.name, gradIn, grad, node, input ? graph.byId.get(input) : undefined, graph, slot);
    if (product) view.products.push(product);
  });
  return view;
}

function accumulationStep(step: BackwardStep, index: number, accumulation: AccumulateEvent | undefined, graph: ViewGraph): StepView {
  const leafId = accumulation ? `t${accumulation.tensor}` : undefined;
  const leaf = leafId ? graph.byId.get(leafId) : undefined;
  const accId = leafId && graph.byId.has(`acc:${leafId}`) ? `acc:${leafId}` : undefined;
  const gradIn = step.gradsIn[0] ?? null;
  const view: StepView = { index, name: step.name, nodeId: accId, gradIn: formatValue(gradIn), gradsOut: [], products: [] };
  if (accumulation) {
    const name = leaf?.label ?? "the leaf";
    view.accumulation = {
      leaf: name, leafId: leaf?.id,
      before: formatValue(accumulation.before), after: formatValue(accumulation.after),
    };
    if (accId && leaf) view.gradsOut.push({ from: leaf.id, to: accId, value: formatValue(accumulation.after) });
    if (isScalar(accumulation.before) && isScalar(gradIn)) {
      view.products.push(`${name}.grad = ${formatValue(accumulation.before)} + ${formatValue(gradIn)} = ${formatValue(accumulation.after)}`);
    } else if (!accumulation.before) {
      view.products.push(`${name}.grad = ${formatValue(accumulation.after)}`);
    }
  }
  return view;
}

/**
 * `gradIn × local = gradOut` for one-element values. The local derivative is written as a formula
 * of the input's value for the common ops (`cos(16.)`, `2 × 4.`), or as the number it must be.
 */
export function chainRuleProduct(
  name: string, gradIn: ValueSnapshot | null, gradOut: ValueSnapshot, node: ViewNode | undefined,
  input: ViewNode | undefined, graph: ViewGraph, slot: number,
): string | null {
  if (!isScalar(gradIn) || !isScalar(gradOut)) return null;
  const x = input ? valueOf(input, graph) : undefined;
  const local = localDerivative(name, x, node, slot) ?? numericLocal(gradIn.values[0], gradOut.values[0], gradOut.dtype);
  if (local === null) return null;
  return `${formatValue(gradIn)} × ${local} = ${formatValue(gradOut)}`;
}

function numericLocal(gradIn: number, gradOut: number, dtype: ValueSnapshot["dtype"]): string | null {
  if (gradIn === 0) return null;
  // float32 quotients carry noise (15.000001); six significant digits print as PyTorch would.
  return formatNumber(Number((gradOut / gradIn).toPrecision(6)), dtype);
}

/** The value the node's input had in the forward pass: a leaf's value or a named result's. */
function valueOf(input: ViewNode, graph: ViewGraph): string | undefined {
  if (input.kind !== "function") return input.detail;
  if (input.leaf) return graph.byId.get(input.leaf)?.detail;
  return input.output ? graph.byId.get(input.output)?.detail : undefined;
}

function scalarOf(detail: string, key: string): string | undefined {
  return new RegExp(`(?:^|, )${key}=([^,]+)`).exec(detail)?.[1];
}

function localDerivative(name: string, x: string | undefined, node: ViewNode | undefined, slot: number): string | null {
  const simple = x !== undefined && !x.includes("[") ? x : undefined;
  switch (name) {
    case "PowBackward0": {
      const exponent = node ? scalarOf(node.detail, "exponent") : undefined;
      if (!simple || exponent === undefined) return null;
      const e = Number(exponent);
      if (e === 2) return `2 × ${simple}`;
      return Number.isFinite(e) ? `${exponent} × ${simple}^${formatPlain(e - 1)}` : null;
    }
    case "SinBackward0": return simple ? `cos(${simple})` : null;
    case "CosBackward0": return simple ? `-sin(${simple})` : null;
    case "ExpBackward0": return simple ? `exp(${simple})` : null;
    case "LogBackward0": return simple ? `1/${simple}` : null;
    case "SqrtBackward0": return simple ? `1/(2√${simple})` : null;
    case "TanhBackward0": return simple ? `(1 - tanh²(${simple}))` : null;
    case "SigmoidBackward0": return simple ? `σ(${simple})(1 - σ(${simple}))` : null;
    case "NegBackward0": return "-1";
    case "AddBackward0": return slot === 0 ? "1" : alpha(node, "");
    case "SubBackward0": return slot === 0 ? "1" : `-${alpha(node, "1")}`;
    default: return null;
  }
}

function alpha(node: ViewNode | undefined, fallback: string): string {
  const value = node ? scalarOf(node.detail, "alpha") : undefined;
  return value ?? (fallback || "1");
}

function formatPlain(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4)));
}

function backwardEvents(result: EvaluationResult): BackwardEvent[] {
  return result.events.filter((e): e is BackwardEvent => e.kind === "backward");
}
