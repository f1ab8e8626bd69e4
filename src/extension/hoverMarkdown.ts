// The hover text of a variable (or of a tensor attribute such as `x.grad`) from the last evaluation,
// as Markdown. Pure, so it is unit-tested;
// hover.ts wraps it in a vscode.MarkdownString.

import type { TensorSummary, VariableView } from "../result";
import type { HoverDetail } from "./config";

/** Markdown for a variable: its repr as PyTorch prints it, and for tensors (in full detail) their autograd facts. */
export function hoverMarkdown(variable: VariableView, detail: HoverDetail = "full"): string {
  const parts = [`\`${variable.name}\`: ${inlineCode(variable.type)}`, codeBlock(variable.repr)];
  if (variable.tensor && detail === "full") parts.push(tensorFacts(variable.tensor));
  return parts.join("\n\n");
}

function tensorFacts(tensor: TensorSummary): string {
  const facts = [
    `shape ${inlineCode(torchSize(tensor.shape))}`,
    `dtype ${inlineCode(qualifiedDtype(tensor.dtype))}`,
    `requires_grad ${inlineCode(pythonBool(tensor.requiresGrad))}`,
    `is_leaf ${inlineCode(pythonBool(tensor.isLeaf))}`,
    `grad_fn ${inlineCode(tensor.gradFn ?? "None")}`,
  ];
  // Two spaces before a newline are a Markdown line break: one fact per line, compact.
  const list = facts.join("  \n");
  const grad = tensor.grad === null ? `.grad ${inlineCode("None")}` : `.grad\n\n${codeBlock(tensor.grad)}`;
  return `${list}  \n${grad}`;
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
