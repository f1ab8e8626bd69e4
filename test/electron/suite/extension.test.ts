// Runs inside VS Code's extension host: drives the real commands on real documents and checks the
// results store (through the API activate() returns), the hover and the graph panel.

import * as assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import { commands } from "../../../src/extension/commands";
import { CONFIG_SECTION, TIME_LIMIT_SETTING } from "../../../src/extension/config";
import type { AutogradLensApi } from "../../../src/extension/extension";
import { GRAPH_PANEL_TITLE } from "../../../src/extension/graphPanel";

const EXTENSION_ID = "autograd-lens.autograd-lens";
const folder = mkdtempSync(path.join(tmpdir(), "autograd-lens-suite-"));
let fileCount = 0;

/** Writes a Python file to disk (so closing it never asks to save) and shows it. */
async function openPython(content: string): Promise<vscode.TextEditor> {
  const file = path.join(folder, `snippet${++fileCount}.py`);
  writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(file);
  return vscode.window.showTextDocument(document);
}

function selectAll(editor: vscode.TextEditor): void {
  const last = editor.document.lineAt(editor.document.lineCount - 1);
  editor.selection = new vscode.Selection(new vscode.Position(0, 0), last.range.end);
}

async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", document.uri, position);
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === "string" ? content : content.value))
    .join("\n");
}

describe("Autograd Lens in the extension host", () => {
  let api: AutogradLensApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<AutogradLensApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
    api = await extension.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("registers every command of the table", async () => {
    const registered = await vscode.commands.getCommands(true);
    for (const id of Object.keys(commands)) assert.ok(registered.includes(id), `${id} is not registered`);
  });

  it("evaluates the selection, keeps the result and hovers its variables", async () => {
    const editor = await openPython("import torch\nx = torch.tensor(3.0, requires_grad=True)\ny = x**2\ny.backward()\nx.grad\n");
    selectAll(editor);
    await vscode.commands.executeCommand("autogradLens.evaluateSelection");

    const result = api.resultFor(editor.document.uri.toString());
    assert.ok(result, "no result stored for the document");
    assert.equal(result.cells.length, 1);
    assert.equal(result.cells[0].error, null);
    assert.equal(result.cells[0].display, "tensor(6.)");
    const x = result.variables.find((variable) => variable.name === "x");
    assert.equal(x?.repr, "tensor(3., requires_grad=True)");
    assert.equal(x?.tensor?.grad, "tensor(6.)");
    const labels = result.graph.nodes.map((node) => node.label);
    assert.ok(labels.includes("PowBackward0"), `graph labels: ${labels.join(", ")}`);
    assert.ok(labels.includes("AccumulateGrad"), `graph labels: ${labels.join(", ")}`);

    const hover = await hoverText(editor.document, new vscode.Position(1, 0));
    assert.match(hover, /tensor\(3\., requires_grad=True\)/);
    assert.match(hover, /is_leaf `True`/);
    assert.match(hover, /tensor\(6\.\)/);
    const yHover = await hoverText(editor.document, new vscode.Position(2, 0));
    assert.match(yHover, /grad_fn `PowBackward0`/);
  });

  it("evaluates the current line in the same session when nothing is selected", async () => {
    const editor = await openPython("import torch\na = torch.tensor([1.0, 2.0])\na * 2\n");
    editor.selection = new vscode.Selection(0, 0, 2, 0);
    await vscode.commands.executeCommand("autogradLens.evaluateSelection");
    editor.selection = new vscode.Selection(2, 1, 2, 1);
    await vscode.commands.executeCommand("autogradLens.evaluateSelection");

    const result = api.resultFor(editor.document.uri.toString());
    assert.equal(result?.cells[0].display, "tensor([2., 4.])");
  });

  it("reports Python errors with their document line", async () => {
    const editor = await openPython("import torch\n\nz = undefined_name + 1\n");
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    await vscode.commands.executeCommand("autogradLens.evaluateSelection");

    const result = api.resultFor(editor.document.uri.toString());
    assert.equal(result?.cells[0].error, "NameError: name 'undefined_name' is not defined");
  });

  it("interrupts an endless loop at the time limit", async function () {
    this.timeout(30_000);
    const settings = vscode.workspace.getConfiguration(CONFIG_SECTION);
    await settings.update(TIME_LIMIT_SETTING, 1, vscode.ConfigurationTarget.Global);
    try {
      const editor = await openPython("n = 0\nwhile True:\n    n += 1\n");
      selectAll(editor);
      await vscode.commands.executeCommand("autogradLens.evaluateSelection");

      const result = api.resultFor(editor.document.uri.toString());
      assert.ok(result, "an interrupted evaluation still stores its result");
      assert.equal(result.interrupted, true);
      assert.match(result.cells[0].error ?? "", /^KeyboardInterrupt/);
      assert.ok(result.variables.some((variable) => variable.name === "n"), "what ran before the interrupt is kept");
    } finally {
      await settings.update(TIME_LIMIT_SETTING, undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("opens the graph panel beside the editor", async () => {
    const editor = await openPython("import torch\nw = torch.tensor(2.0, requires_grad=True)\nloss = (w * 3).sum()\n");
    selectAll(editor);
    await vscode.commands.executeCommand("autogradLens.evaluateSelection");
    await vscode.commands.executeCommand("autogradLens.showGraph");

    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    const panel = tabs.find((tab) => tab.input instanceof vscode.TabInputWebview && tab.label === GRAPH_PANEL_TITLE);
    assert.ok(panel, `no "${GRAPH_PANEL_TITLE}" tab among: ${tabs.map((tab) => tab.label).join(", ")}`);
    assert.notEqual(panel.group.viewColumn, vscode.ViewColumn.One, "the panel opens beside the editor");
  });
});
