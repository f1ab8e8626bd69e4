// The pure models behind the editor's annotations: cells, inline results, diagnostics with their
// quick fixes, edits that move or drop them, and the status bar text. Results come from the real
// interpreter (or recorded fixtures), never written by hand.

import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { cellAt, cellSpans } from "../../src/extension/cells";
import { codeEnd, diagnosticsFor, type DiagnosticSpec } from "../../src/extension/diagnostics";
import { explain } from "../../src/extension/explanations";
import { foldLines, inlineResults, truncate } from "../../src/extension/inlineResults";
import { afterEdits, lineEdits } from "../../src/extension/lineAnnotations";
import { addRetainGraphFix, insertLineBeforeFix, type TextFix } from "../../src/extension/quickFixes";
import { formatDuration, sessionStateAfter, statusText } from "../../src/extension/sessionStatus";
import { Session } from "../../src/python/session";
import { locateWasmInNode } from "../../src/python/wasm_node";
import type { EvaluationResult } from "../../src/result";

/** Evaluates the source in a fresh session, as Evaluate File does. */
async function evaluate(source: string): Promise<EvaluationResult> {
  const session = await Session.create({ locateWasm: locateWasmInNode });
  return session.evaluate(source, { firstLine: 1 });
}

function lineTextOf(source: string): (line: number) => string | undefined {
  const lines = source.split("\n");
  return (line) => lines[line];
}

/** The source with a quick fix applied. */
function applied(source: string, fix: TextFix): string {
  const lines = source.split("\n");
  const line = lines[fix.line];
  lines[fix.line] = line.slice(0, fix.column) + fix.text + line.slice(fix.column);
  return lines.join("\n");
}

function fixture(name: string): { source: string; result: EvaluationResult } {
  return JSON.parse(readFileSync(path.join(__dirname, "fixtures", `${name}.json`), "utf8"));
}

describe("# %% cells", () => {
  const lines = ["import torch", "", "# %% first", "x = 1", "#%%", "y = 2", "y"];

  it("splits at markers, keeping code before the first marker as a cell", () => {
    assert.deepEqual(cellSpans(lines), [
      { start: 0, end: 1, marked: false }, { start: 2, end: 3, marked: true }, { start: 4, end: 6, marked: true },
    ]);
    assert.deepEqual(cellSpans(["", "# %%", "a"]), [{ start: 1, end: 2, marked: true }]);
  });

  it("finds the cell around a line, or the whole file without markers", () => {
    assert.deepEqual(cellAt(lines, 5), { start: 4, end: 6, marked: true });
    assert.deepEqual(cellAt(lines, 2), { start: 2, end: 3, marked: true });
    assert.deepEqual(cellAt(["a = 1", "b = 2"], 1), { start: 0, end: 1, marked: false });
  });
});

describe("inline results", function () {
  this.timeout(30_000);

  it("puts each print() on its call's line and the displayed value where its expression ends", async () => {
    const source = "import torch\nx = torch.tensor(2.0, requires_grad=True)\nprint('start')\nfor i in range(3):\n    print(i)\n(x *\n 2)";
    const result = await evaluate(source);
    assert.deepEqual(inlineResults(result), [
      { line: 3, text: "» start", full: "» start" },
      { line: 5, text: "» 0 ⏎ 1 ⏎ 2", full: "» 0\n1\n2" },
      { line: 7, text: "→ tensor(4., grad_fn=<MulBackward0>)", full: "→ tensor(4., grad_fn=<MulBackward0>)" },
    ]);
  });

  it("attributes a print inside a function to the print's line, and the lines follow the evaluated range", async () => {
    const session = await Session.create({ locateWasm: locateWasmInNode });
    session.evaluate("def f(v):\n    print('got', v)", { firstLine: 10 });
    const result = session.evaluate("f(1)\nf(2)", { firstLine: 20 });
    assert.deepEqual(result.cells[0].lineOutputs, [{ line: 11, text: "got 1\ngot 2\n" }]);
    assert.equal(result.cells[0].stdout, "got 1\ngot 2\n");
  });

  it("cuts long values with an ellipsis and keeps them whole for the hover", async () => {
    const result = await evaluate("import torch\ntorch.arange(40.)");
    const [shown] = inlineResults(result, 30);
    assert.equal(shown.text.length, 30);
    assert.ok(shown.text.endsWith("…"));
    assert.equal(shown.full, `→ ${result.cells[0].display}`);
    assert.equal(truncate("abcdef", 10), "abcdef");
    assert.equal(foldLines("tensor([[1.,   2.],\n        [3., 4.]])\n"), "tensor([[1., 2.], ⏎ [3., 4.]])");
  });
});

