// Repeated structure (a loop body, the same line run many times) collapses into one group node
// with a count, so large graphs stay readable and lay out fast; a group expands on request.
// Pure: ViewGraph in, the drawn nodes and edges out.

import type { SourceLocation } from "../../src/result";
import type { ViewGraph, ViewNode, ViewNodeKind } from "./graph";
import { splitShared } from "./shared";

export type DrawKind = ViewNodeKind | "group" | "ref";

export interface DrawNode {
  id: string;
  kind: DrawKind;
  label: string;
  node?: ViewNode;
  /** A group's members, in graph order. */
  members?: string[];
  /** A group whose members feed one another (a chain built by a loop). */
  chained?: boolean;
  /** A group of everything made on one source line or a run of lines (large graphs only): `line 12`, `lines 9–16`. */
  lines?: string;
  /** A group of what one nn.Module call made: the call's label, `Linear (model.0)`. */
  module?: string;
  location?: SourceLocation;
  /** A reference node: the shared node it stands for (see shared.ts). */
  refOf?: DrawNode;
}

export interface DrawEdge {
  id: string;
  from: string;
  to: string;
}

export interface DrawGraph {
  nodes: DrawNode[];
  edges: DrawEdge[];
  /** The drawn node standing for each graph node (itself, or its group). */
  drawnAs: Map<string, string>;
}

/** Functions made by the same code this many times or more collapse by default. */
export const COLLAPSE_THRESHOLD = 5;

/**
 * Above this many drawn nodes, everything made on one source line is drawn as one group as well,
 * and if that is not enough, everything made on a run of 2, 4, 8, ... lines: a graph built by
 * thousands of distinct lines stays readable and is drawn in about half a second.
 */
export const LINE_GROUP_BUDGET = 120;

/** Where a function node was made and what it is: nodes sharing a key are repeats. */
function repeatKey(node: ViewNode): string | undefined {
  if (node.kind !== "function" || !node.location || node.label === "AccumulateGrad") return undefined;
  return `${node.label}@${node.location.line}:${node.location.column}`;
}

/** The nn.Module call a function was made in: each call is drawn as one group until expanded. */
function moduleKey(node: ViewNode): string | undefined {
  return node.module ? `module:${node.module.id}` : undefined;
}

/** The line (or run of `span` lines) a function or a result tensor was made on; leaves and accumulators stay apart. */
function lineKey(node: ViewNode, span: number): string | undefined {
  if (node.kind === "leaf" || !node.location || node.label === "AccumulateGrad") return undefined;
  if (span === 1) return `line ${node.location.line}`;
  const first = Math.floor((node.location.line - 1) / span) * span + 1;
  return `lines ${first}–${first + span - 1}`;
}

export function collapseRepeated(
  graph: ViewGraph, expanded: ReadonlySet<string> = new Set(), threshold = COLLAPSE_THRESHOLD, budget = LINE_GROUP_BUDGET,
): DrawGraph {
  const repeats = countKeys(graph, repeatKey);
  const repeatGroup = (node: ViewNode) => {
    const module = moduleKey(node);
    if (module && !expanded.has(`group:${module}`)) return module;
    const key = repeatKey(node);
    return key && repeats.get(key)! >= threshold && !expanded.has(`group:${key}`) ? key : undefined;
  };
  let drawn = collapse(graph, repeatGroup);
  const lastLine = Math.max(0, ...graph.nodes.map((node) => node.location?.line ?? 0));
  // Budgeted as drawn: with the references splitShared adds for widely shared inputs.
  for (let span = 1; splitShared(drawn).nodes.length > budget && span <= lastLine; span *= 2) {
    const lines = countKeys(graph, (node) => lineKey(node, span));
    drawn = collapse(graph, (node) => {
      const key = lineKey(node, span);
      return key && lines.get(key)! > 1 && !expanded.has(`group:${key}`) ? key : repeatGroup(node);
    });
  }
  return drawn;
}

function countKeys(graph: ViewGraph, keyOf: (node: ViewNode) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const node of graph.nodes) {
    const key = keyOf(node);
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Draws the nodes sharing a group key as one group node each, the others as themselves. */
function collapse(graph: ViewGraph, groupOf: (node: ViewNode) => string | undefined): DrawGraph {
  const drawnAs = new Map<string, string>();
  const nodes: DrawNode[] = [];
  const groups = new Map<string, DrawNode>();
  for (const node of graph.nodes) {
    const key = groupOf(node);
    if (!key) {
      drawnAs.set(node.id, node.id);
      nodes.push({ id: node.id, kind: node.kind, label: node.label, node, location: node.location });
      continue;
    }
    const groupId = `group:${key}`;
    drawnAs.set(node.id, groupId);
    const group = groups.get(groupId);
    if (group) {
      group.members!.push(node.id);
      if (!group.label.split(" · ").includes(node.label)) group.label += ` · ${node.label}`;
      continue;
    }
    const created: DrawNode = { id: groupId, kind: "group", label: node.label, members: [node.id], location: node.location };
    if (key.startsWith("line")) created.lines = key;
    if (key.startsWith("module:")) created.module = node.module!.label;
    groups.set(groupId, created);
    nodes.push(created);
  }
  const edges: DrawEdge[] = [];
  const seen = new Set<string>();
  for (const node of graph.nodes) {
    const to = drawnAs.get(node.id)!;
    for (const input of node.inputs) {
      const from = drawnAs.get(input);
      if (!from) continue;
      if (from === to) {
        groups.get(to)!.chained = true;
        continue;
      }
      const id = `${from}->${to}`;
      if (seen.has(id)) continue;
      seen.add(id);
      edges.push({ id, from, to });
    }
  }
  return { nodes, edges, drawnAs };
}
