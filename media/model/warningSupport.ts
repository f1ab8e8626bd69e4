// What the teaching warnings share: their shape, and reading names, nodes and lines out of a result.

import type { EngineEventView, EvaluationResult, SourceLocation, TensorSummary, ValueSnapshot } from "../../src/result";
import type { ViewGraph } from "./graph";

export type WarningKind = "accumulation" | "optimizer-no-zero-grad" | "retain-graph" | "non-leaf-grad" | "gradient-cut" | "backward-twice" | "inplace";

export interface TeachingWarning {
  kind: WarningKind;
  title: string;
  /** What happened, with the values. */
  detail: string;
  why: string;
  fix: string;
  /** Drawn nodes the warning is about (marked in the graph). */
  nodeIds: string[];
  /** 1-based document lines involved: the calls and cuts it is about. */
  lines: number[];
}

export type EventOf<K extends EngineEventView["kind"]> = Extract<EngineEventView, { kind: K }>;

/** The distinct lines of some events' sites, in order of first appearance. */
export function linesOf(sites: readonly (SourceLocation | undefined)[]): number[] {
  return [...new Set(sites.map((site) => site?.line).filter((line): line is number => line !== undefined))];
}

/** ` on line 4` / ` on lines 4, 7` / nothing. */
export function onLines(lines: readonly number[]): string {
  return lines.length === 0 ? "" : ` on line${lines.length === 1 ? "" : "s"} ${lines.join(", ")}`;
}

/**
 * `.grad` was None or all zeros before an accumulation: a fresh start. (A big tensor's snapshot
 * keeps only its first values; its reset is known from the grad-reset events instead.)
 */
export function isReset(before: ValueSnapshot | null): boolean {
  return !before || (before.values.length === before.numel && before.values.every((v) => v === 0));
}

/** A leaf's drawn node and its AccumulateGrad, those of them the graph has. */
export function leafNodeIds(graph: ViewGraph, tensor: number): string[] {
  return [`t${tensor}`, `acc:t${tensor}`].filter((id) => graph.byId.has(id));
}

/** The namespace's tensors by the id the engine's events use for them. */
export function variablesByTensor(result: EvaluationResult): Map<number, { name: string; tensor: TensorSummary }> {
  const byTensor = new Map<number, { name: string; tensor: TensorSummary }>();
  for (const variable of result.variables) {
    const id = variable.tensor?.tensorId;
    if (id !== undefined && !byTensor.has(id)) byTensor.set(id, { name: variable.name, tensor: variable.tensor! });
  }
  return byTensor;
}

/** A leaf's variable name, else its graph label, else a description. */
export function leafName(result: EvaluationResult, graph: ViewGraph, tensor: number): string {
  return result.variables.find((v) => v.tensor?.tensorId === tensor)?.name ?? graph.byId.get(`t${tensor}`)?.label ?? "a leaf tensor";
}
