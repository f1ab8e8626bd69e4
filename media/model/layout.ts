// The ELK input for a drawn graph and the options chosen by measuring (see README "Layout"), and
// the positions read back. Pure: sizes come from the caller, which measures text in the webview.

import type { DrawGraph } from "./collapse";

export interface Size {
  width: number;
  height: number;
}

export interface ElkNodeInput extends Size {
  id: string;
}

export interface ElkGraphInput {
  id: string;
  layoutOptions: Record<string, string>;
  children: ElkNodeInput[];
  edges: { id: string; sources: string[]; targets: string[] }[];
}

export interface Point {
  x: number;
  y: number;
}

export interface PlacedGraph {
  width: number;
  height: number;
  nodes: Map<string, Point & Size>;
  /** Each edge's polyline, start to end. */
  edges: Map<string, Point[]>;
}

/** Above this many drawn nodes the cheaper options keep 1,000 nodes under half a second. */
export const LARGE_GRAPH = 300;

export function layoutOptions(nodeCount: number): Record<string, string> {
  const options: Record<string, string> = {
    "elk.algorithm": "layered",
    "elk.direction": "DOWN",
    "elk.edgeRouting": "POLYLINE",
    "elk.layered.spacing.nodeNodeBetweenLayers": "36",
    "elk.spacing.nodeNode": "24",
    "elk.spacing.edgeNode": "12",
    "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    // ELK finds connected components by recursion, one frame per node along a path: a chain of
    // 5,000 nodes overflows the worker's stack. The panel draws one output's (connected) graph.
    "elk.separateConnectedComponents": "false",
  };
  if (nodeCount > LARGE_GRAPH) {
    options["elk.layered.crossingMinimization.strategy"] = "NONE";
    options["elk.layered.nodePlacement.strategy"] = "SIMPLE";
    options["elk.edgeRouting"] = "ORTHOGONAL";
    delete options["elk.layered.considerModelOrder.strategy"];
  }
  return options;
}

/**
 * The same layout with a layering that recurses nowhere. ELK's network-simplex layering walks the
 * graph depth first, one stack frame per node along a path, and overflows the worker's stack on
 * chains of a few thousand nodes; breadth-first model-order layering is the fallback then.
 */
export function withoutRecursion(input: ElkGraphInput): ElkGraphInput {
  return { ...input, layoutOptions: { ...input.layoutOptions, "elk.layered.layering.strategy": "BF_MODEL_ORDER" } };
}

export function elkInput(graph: DrawGraph, size: (id: string) => Size): ElkGraphInput {
  return {
    id: "root",
    layoutOptions: layoutOptions(graph.nodes.length),
    children: graph.nodes.map((node) => ({ id: node.id, ...size(node.id) })),
    edges: graph.edges.map((edge) => ({ id: edge.id, sources: [edge.from], targets: [edge.to] })),
  };
}

interface ElkOutput {
  width?: number;
  height?: number;
  children?: { id: string; x?: number; y?: number; width?: number; height?: number }[];
  edges?: { id: string; sections?: { startPoint: Point; endPoint: Point; bendPoints?: Point[] }[] }[];
}

export function readLayout(output: ElkOutput): PlacedGraph {
  const nodes = new Map<string, Point & Size>();
  for (const child of output.children ?? []) {
    nodes.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
  }
  const edges = new Map<string, Point[]>();
  for (const edge of output.edges ?? []) {
    const section = edge.sections?.[0];
    if (section) edges.set(edge.id, [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]);
  }
  return { width: output.width ?? 0, height: output.height ?? 0, nodes, edges };
}
