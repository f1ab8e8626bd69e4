// The hover text of a variable (or of a tensor attribute such as `x.grad`) from the last evaluation,
// as Markdown. Pure, so it is unit-tested;
// hover.ts wraps it in a vscode.MarkdownString.

import type { EngineEventView, GraphView, SourceLocation, TensorSummary, VariableView } from "../result";
import type { HoverDetail } from "./config";
import { gradHistory } from "./hoverGradients";

/** What the hover knows beyond the variable: the session's graph and events, and where "Show in graph" goes. */
export interface HoverContext {
  graph: GraphView;
  events: readonly EngineEventView[];
  /** `Uri.toString()` of the document (or notebook) whose session holds the variable. */
  documentUri: string;
}

/** The command a hover's "Show in graph" link runs; declared in commands.ts. */
export const REVEAL_NODE_COMMAND = "autogradLens.revealNode";

/** Markdown for a variable: its repr as PyTorch prints it, and for tensors (in full detail) their autograd facts. */
export function hoverMarkdown(variable: VariableView, detail: HoverDetail = "full", context?: HoverContext): string {
  const parts = [`\`${variable.name}\`: ${inlineCode(variable.type)}`, codeBlock(variable.tensor ? variable.repr : shortRepr(variable.repr))];
  if (variable.tensor && detail === "full") parts.push(tensorFacts(variable.tensor, context));
  return parts.join("\n\n");
}

const SHORT_LINES = 12;
const SHORT_CHARS = 600;

/** A non-tensor's repr (a module, a long list) kept short: its first lines and characters, then `…`. */
function shortRepr(repr: string): string {
  const lines = repr.split("\n");
  let text = lines.length > SHORT_LINES ? `${lines.slice(0, SHORT_LINES).join("\n")}\n…` : repr;
  if (text.length > SHORT_CHARS) text = `${text.slice(0, SHORT_CHARS)}…`;
  return text;
}

function tensorFacts(tensor: TensorSummary, context: HoverContext | undefined): string {
  const inputs = context && tensor.nodeId ? gradFnInputs(context.graph, tensor.nodeId) : undefined;
  const facts = [
    `shape ${inlineCode(torchSize(tensor.shape))}`,
    `dtype ${inlineCode(qualifiedDtype(tensor.dtype))}`,
    `requires_grad ${inlineCode(pythonBool(tensor.requiresGrad))}`,
    `is_leaf ${inlineCode(pythonBool(tensor.isLeaf))}`,
    `grad_fn ${inlineCode(tensor.gradFn ?? "None")}${inputs ? ` ← ${inputs}` : ""}`,
  ];
  // Two spaces before a newline are a Markdown line break: one fact per line, compact.
  const list = facts.join("  \n");
  const grad = tensor.grad === null ? `.grad ${inlineCode("None")}` : `.grad\n\n${codeBlock(tensor.grad)}`;
  const history = context && tensor.tensorId !== undefined ? gradHistory(context.events, tensor.tensorId) : undefined;
  const link = context && tensor.nodeId ? `[Show in graph](${revealNodeLink(context.documentUri, tensor.nodeId)})` : undefined;
  return [`${list}  \n${grad}`, ...(history ? [`_${history}_`] : []), ...(link ? [link] : [])].join("\n\n");
}

/**
 * The grad_fn's next functions as PyTorch's `next_functions` lists them: `MulBackward0`, `None`,
 * and an AccumulateGrad named after its leaf (`AccumulateGrad(x)`); undefined for a leaf.
 */
function gradFnInputs(graph: GraphView, nodeId: string): string | undefined {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const gradFn = byId.get(byId.get(nodeId)?.inputs[0] ?? "");
  if (!gradFn || gradFn.kind !== "function" || gradFn.label === "AccumulateGrad") return undefined;
  const names = gradFn.inputs.map((id) => {
    const next = id === null ? undefined : byId.get(id);
    if (!next) return "None";
    if (next.label !== "AccumulateGrad") return next.label;
    const leaf = byId.get(next.inputs[0] ?? "");
    return leaf ? `AccumulateGrad(${leaf.label})` : next.label;
  });
  return names.map(inlineCode).join(", ");
}

