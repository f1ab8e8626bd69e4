// End-to-end: rich hovers (seed 003's .grad history) and the "Autograd Lens" notebook controller
// running seed notebook 004 as an .ipynb, its saved outputs compared with what PyTorch printed
// (../shared/seeds/expected). Screenshots land in test-results/e2e/.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../../scripts/code-server.mjs";
import { SLOW, VSCode, waitFor } from "./vscode.mjs";

// Seed notebook 003's loop: five more backward passes add 4. each into x.grad.
const ACCUMULATION = `import torch
x = torch.tensor(2.0, requires_grad=True)
y = x**2
y.backward()
for i in range(5):
  y = x**2
  y.backward()
z = x * 3
`;

const SEED = JSON.parse(readFileSync(join(root, "..", "shared", "seeds", "expected", "004_290c8880749ec143.json"), "utf8"));

/** The seed's cells as an nbformat 4 notebook without outputs, as Jupyter saves a fresh one. */
function seedNotebook() {
  const cells = SEED.cells.map((source) => ({
    cell_type: "code", execution_count: null, metadata: {}, outputs: [],
    source: source.split(/(?<=\n)/),
  }));
  const metadata = { kernelspec: { display_name: "Python 3", language: "python", name: "python3" }, language_info: { name: "python" } };
  return `${JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
}

/** A saved notebook cell's outputs in the seeds' terms: stdout, display (text/plain), error. */
function asExpected(cell) {
  const text = (value) => (Array.isArray(value) ? value.join("") : value ?? "");
  const seen = { stdout: "", display: null, error: null };
  for (const output of cell.outputs) {
    if (output.output_type === "stream" && output.name === "stdout") seen.stdout += text(output.text);
    else if (output.output_type === "execute_result" || output.output_type === "display_data") seen.display = text(output.data["text/plain"]);
    else if (output.output_type === "error") seen.error = output.evalue ? `${output.ename}: ${output.evalue}` : output.ename;
  }
  return seen;
}

describe("Autograd Lens in the editor: hovers and notebooks (code-server)", function () {
  /** @type {VSCode} */
  let vscode;

  before(async function () {
    this.timeout(240_000);
    vscode = await VSCode.start({ files: { "accumulation.py": ACCUMULATION, "seed004.ipynb": seedNotebook() } });
  });

  after(async function () {
    this.timeout(60_000);
    await vscode?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed") await vscode?.screenshot(`FAILED-${this.currentTest.title}`).catch(() => {});
  });

  it("tells x's .grad history after seed 003's loop, and what the loop's backward() added", async function () {
    await vscode.openFile("accumulation.py", "for i in range(5):");
    await vscode.runCommand("Autograd Lens: Evaluate File");
    const history = "accumulated by 6 backward calls at lines 4 and 7: 4. → 8. → 12. → 16. → 20. → 24.";
    const text = await vscode.hover("z = x * 3", "x", ["tensor(2., requires_grad=True)", history]);
    assert.ok(text.includes("Show in graph"), `the hover links to the graph: ${text}`);
    await vscode.screenshot("hover-history");
    const backward = await vscode.hover("  y.backward()", "backward", [".backward() on line 7: 5 passes"]);
    assert.ok(backward.includes("x.grad += 4. each time"), backward);
    await vscode.screenshot("hover-backward");
    const product = await vscode.hover("z = x * 3", "z", ["grad_fn MulBackward0 ← AccumulateGrad(x), None"]);
    assert.ok(product.includes("tensor(6., grad_fn=<MulBackward0>)"), product);
    await vscode.page.mouse.move(5, 5);
  });

  it("runs seed notebook 004 with the Autograd Lens controller, with PyTorch's outputs", async function () {
    this.timeout(300_000);
    await vscode.runCommand("View: Single Column Editor Layout");
    const first = "import numpy as np";
    await vscode.explorerRow("seed004.ipynb").click();
    await vscode.editorLine(first).waitFor({ state: "visible", timeout: SLOW });
    await vscode.screenshot("notebook-open");
    await selectKernel();
    await vscode.runCommand("Notebook: Run All");
    const file = join(vscode.workspace, "seed004.ipynb");
    let saved;
    await waitFor(
      async () => {
        await vscode.page.keyboard.press("Control+S");
        saved = JSON.parse(readFileSync(file, "utf8"));
        return saved.cells.every((cell) => cell.execution_count !== null);
      },
      { timeout: 180_000, interval: 3000, message: () => `every cell run and saved (${saved?.cells.filter((c) => c.execution_count !== null).length} of ${SEED.cells.length})` },
    );
    await vscode.screenshot("notebook-run-all");
    assert.deepEqual(saved.cells.map((cell) => cell.execution_count), SEED.cells.map((_, i) => i + 1), "Jupyter's execution order");
    saved.cells.forEach((cell, i) => {
      const { stdout, display, error } = SEED.expected[i];
      assert.deepEqual(asExpected(cell), { stdout, display, error }, `cell ${i + 1}:\n${SEED.cells[i]}`);
    });
  });

  it("hovers a variable in a notebook cell from the notebook's session", async function () {
    // The cell list renders only what is on screen: go to the last cell (command mode, Ctrl+End).
    await vscode.editorLine("import numpy as np").click();
    await vscode.page.keyboard.press("Escape");
    await vscode.page.keyboard.press("Control+End");
    // A line only the last cell has (cell 14 also says `z = x*y`).
    const line = "dx2 = grad(z, x, retain_graph=True)";
    await vscode.editorLine(line).waitFor({ state: "visible", timeout: 30_000 });
    const text = await vscode.hover(line, "z", ["tensor(12., grad_fn=<MulBackward0>)", "grad_fn MulBackward0 ← AccumulateGrad(x), AccumulateGrad(y)"]);
    assert.ok(text.includes("is_leaf False"), text);
    await vscode.screenshot("notebook-hover");
    await vscode.page.mouse.move(5, 5);
  });

  /** Picks "Autograd Lens" in the notebook's kernel picker, unless VS Code already chose it. */
  async function selectKernel() {
    const kernelItem = vscode.page.locator(".notebook-toolbar-container, .editor-actions").filter({ hasText: "Autograd Lens" });
    if (await kernelItem.count()) return;
    await vscode.runCommand("Notebook: Select Notebook Kernel");
    const row = vscode.page.locator(".quick-input-widget .monaco-list-row").filter({ hasText: "Autograd Lens" }).first();
    await row.waitFor({ state: "visible", timeout: SLOW });
    await row.click();
    await vscode.screenshot("notebook-kernel");
  }
});