describe("diagnostics and quick fixes", function () {
  this.timeout(30_000);

  async function diagnose(source: string): Promise<DiagnosticSpec[]> {
    return diagnosticsFor(await evaluate(source), lineTextOf(source), 1);
  }

  it("puts a backward-twice error on the failing call, explained, with retain_graph=True for the earlier call", async () => {
    const source = "import torch\nx = torch.tensor(2.0, requires_grad=True)\ny = x**3\ny.backward()\ny.backward()  # again";
    const [error, ...rest] = await diagnose(source);
    assert.equal(rest.length, 0);
    assert.equal(error.severity, "error");
    assert.deepEqual([error.line, error.column, error.endLine, error.endColumn], [4, 0, 4, 12]);
    assert.match(error.message, /^RuntimeError: Trying to backward through the graph a second time/);
    assert.match(error.message, /\n\nWhy: backward\(\) frees/);
    assert.equal(error.fixes.length, 1);
    const fixed = applied(source, error.fixes[0]);
    assert.equal(fixed.split("\n")[3], "y.backward(retain_graph=True)");
    // Fixed, it runs; both passes then add into x.grad, which is worth a warning of its own.
    assert.deepEqual((await diagnose(fixed)).map((spec) => spec.severity), ["warning"]);
  });

  it("explains PyTorch's common autograd errors", async () => {
    const cases: [string, RegExp][] = [
      ["import torch\nx = torch.tensor([1.0, 2.0], requires_grad=True)\n(x * 2).backward()", /scalar outputs[\s\S]*Fix: Reduce the output/],
      ["import torch\nx = torch.tensor(1.0, requires_grad=True)\nx.add_(1)", /in-place operation[\s\S]*torch.no_grad/],
      ["import torch\nx = torch.tensor(1, requires_grad=True)", /floating point[\s\S]*Fix: Create it as floating point/],
      ["import torch\nx = torch.tensor([1.0], requires_grad=True)\ny = x.sigmoid()\ny.add_(1)\ny.sum().backward()",
        /modified by an inplace operation[\s\S]*clone\(\)/],
    ];
    for (const [source, expected] of cases) {
      const specs = await diagnose(source);
      const error = specs.find((spec) => spec.severity === "error");
      assert.ok(error, source);
      assert.match(error.message, expected);
      assert.equal(error.line, source.split("\n").length - 1, `the error sits on the raising line: ${error.message}`);
    }
  });

  it("turns the non-leaf .grad UserWarning into a warning", async () => {
    const specs = await diagnose("import torch\nx = torch.tensor(2.0, requires_grad=True)\ny = x * 3\ny.backward()\ny.grad");
    assert.equal(specs.length, 1);
    assert.equal(specs[0].severity, "warning");
    assert.deepEqual([specs[0].line, specs[0].column], [4, 0]);
    assert.match(specs[0].message, /^UserWarning: The .grad attribute of a Tensor that is not a leaf[\s\S]*retain_grad/);
  });

  it("reports seed notebook 003's accumulation on the loop's backward(), with zero_() before it", () => {
    const { source, result } = fixture("accumulation");
    const specs = diagnosticsFor(result, lineTextOf(source), 1);
    assert.equal(specs.length, 1);
    const [warning] = specs;
    assert.equal(warning.severity, "warning");
    assert.deepEqual([warning.line, warning.column], [7, 2]);
    assert.match(warning.message, /: x\.grad went None → 4\. → 8\. → 12\. → 16\. → 20\. → 24\.\n\nWhy: /);
    assert.deepEqual(warning.fixes.map((fix) => fix.title), ["Insert x.grad.zero_() before this line", "Insert x.grad = None before this line"]);
    assert.equal(applied(source, warning.fixes[0]).split("\n").slice(6, 9).join("\n"), "  y = x**2\n  x.grad.zero_()\n  y.backward()");
  });

  it("reports an optimizer loop without zero_grad() on its backward(), with optimizer.zero_grad() before it", () => {
    const { source, result } = fixture("optimizer_no_zero_grad");
    const [warning, ...rest] = diagnosticsFor(result, lineTextOf(source), 1);
    assert.equal(rest.length, 0);
    assert.equal(warning.line, 5);
    assert.deepEqual(warning.fixes.map((fix) => fix.text), ["  opt.zero_grad()\n"]);
  });

  it("leaves an interrupted run without a diagnostic", async () => {
    const session = await Session.create({ locateWasm: locateWasmInNode });
    const result = session.evaluate("while True:\n    pass", { shouldInterrupt: () => true });
    assert.equal(result.cells[0].error, "KeyboardInterrupt");
    assert.deepEqual(diagnosticsFor(result, lineTextOf("while True:\n    pass"), 1), []);
  });

  it("edits a backward call's arguments to add retain_graph=True", () => {
    assert.deepEqual(addRetainGraphFix(3, "    loss.backward(torch.ones(2))  # go"),
      { title: "Add retain_graph=True", line: 3, column: 31, text: ", retain_graph=True", preferred: true });
    assert.equal(addRetainGraphFix(0, "g = torch.autograd.grad(y, x)")?.text, ", retain_graph=True");
    assert.equal(addRetainGraphFix(0, "y.backward(retain_graph=False)"), undefined);
    assert.equal(addRetainGraphFix(0, "y.backward("), undefined);
    assert.equal(addRetainGraphFix(0, "print(y)"), undefined);
    assert.deepEqual(insertLineBeforeFix(2, "\tloss.backward()", "opt.zero_grad()"),
      { title: "Insert opt.zero_grad() before this line", line: 2, column: 0, text: "\topt.zero_grad()\n" });
  });

  it("underlines a line's code without its comment", () => {
    assert.deepEqual([codeEnd("y.backward()  # again"), codeEnd("print('#', x)  "), codeEnd("s = \"a\\\"#\" # c")], [12, 13, 10]);
  });

  it("has no explanation for messages it does not know", () => {
    assert.equal(explain("NameError: name 'q' is not defined"), undefined);
  });
});

