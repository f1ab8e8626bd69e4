// A node used by many others (a weight's AccumulateGrad in every layer or loop iteration) would pull
// an edge across the whole drawing to each use: hundreds of long edges that make a hairball and
// cost the layered layout one dummy node per layer crossed. Such a node is drawn once, beside its
// first user, and each further use gets a small reference node right above it instead.
// Pure: DrawGraph in, DrawGraph out; DOT export and the stepper keep using the unsplit graph.

import type { DrawEdge, DrawGraph, DrawNode } from "./collapse";

/** A node with more users than this gets a reference node for each user after the first. */
export const SHARED_USERS = 6;

export function splitShared(graph: DrawGraph, maxUsers = SHARED_USERS): DrawGraph {
  const users = new Map<string, number>();
  for (const edge of graph.edges) users.set(edge.from, (users.get(edge.from) ?? 0) + 1);
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  /** References go just before their user in the node order, which ELK's model-order options follow. */
  const refsOf = new Map<string, DrawNode[]>();
  const kept = new Set<string>();
  const edges: DrawEdge[] = graph.edges.map((edge) => {
    if ((users.get(edge.from) ?? 0) <= maxUsers || !kept.has(edge.from)) {
      kept.add(edge.from);
      return edge;
    }
    // The reference keeps the edge's id, so overlays that find an edge by `from->to` still find it.
    const shared = byId.get(edge.from)!;
    const ref: DrawNode = { id: `ref:${edge.id}`, kind: "ref", label: refLabel(shared, byId), refOf: shared, location: shared.location };
    refsOf.set(edge.to, [...(refsOf.get(edge.to) ?? []), ref]);
    return { id: edge.id, from: ref.id, to: edge.to };
  });
  const nodes = graph.nodes.flatMap((node) => [...(refsOf.get(node.id) ?? []), node]);
  return { nodes, edges, drawnAs: graph.drawnAs };
}

/** An accumulator's reference names its leaf: `AccumulateGrad (w)`. */
function refLabel(shared: DrawNode, byId: Map<string, DrawNode>): string {
  const leaf = shared.node?.leaf ? byId.get(shared.node.leaf) : undefined;
  return leaf ? `${shared.label} (${leaf.label})` : shared.label;
}
