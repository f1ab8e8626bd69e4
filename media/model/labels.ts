// What each drawn node says: a title and a few short lines. Pure, so tests read what the panel shows.

import type { DrawNode } from "./collapse";
import { formatShape, truncate } from "./format";
import { functionTooltip } from "../view/nodeDetails";

export interface NodeText {
  title: string;
  lines: string[];
  /** Tooltip: the full repr or the group's members. */
  tooltip: string;
}

const VALUE_WIDTH = 36;

export function nodeText(node: DrawNode): NodeText {
  if (node.lines) {
    const count = node.members!.length;
    return {
      title: truncate(node.label, VALUE_WIDTH),
      lines: [`${node.lines} · ${count} nodes · click to expand`],
      tooltip: `${count} nodes made on ${node.lines}: ${node.label}. Click to expand.`,
    };
  }
  if (node.module) {
    const count = node.members!.length;
    return {
      title: truncate(node.module, VALUE_WIDTH),
      lines: [truncate(node.label, VALUE_WIDTH), `${count} node${count === 1 ? "" : "s"} · click to expand`],
      tooltip: `${node.module}: one call made ${count} node${count === 1 ? "" : "s"} (${node.label}). Click to expand.`,
    };
  }
  if (node.kind === "group") {
    const count = node.members!.length;
    const line = node.location ? `line ${node.location.line}` : "";
    return {
      title: `${node.label} ×${count}`,
      lines: [`${line}${line ? " · " : ""}${node.chained ? "chained · " : ""}click to expand`],
      tooltip: `${count} ${node.label} nodes made by the same code${line ? ` (${line})` : ""}. Click to expand.`,
    };
  }
  if (node.kind === "ref") {
    return { title: `↑ ${node.label}`, lines: [], tooltip: `${node.label}, used here again: drawn once where it is first used. Click to go to it.` };
  }
  const view = node.node!;
  if (view.kind === "function") {
    const lines = view.detail ? [truncate(view.detail, VALUE_WIDTH)] : [];
    return { title: view.label, lines, tooltip: functionTooltip(view) };
  }
  const tensor = view.tensor;
  const lines = [truncate(view.detail, VALUE_WIDTH)];
  if (tensor && tensor.shape.length > 0) lines.push(`${formatShape(tensor.shape)} ${tensor.dtype}`);
  if (view.kind === "leaf") {
    if (tensor?.grad !== undefined) lines.push(`grad ${tensor.grad === null ? "None" : truncate(gradBody(tensor.grad), VALUE_WIDTH - 5)}`);
  } else if (tensor?.grad) {
    lines.push(`grad ${truncate(gradBody(tensor.grad), VALUE_WIDTH - 5)}`);
  }
  const title = view.kind === "leaf" ? `${view.label} · leaf` : view.label;
  return { title, lines, tooltip: view.repr ?? view.detail };
}

function gradBody(repr: string): string {
  const match = /^tensor\(([\s\S]*?)(?:, dtype=torch\.\w+)?\)$/.exec(repr.trim());
  return match ? match[1].replace(/\n\s*/g, " ") : repr;
}
