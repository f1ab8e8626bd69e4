// Hovering a variable of the last evaluation shows its repr and, for tensors, its autograd facts;
// hovering a tensor attribute (`x.grad`, `y.grad_fn`) shows that attribute's value.
// Reads only the result store: the hover never runs the engine.

import * as vscode from "vscode";
import { CONFIG_SECTION, HOVER_DETAIL_SETTING, hoverDetail } from "./config";
import { attributeHoverMarkdown, hoverMarkdown, hoverTargetAt } from "./hoverMarkdown";
import type { ResultStore } from "./resultStore";

export class VariableHoverProvider implements vscode.HoverProvider {
  constructor(private readonly store: ResultStore) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const result = this.store.get(document.uri.toString());
    if (!result) return undefined;
    const target = hoverTargetAt(document.lineAt(position.line).text, position.character);
    if (!target) return undefined;
    const variable = result.variables.find((candidate) => candidate.name === target.name);
    if (!variable) return undefined;
    // Read on every hover, so a changed setting applies at once.
    const detail = hoverDetail(vscode.workspace.getConfiguration(CONFIG_SECTION).get(HOVER_DETAIL_SETTING));
    const markdown = target.attribute === undefined ? hoverMarkdown(variable, detail) : attributeHoverMarkdown(variable, target.attribute);
    if (markdown === undefined) return undefined;
    const range = new vscode.Range(position.line, target.start, position.line, target.end);
    return new vscode.Hover(new vscode.MarkdownString(markdown), range);
  }
}