describe("annotations across edits", () => {
  const items = [{ line: 1, text: "a" }, { line: 4, text: "b" }, { line: 6, endLine: 8, text: "c" }];

  it("drops what sits on edited lines and moves what is below", () => {
    // Line 4 retyped (one line for one line): b goes, the rest stays.
    assert.deepEqual(afterEdits(items, [{ startLine: 4, endLine: 4, newLineCount: 1 }]).map((i) => i.text), ["a", "c"]);
    // Two lines inserted at line 2: a stays, b and c move down by two.
    assert.deepEqual(afterEdits(items, [{ startLine: 2, endLine: 2, newLineCount: 3 }]),
      [{ line: 1, text: "a" }, { line: 6, text: "b" }, { line: 8, endLine: 10, text: "c" }]);
    // Lines 2..3 deleted: b and c move up.
    assert.deepEqual(afterEdits(items, [{ startLine: 2, endLine: 3, newLineCount: 1 }]).map((i) => i.line), [1, 3, 5]);
    // An edit inside a multi-line annotation drops it.
    assert.deepEqual(afterEdits(items, [{ startLine: 7, endLine: 7, newLineCount: 1 }]).map((i) => i.text), ["a", "b"]);
  });

  it("applies several changes of one event bottom-up, each against the document before the event", () => {
    const change = (start: number, end: number, text: string) => ({ range: { start: { line: start }, end: { line: end } }, text });
    // A new line typed at line 0 and line 5 retyped (multi-cursor): a moves, b stays, c moves, nothing on 5 was there.
    const edits = lineEdits({ contentChanges: [change(0, 0, "x\n"), change(5, 5, "y")] });
    assert.deepEqual(edits, [{ startLine: 5, endLine: 5, newLineCount: 1 }, { startLine: 0, endLine: 0, newLineCount: 2 }]);
    assert.deepEqual(afterEdits([{ line: 3 }, { line: 6 }], edits), [{ line: 4 }, { line: 7 }]);
  });
});

describe("the session status bar", () => {
  it("says whether the session is busy, idle with the last run's time, or not started", () => {
    assert.match(statusText({ kind: "busy" }).text, /^\$\(sync~spin\)/);
    assert.equal(statusText({ kind: "idle", elapsedMs: 12.4, error: false, interrupted: false }).text, "$(check) Autograd Lens: 12 ms");
    assert.match(statusText({ kind: "idle", elapsedMs: 2500, error: true, interrupted: false }).tooltip, /raised an error in 2\.50 s/);
    assert.match(statusText({ kind: "none" }).tooltip, /no session/);
    assert.deepEqual([formatDuration(0.2), formatDuration(999), formatDuration(12_345)], ["<1 ms", "999 ms", "12.3 s"]);
  });

  it("follows the outcome of an evaluation", () => {
    const before = { kind: "idle", elapsedMs: 5, error: false, interrupted: false } as const;
    assert.deepEqual(sessionStateAfter({ kind: "reset", reason: "crashed" }, before), { kind: "none" });
    assert.deepEqual(sessionStateAfter({ kind: "skipped" }, before), before);
    assert.deepEqual(sessionStateAfter({ kind: "failed", message: "bug" }, before), before);
  });
});
