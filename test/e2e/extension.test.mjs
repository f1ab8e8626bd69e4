// End-to-end tests: the built extension in a real VS Code (code-server), driven through the UI.
// Screenshots of every step land in test-results/e2e/.
import assert from "node:assert/strict";
import { SLOW, VSCode, waitFor } from "./vscode.mjs";

const BASICS = `import torch

x = torch.tensor(3.0, requires_grad=True)
y = x**2
y.backward()
print(x.grad)
y
`;

const LOOP = `while True:
    pass
`;

describe("Autograd Lens in VS Code (code-server)", function () {
  /** @type {VSCode} */
  let vscode;

  before(async function () {
    this.timeout(240_000);
    vscode = await VSCode.start({ files: { "basics.py": BASICS, "loop.py": LOOP } });
    await vscode.screenshot("workbench");
  });

  after(async function () {
    this.timeout(60_000);
    await vscode?.close();
  });

  /** basics.py is open and was evaluated (by the evaluation test, or here when run with --grep). */
  let evaluated = false;
  async function evaluateBasics() {
    if (!(await vscode.editorLine("x = torch.tensor(3.0, requires_grad=True)").isVisible())) {
      await vscode.openFile("basics.py", "x = torch.tensor(3.0, requires_grad=True)");
    }
    if (evaluated) return;
    await vscode.selectAll("x = torch.tensor(3.0, requires_grad=True)");
    await vscode.screenshot("basics-selected");
    await vscode.runCommand("Autograd Lens: Evaluate Selection");
    evaluated = true;
  }

  afterEach(async function () {
    if (this.currentTest?.state === "failed") await vscode?.screenshot(`FAILED-${this.currentTest.title}`).catch(() => {});
  });

  it("lists its commands in the command palette once a Python file is open", async function () {
    await vscode.openFile("basics.py", "x = torch.tensor(3.0, requires_grad=True)");
    await vscode.screenshot("basics-open");
    const page = vscode.page;
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget .quick-input-box input");
    await input.waitFor({ state: "visible", timeout: SLOW });
    await input.fill(">Autograd Lens");
    const rows = page.locator(".quick-input-widget .monaco-list-row .label-name");
    const titles = await waitFor(
      async () => {
        const all = await rows.allInnerTexts();
        return all.includes("Autograd Lens: Evaluate Selection") && all.includes("Autograd Lens: Show Computation Graph") && all;
      },
      { message: "the Autograd Lens commands in the palette" },
    );
    await vscode.screenshot("palette-commands");
    await page.keyboard.press("Escape");
    assert.ok(titles.includes("Autograd Lens: Evaluate Selection"));
  });

  it("evaluates the selection and prints the results to the \"Autograd Lens\" output channel", async function () {
    await evaluateBasics();
    await vscode.showOutput("Autograd Lens");
    const output = await waitFor(
      async () => {
        const text = await vscode.outputText();
        return text.includes("tensor(6.)") && text;
      },
      { message: async () => `"tensor(6.)" in the Autograd Lens output (it shows ${JSON.stringify(await vscode.outputText())})` },
    );
    await vscode.screenshot("evaluated-output");
    // The cell's display value is `y`, printed the way PyTorch prints it.
    assert.match(output, /tensor\(9\., grad_fn=<PowBackward0>\)/);
    assert.doesNotMatch(output, /Error:/);
  });

  it("shows the computation graph in a webview beside the editor", async function () {
    await evaluateBasics();
    await vscode.runCommand("Autograd Lens: Show Computation Graph");
    const tab = vscode.page.locator('.part.editor .tab[aria-label*="Autograd Lens: Graph"]');
    await tab.first().waitFor({ state: "visible", timeout: SLOW });
    const text = await vscode.webviewText("PowBackward0");
    await vscode.screenshot("graph-webview");
    assert.ok(text.includes("PowBackward0"), text);
    assert.ok(text.includes("AccumulateGrad"), `the graph lists AccumulateGrad for the leaf x: ${text}`);
    // Beside the editor: two editor groups, the Python file still open in the first.
    assert.ok((await vscode.page.locator(".part.editor .editor-group-container").count()) >= 2, "the graph opens in a second editor group");
    assert.ok(await vscode.editorLine("x = torch.tensor(3.0, requires_grad=True)").isVisible());
  });

  it("shows a variable's value and gradient when hovering it", async function () {
    await evaluateBasics();
    const text = await vscode.hover("x = torch.tensor(3.0, requires_grad=True)", "x", ["tensor(3., requires_grad=True)"]);
    await vscode.screenshot("hover-x");
    assert.ok(text.includes("tensor(6.)"), `the hover over x shows its .grad tensor(6.): ${JSON.stringify(text)}`);
    await vscode.page.mouse.move(5, 5);
  });

  it("shows the value of x.grad when hovering grad", async function () {
    await evaluateBasics();
    const text = await vscode.hover("print(x.grad)", "grad", ["tensor(6.)"]);
    await vscode.screenshot("hover-x-grad");
    assert.ok(!text.includes("requires_grad=True"), `the hover over grad shows x.grad, not x: ${JSON.stringify(text)}`);
    await vscode.page.mouse.move(5, 5);
  });

  it("cancels an endless loop from the progress notification and stays responsive", async function () {
    this.timeout(240_000);
    const page = vscode.page;
    await vscode.openFile("loop.py", "while True:");
    await vscode.selectAll("while True:");
    await vscode.runCommand("Autograd Lens: Evaluate Selection");

    const toast = page.locator(".notifications-toasts .notification-toast").filter({ hasText: "Autograd Lens: evaluating" });
    await toast.first().waitFor({ state: "visible", timeout: SLOW });
    await vscode.screenshot("loop-running");
    // Still running a moment later: the loop really loops, and the notification stays up.
    await new Promise((r) => setTimeout(r, 2000));
    assert.ok(await toast.first().isVisible(), "the progress notification is still shown while the loop runs");

    // While the loop runs, the editor still takes typing.
    await vscode.editorLine("pass").click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("40 + 2");
    await vscode.editorLine("40 + 2").waitFor({ state: "visible", timeout: 15_000 });

    const cancel = toast.first().locator(".monaco-button", { hasText: "Cancel" });
    await cancel.waitFor({ state: "visible", timeout: 15_000 });
    await cancel.click();
    await toast.first().waitFor({ state: "hidden", timeout: SLOW });

    // "interrupted" is reported in a notification or in the output channel.
    let seen = "";
    await waitFor(
      async () => {
        seen = `${await vscode.notificationsText()}\n${await vscode.outputText()}`;
        return /interrupted/i.test(seen);
      },
      { timeout: 30_000, message: () => `a message saying the evaluation was interrupted (saw ${JSON.stringify(seen)})` },
    ).catch(async (error) => {
      // Toasts may have faded; look at the output channel too.
      await vscode.showOutput("Autograd Lens");
      seen = await vscode.outputText();
      if (!/interrupted/i.test(seen)) throw error;
    });
    await vscode.screenshot("loop-cancelled");

    // A following evaluation of the current line (nothing selected) succeeds.
    await vscode.editorLine("40 + 2").click();
    await page.keyboard.press("End");
    await vscode.runCommand("Autograd Lens: Evaluate Selection");
    await vscode.showOutput("Autograd Lens");
    const output = await waitFor(
      async () => {
        const text = await vscode.outputText();
        return /(^|\s)42\s*$/m.test(text) && text;
      },
      { message: async () => `"42" in the output after the interrupted loop (it shows ${JSON.stringify(await vscode.outputText())})` },
    );
    await vscode.screenshot("after-cancel-evaluation");
    assert.doesNotMatch(output.slice(output.lastIndexOf("interrupted")), /Error:/, "the evaluation after the interrupt did not fail");
  });
});
