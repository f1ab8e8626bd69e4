// The drawn graph as Graphviz DOT, for the export command. Pure; every label is quoted and escaped.

import type { DrawGraph } from "./collapse";
import { truncate } from "./format";

export function toDot(graph: DrawGraph, title = "autograd"): string {
  const lines = [`digraph ${quote(title)} {`, "  rankdir=TB;", '  node [fontname="Helvetica", fontsize=11];'];
  for (const node of graph.nodes) {
    const attributes: string[] = [];
    if (node.kind === "group") {
      attributes.push(`label=${quote(`${node.label} ×${node.members!.length}${node.chained ? " (chained)" : ""}`)}`, "shape=box3d");
    } else if (node.kind === "function") {
      attributes.push(`label=${quote(node.node!.detail ? `${node.label}\n${node.node!.detail}` : node.label)}`, "shape=box");
    } else {
      const tensor = node.node!;
      attributes.push(`label=${quote(`${tensor.label}\n${truncate(tensor.detail, 60)}`)}`, "shape=box", "style=\"rounded,filled\"",
        `fillcolor=${tensor.kind === "leaf" ? "lightblue" : "darkolivegreen1"}`);
    }
    lines.push(`  ${quote(node.id)} [${attributes.join(", ")}];`);
  }
  for (const edge of graph.edges) lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)};`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
