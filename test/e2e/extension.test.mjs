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

// Seed notebook 000's chain-rule cells: z = sin(x²) at x = 4, so x.grad = cos(16) · 8 = -7.6613.
const CHAIN_RULE = `import torch
x = torch.tensor(4.0, requires_grad=True)
y = x**2
z = torch.sin(y)
z.backward()
x.grad
`;

// Seed notebook 003's loop: five more backward passes add 4. each into x.grad.
const ACCUMULATION = `import torch
x = torch.tensor(2.0, requires_grad=True)
y = x**2
y.backward()
for i in range(5):
  y = x**2
  y.backward()
  print(x.grad)
`;

// Two cells, run from their CodeLens: results appear after the lines that printed or displayed them.
const CELLS = `# %% first cell
import torch
x = torch.tensor(3.0, requires_grad=True)
y = x**2
y.backward()
print("grad:", x.grad)
y
# %% second cell
z = x * 5
z
`;

// The second backward() finds the graph freed; the quick fix adds retain_graph=True to the first.
const TWICE = `import torch
x = torch.tensor(2.0, requires_grad=True)
y = x**3
y.backward()  # frees the graph
y.backward()  # again
`;

describe("Autograd Lens in VS Code (code-server)", function () {
  /** @type {VSCode} */
  let vscode;

  before(async function () {
    this.timeout(240_000);
    vscode = await VSCode.start({ files: { "basics.py": BASICS, "loop.py": LOOP, "chain_rule.py": CHAIN_RULE, "accumulation.py": ACCUMULATION, "cells.py": CELLS, "twice.py": TWICE } });
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
    // The drawn nodes appear once the layout worker has placed them.
    const text = await vscode.webviewText("AccumulateGrad");
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

  describe("the graph panel", function () {
    /** Texts of the drawn nodes' titles in the graph panel's frame. */
    const nodeTitles = (frame) => frame.evaluate(() => [...document.querySelectorAll("svg .node text.title")].map((t) => t.textContent));
    const cardText = (frame) => frame.evaluate(() => document.querySelector(".step-card")?.textContent ?? "");

    async function evaluateFile(name, firstLine) {
      await vscode.openFile(name, firstLine);
      await vscode.selectAll(firstLine);
      await vscode.runCommand("Autograd Lens: Evaluate Selection");
    }

    /** Gives the graph panel the window's height: the output channel opens at each evaluation. */
    async function hideBottomPanel() {
      await vscode.runCommand("View: Hide Panel").catch(() => {});
    }

    it("draws seed 000's chain rule and steps through its backward pass", async function () {
      this.timeout(240_000);
      await evaluateFile("chain_rule.py", "z = torch.sin(y)");
      await vscode.runCommand("Autograd Lens: Show Computation Graph");
      const frame = await vscode.webviewFrame("SinBackward0");
      await frame.waitForSelector("#root[data-ready=true]", { timeout: SLOW });
      await hideBottomPanel();
      const titles = await nodeTitles(frame);
      for (const name of ["PowBackward0", "SinBackward0", "AccumulateGrad", "x · leaf", "y", "z"]) {
        assert.ok(titles.includes(name), `the graph draws ${name}: ${JSON.stringify(titles)}`);
      }
      const text = await vscode.webviewText("AccumulateGrad");
      assert.ok(text.includes("grad -7.6613"), `x's node shows its gradient: ${text}`);
      assert.ok(text.includes("16.") && text.includes("-0.2879"), `y and z show their values: ${text}`);
      await vscode.screenshot("graph-chain-rule-light");

      // Step through: SinBackward0, then PowBackward0, then the accumulation into x.grad.
      const next = frame.locator("button.next");
      await next.click();
      await waitFor(async () => (await cardText(frame)).includes("1. × cos(16.) = -0.9577"), { timeout: 10_000, message: "step 1's product" });
      await next.click();
      await waitFor(async () => (await cardText(frame)).includes("-0.9577 × 2 × 4. = -7.6613"), { timeout: 10_000, message: "step 2's product" });
      await vscode.screenshot("graph-chain-rule-step-2");
      await next.click();
      const last = await waitFor(async () => { const t = await cardText(frame); return t.includes("x.grad") && t; }, { timeout: 10_000, message: "step 3's accumulation" });
      assert.match(last, /None → -7\.6613/);
      assert.ok((await frame.locator(".position").innerText()).includes("Step 3 of 3"));
      const edgeLabels = await frame.evaluate(() => [...document.querySelectorAll(".grad-label text")].map((t) => t.textContent));
      assert.deepEqual(edgeLabels, ["∂ -0.9577", "∂ -7.6613", "∂ -7.6613"]);
      await vscode.screenshot("graph-chain-rule-stepped");

      // Clicking PowBackward0 selects `x**2` on line 3 of the editor.
      await frame.locator('svg .node.function:has(text.title:text-is("PowBackward0"))').click();
      const status = await waitFor(async () => { const t = await vscode.cursorStatus(); return /Ln 3,/.test(t) && /selected/.test(t) && t; },
        { timeout: 20_000, message: async () => `the editor selection on line 3 (status bar: ${await vscode.cursorStatus()})` });
      assert.match(status, /\(4 selected\)/);
      await vscode.screenshot("graph-click-reveals-line");
    });

    it("highlights the nodes of the editor's current line", async function () {
      this.timeout(120_000);
      const frame = await vscode.webviewFrame("SinBackward0");
      await vscode.editorLine("z = torch.sin(y)").click();
      const highlighted = await waitFor(async () => {
        const titles = await frame.evaluate(() => [...document.querySelectorAll("svg .node.highlighted text.title")].map((t) => t.textContent));
        return titles.includes("SinBackward0") && titles;
      }, { timeout: 20_000, message: "SinBackward0 highlighted" });
      assert.ok(highlighted.includes("SinBackward0"), JSON.stringify(highlighted));
      assert.ok(!highlighted.includes("PowBackward0"), JSON.stringify(highlighted));
    });

    it("warns that seed 003's loop accumulated x.grad, in light, dark and high-contrast themes", async function () {
      this.timeout(240_000);
      await evaluateFile("accumulation.py", "for i in range(5):");
      const frame = await vscode.webviewFrame("accumulated over 6 backward calls");
      await frame.waitForSelector("#root[data-ready=true]", { timeout: SLOW });
      const text = await vscode.webviewText("accumulated over 6 backward calls");
      assert.ok(text.includes("x.grad accumulated over 6 backward calls"), text);
      assert.ok(text.includes("None → 4. → 8. → 12. → 16. → 20. → 24."), text);
      assert.ok(text.includes("zero_()"), `the warning says how to fix it: ${text}`);
      assert.ok((await nodeTitles(frame)).includes("PowBackward0"));
      await hideBottomPanel();
      await frame.locator("button.end").click();
      await waitFor(async () => (await cardText(frame)).includes("20. → 24."), { timeout: 10_000, message: "the last accumulation step" });
      assert.ok(await frame.evaluate(() => document.querySelector("svg .node.leaf text.grad-line")?.textContent === "grad 20. → 24."),
        "x's node shows the last accumulation");
      await vscode.screenshot("graph-accumulation-light");
      await vscode.setColorTheme("Dark Modern");
      await new Promise((r) => setTimeout(r, 1500));
      await vscode.screenshot("graph-accumulation-dark");
      await vscode.setColorTheme("Dark High Contrast");
      await new Promise((r) => setTimeout(r, 1500));
      await vscode.screenshot("graph-accumulation-high-contrast");
      await vscode.setColorTheme("Light Modern");
    });

    it("comes back after the window reloads, showing the graph it showed before", async function () {
      this.timeout(240_000);
      await vscode.reload();
      const frame = await vscode.webviewFrame("accumulated over 6 backward calls", { timeout: 120_000 });
      await frame.waitForSelector("#root[data-ready=true]", { timeout: SLOW });
      const titles = await nodeTitles(frame);
      assert.ok(titles.includes("PowBackward0") && titles.includes("AccumulateGrad"), JSON.stringify(titles));
      await vscode.screenshot("graph-after-reload");
    });
  });
  describe("results beside the code", function () {
    this.timeout(180_000);
    before(async function () {
      // One editor group, so the file opened here is the active editor and the only one drawn.
      await vscode.runCommand("View: Single Column Editor Layout");
    });

    const statusItem = () => vscode.page.locator(".statusbar .statusbar-item").filter({ hasText: "Autograd Lens" }).first();

    /** The inline texts after a line, once there are some (or none, with `empty`). */
    async function inlineAfter(lineText, { empty = false } = {}) {
      await vscode.editorLine(lineText).waitFor({ state: "visible", timeout: 30_000 });
      let seen = [];
      await waitFor(
        async () => {
          seen = await vscode.inlineTexts(lineText);
          return empty ? seen.length === 0 : seen.length > 0;
        },
        { timeout: 60_000, message: () => `${empty ? "no" : "an"} inline result after ${JSON.stringify(lineText)} (saw ${JSON.stringify(seen)})` },
      );
      return seen;
    }

    it("runs a cell from its CodeLens and shows each printed and displayed value after its line", async function () {
      await vscode.openFile("cells.py", "x = torch.tensor(3.0, requires_grad=True)");
      const run = vscode.codeLens("Run Cell");
      await run.waitFor({ state: "visible", timeout: SLOW });
      assert.ok(await vscode.codeLens("Show Graph").isVisible(), "Show Graph beside Run Cell");
      await vscode.screenshot("codelens");
      await run.click();
      assert.deepEqual(await inlineAfter('print("grad:", x.grad)'), ["» grad: tensor(6.)"]);
      assert.deepEqual(await inlineAfter("y"), ["→ tensor(9., grad_fn=<PowBackward0>)"]);
      // Only the first cell ran.
      assert.deepEqual(await vscode.inlineTexts("z"), []);
      const status = await waitFor(async () => {
        const text = await statusItem().innerText().catch(() => "");
        return /Autograd Lens: [\d<.]+ m?s/.test(text) && text;
      }, { timeout: 30_000, message: "the session status bar item with the last run's time" });
      await vscode.screenshot("inline-results");
      assert.match(status, /Autograd Lens/);
      // The whole value shows on hover (here it is short enough to be whole inline too).
      await vscode.hoverInline("y", "tensor(9., grad_fn=<PowBackward0>)");
      await vscode.screenshot("inline-result-hover");
      await vscode.page.mouse.move(5, 5);
    });

    it("evaluates lines with Ctrl+Alt+Enter in the same session, beside the lines", async function () {
      const page = vscode.page;
      await vscode.editorLine("z = x * 5").click();
      await page.keyboard.press("Control+Alt+Enter");
      // The command reads the cursor when it runs: move on only once line 9 has been evaluated.
      await waitFor(async () => (await vscode.outputText()).includes("cells.py:9"), { timeout: 60_000, message: "line 9 evaluated" });
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("End");
      await page.keyboard.press("Control+Alt+Enter");
      // z was computed from the x of the cell run before: the session kept it.
      assert.deepEqual(await inlineAfter("z"), ["→ tensor(15., grad_fn=<MulBackward0>)"]);
      await vscode.screenshot("keybinding-inline");
    });

    it("clears a line's inline result when that line is edited, and keeps the others", async function () {
      const page = vscode.page;
      await vscode.editorLine('print("grad:", x.grad)').click();
      await page.keyboard.press("End");
      await page.keyboard.type("  # edited");
      await inlineAfter('print("grad:", x.grad)  # edited', { empty: true });
      assert.deepEqual(await vscode.inlineTexts("y"), ["→ tensor(9., grad_fn=<PowBackward0>)"]);
      await vscode.screenshot("inline-cleared-on-edit");
    });

    it("reads in the dark theme too", async function () {
      await vscode.setColorTheme("Dark Modern");
      await vscode.screenshot("inline-results-dark");
      await vscode.setColorTheme("Light Modern");
      assert.deepEqual(await vscode.inlineTexts("y"), ["→ tensor(9., grad_fn=<PowBackward0>)"]);
    });

    it("resets the session from the status bar's actions, clearing its inline results", async function () {
      const page = vscode.page;
      await statusItem().click();
      const row = page.locator(".quick-input-widget .monaco-list-row").filter({ hasText: "Reset Session" }).first();
      await row.waitFor({ state: "visible", timeout: 30_000 });
      await vscode.screenshot("session-actions");
      await row.click();
      await inlineAfter("y", { empty: true });
      // The variables went with the session.
      await vscode.editorLine("z = x * 5").click();
      await page.keyboard.press("Control+Alt+Enter");
      await page.locator(".part.editor .monaco-editor .squiggly-error").first().waitFor({ state: "visible", timeout: SLOW });
      await vscode.screenshot("after-reset");
    });

    it("underlines the backward-twice error and fixes it with retain_graph=True", async function () {
      const page = vscode.page;
      const errors = page.locator(".part.editor .monaco-editor .squiggly-error");
      await vscode.openFile("twice.py", "y.backward()  # again");
      await vscode.editorLine("y.backward()  # again").click();
      await vscode.runCommand("Autograd Lens: Evaluate File");
      await errors.first().waitFor({ state: "visible", timeout: SLOW });
      await vscode.screenshot("diagnostic-backward-twice");

      await vscode.editorLine("y.backward()  # again").click();
      await page.keyboard.press("End");
      await page.keyboard.press("Control+.");
      // The menu opens with its first fix focused; the pointer cannot reach it past the menu's pointer block.
      const action = page.locator(".action-widget .monaco-list-row.focused").filter({ hasText: "Add retain_graph=True" }).first();
      await action.waitFor({ state: "visible", timeout: 30_000 });
      await vscode.screenshot("quick-fix-menu");
      await page.keyboard.press("Enter");
      await vscode.editorLine("y.backward(retain_graph=True)  # frees the graph").waitFor({ state: "visible", timeout: 30_000 });

      // Run again: no error any more.
      await vscode.runCommand("Autograd Lens: Evaluate File");
      await waitFor(async () => (await errors.count()) === 0, { timeout: 60_000, message: "the error underline gone after the fix" });
      await vscode.screenshot("quick-fix-applied");
    });
  });
});