/**
 * Where a node came from: a result tensor's grad_fn location, a leaf's AccumulateGrad's (the line
 * that first used it in the graph); undefined when the graph does not know.
 */
export function nodeLocation(graph: GraphView, nodeId: string): SourceLocation | undefined {
  const node = graph.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) return undefined;
  if (node.location) return node.location;
  const gradFn = graph.nodes.find((candidate) => candidate.id === node.inputs[0]);
  if (gradFn?.location) return gradFn.location;
  return graph.nodes.find((candidate) => candidate.label === "AccumulateGrad" && candidate.inputs[0] === nodeId)?.location;
}

/** A `command:` link that shows the graph panel with the node's source line selected. */
export function revealNodeLink(documentUri: string, nodeId: string): string {
  return `command:${REVEAL_NODE_COMMAND}?${encodeURIComponent(JSON.stringify([documentUri, nodeId]))}`;
}

/** What the cursor is on: a variable, or one attribute of a variable (`x.grad`). */
export interface HoverTarget {
  name: string;
  attribute?: string;
  /** Column span of the whole expression, for the hover's range. */
  start: number;
  end: number;
}

/**
 * The variable or `variable.attribute` under the cursor in a line of text, or undefined. On `x` of
 * `x.grad` it is `x`; on `grad` it is `x.grad`. Longer chains (`a.b.c` at `c`) and names glued to
 * numbers (`1e5`) give undefined.
 */
export function hoverTargetAt(lineText: string, character: number): HoverTarget | undefined {
  for (const match of lineText.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (character < start || character > end) continue;
    const before = lineText.slice(0, start);
    if (/[0-9]$/.test(before)) return undefined;
    const owner = /([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*$/.exec(before);
    if (owner) {
      // `a.b.grad` or `1x.grad`: the owner is not a plain variable.
      if (/[\w.]\s*$/.test(before.slice(0, owner.index))) return undefined;
      return { name: owner[1], attribute: match[0], start: owner.index, end };
    }
    if (/\.\s*$/.test(before)) return undefined;
    return { name: match[0], start, end };
  }
  return undefined;
}

/** Markdown for `variable.attribute` when it is a tensor attribute the summary knows; else undefined. */
export function attributeHoverMarkdown(variable: VariableView, attribute: string): string | undefined {
  const tensor = variable.tensor;
  if (!tensor) return undefined;
  const heading = `\`${variable.name}.${attribute}\``;
  switch (attribute) {
    case "grad":
      return `${heading}\n\n${codeBlock(tensor.grad ?? "None")}`;
    case "grad_fn":
      return `${heading}\n\n${codeBlock(tensor.gradFn === null ? "None" : `<${tensor.gradFn} object>`)}`;
    case "shape":
      return `${heading}\n\n${codeBlock(torchSize(tensor.shape))}`;
    case "dtype":
      return `${heading}\n\n${codeBlock(qualifiedDtype(tensor.dtype))}`;
    case "requires_grad":
      return `${heading}\n\n${codeBlock(pythonBool(tensor.requiresGrad))}`;
    case "is_leaf":
      return `${heading}\n\n${codeBlock(pythonBool(tensor.isLeaf))}`;
    default:
      return undefined;
  }
}

function torchSize(shape: number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

/** PyTorch prints dtypes qualified: `torch.float32`. */
function qualifiedDtype(dtype: string): string {
  return dtype.startsWith("torch.") ? dtype : `torch.${dtype}`;
}

function pythonBool(value: boolean): string {
  return value ? "True" : "False";
}

/** A fenced Python block whose fence is longer than any backtick run inside, so reprs can't break out. */
export function codeBlock(text: string, language = "python"): string {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

function inlineCode(text: string): string {
  const fence = "`".repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}
