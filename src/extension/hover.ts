// Hovers in Python editors and notebook cells, from the session's last result (the hover never runs
// the engine): a variable's repr, autograd facts and .grad history; a tensor attribute's value
// (`x.grad`); what a `.backward()` / `autograd.grad` line did; a torch function's signature.

import * as vscode from "vscode";
import type { EvaluationResult } from "../result";
import { CONFIG_SECTION, HOVER_DETAIL_SETTING, hoverDetail } from "./config";
import { backwardCallMarkdown } from "./hoverGradients";
import { attributeHoverMarkdown, hoverMarkdown, type HoverTarget, hoverTargetAt, REVEAL_NODE_COMMAND } from "./hoverMarkdown";
import { moduleOwner, signatureMarkdown } from "./signatures";

/** The result a document's hovers read, and where its own backward passes are. */
export interface HoverSource {
  /** The session's latest result: its variables. */
  result: EvaluationResult;
  /** The ResultStore key of `result`, for "Show in graph". */
  documentUri: string;
  /**
   * The result of the document's own last run and the first backward pass id it made: a notebook
   * cell's line numbers are its own, so other cells' passes must not count. Undefined before it ran.
   */
  own?: { result: EvaluationResult; sinceBackward: number };
}

export class VariableHoverProvider implements vscode.HoverProvider {
  constructor(private readonly sourceFor: (document: vscode.TextDocument) => HoverSource | undefined) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const lineText = document.lineAt(position.line).text;
    const target = autogradGradAt(lineText, position.character) ?? hoverTargetAt(lineText, position.character);
    if (!target) return undefined;
    const range = new vscode.Range(position.line, target.start, position.line, target.end);
    const source = this.sourceFor(document);
    const markdown = (source && this.sessionMarkdown(source, target, position.line + 1))
      ?? (target.attribute !== undefined ? calleeMarkdown(target.name, target.attribute, source?.result) : undefined);
    if (markdown === undefined) return undefined;
    const text = new vscode.MarkdownString(markdown);
    text.isTrusted = { enabledCommands: [REVEAL_NODE_COMMAND] };
    return new vscode.Hover(text, range);
  }

  private sessionMarkdown(source: HoverSource, target: HoverTarget, line: number): string | undefined {
    const { result } = source;
    const isBackwardCall = target.attribute === "backward" || (target.name === "autograd" && target.attribute === "grad");
    if (isBackwardCall && source.own) {
      const names = new Map(result.variables.flatMap((v) => (v.tensor?.tensorId !== undefined ? [[v.tensor.tensorId, v.name] as const] : [])));
      const markdown = backwardCallMarkdown(source.own.result, line, names, source.own.sinceBackward);
      if (markdown !== undefined) return markdown;
    }
    const variable = result.variables.find((candidate) => candidate.name === target.name);
    if (!variable) return undefined;
    if (target.attribute !== undefined) return attributeHoverMarkdown(variable, target.attribute);
    // Read on every hover, so a changed setting applies at once.
    const detail = hoverDetail(vscode.workspace.getConfiguration(CONFIG_SECTION).get(HOVER_DETAIL_SETTING));
    return hoverMarkdown(variable, detail, { graph: result.graph, events: result.events, documentUri: source.documentUri });
  }
}

/** `autograd.grad` (also `torch.autograd.grad`, which hoverTargetAt leaves out as a chain) under the cursor. */
function autogradGradAt(lineText: string, character: number): HoverTarget | undefined {
  for (const match of lineText.matchAll(/\b(?:torch\s*\.\s*)?autograd\s*\.\s*grad\b/g)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (character >= start && character <= end) return { name: "autograd", attribute: "grad", start, end };
  }
  return undefined;
}

/** `torch.sin`, `F.relu`, or `x.sum` where x is a tensor of the session. */
function calleeMarkdown(owner: string, name: string, result: EvaluationResult | undefined): string | undefined {
  const module = moduleOwner(owner);
  if (module) return signatureMarkdown(module, name);
  const isTensor = result?.variables.some((v) => v.name === owner && v.tensor !== undefined);
  return isTensor ? signatureMarkdown("Tensor", name) : undefined;
}
