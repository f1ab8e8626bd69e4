// Repeated structure (a loop body, the same line run many times) collapses into one group node
// with a count, so large graphs stay readable and lay out fast; a group expands on request.
// Pure: ViewGraph in, the drawn nodes and edges out.

import type { SourceLocation } from "../../src/result";
import type { ViewGraph, ViewNode, ViewNodeKind } from "./graph";

export type DrawKind = ViewNodeKind | "group";

export interface DrawNode {
  id: string;
  kind: DrawKind;
  label: string;
  node?: ViewNode;
  /** A group's members, in graph order. */
  members?: string[];
  /** A group whose members feed one another (a chain built by a loop). */
  chained?: boolean;
  location?: SourceLocation;
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

/** Where a function node was made and what it is: nodes sharing a key are repeats. */
function repeatKey(node: ViewNode): string | undefined {
  if (node.kind !== "function" || !node.location || node.label === "AccumulateGrad") return undefined;
  return `${node.label}@${node.location.line}:${node.location.column}`;
}

export function collapseRepeated(graph: ViewGraph, expanded: ReadonlySet<string> = new Set(), threshold = COLLAPSE_THRESHOLD): DrawGraph {
  const members = new Map<string, ViewNode[]>();
  for (const node of graph.nodes) {
    const key = repeatKey(node);
    if (key) members.set(key, [...(members.get(key) ?? []), node]);
  }
  const drawnAs = new Map<string, string>();
  const nodes: DrawNode[] = [];
  const groups = new Map<string, DrawNode>();
  for (const node of graph.nodes) {
    const key = repeatKey(node);
    const group = key ? members.get(key)! : undefined;
    const groupId = `group:${key}`;
    if (!group || group.length < threshold || expanded.has(groupId)) {
      drawnAs.set(node.id, node.id);
      nodes.push({ id: node.id, kind: node.kind, label: node.label, node, location: node.location });
      continue;
    }
    drawnAs.set(node.id, groupId);
    if (groups.has(groupId)) continue;
    const drawn: DrawNode = { id: groupId, kind: "group", label: node.label, members: group.map((m) => m.id), location: node.location };
    groups.set(groupId, drawn);
    nodes.push(drawn);
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
