import * as assert from "node:assert/strict";
import type { EvaluationOutcome } from "../../src/extension/evaluationClient";
import {
  describeOutcome, firstError, formatCell, formatEvaluation, formatHeading, formatOutcomeNote, type SnippetOrigin,
} from "../../src/extension/outputText";
import type { CellResult, EvaluationResult } from "../../src/result";

const origin: SnippetOrigin = {
  fileName: "example.py",
  firstLine: 10,
  source: "x = torch.tensor(3.0, requires_grad=True)\nprint('hi')\n    y = w * 2\nx.grad\n",
};

function cell(overrides: Partial<CellResult>): CellResult {
  return { stdout: "", display: null, error: null, warnings: [], ...overrides };
}

function result(cells: CellResult[], interrupted = false): EvaluationResult {
  return { cells, variables: [], graph: { nodes: [] }, events: [], elapsedMs: 3, interrupted };
}

describe("output channel text", () => {
  it("heads each evaluation with the document and its line range", () => {
    assert.equal(formatHeading(origin), "── example.py:10-13 ──\n");
    assert.equal(formatHeading({ ...origin, source: "x.grad" }), "── example.py:10 ──\n");
  });

  it("prints stdout, then warnings, then the display repr, as Jupyter does", () => {
    const text = formatCell(cell({ stdout: "hi\n", warnings: ["UserWarning: careful"], display: "tensor(6.)" }), origin);
    assert.equal(text, "hi\nUserWarning: careful\ntensor(6.)\n");
  });

  it("adds a final newline to stdout that lacks one, and prints nothing for an empty cell", () => {
    assert.equal(formatCell(cell({ stdout: "no newline" }), origin), "no newline\n");
    assert.equal(formatCell(cell({}), origin), "");
  });

  it("prints a runtime error as a traceback quoting the line; locations are document lines", () => {
    const text = formatCell(cell({ stdout: "hi\n", error: "NameError: name 'w' is not defined", errorLocation: { line: 12, column: 9 } }), origin);
    assert.equal(text, [
      "hi",
      "Traceback (most recent call last):",
      '  File "example.py", line 12, in <module>',
      "    y = w * 2",
      "NameError: name 'w' is not defined",
      "",
    ].join("\n"));
  });

  it("prints a syntax error with a caret under its column, like Python", () => {
    const source = "y = (1 +\n";
    const text = formatCell(cell({ error: "SyntaxError: '(' was never closed", errorLocation: { line: 10, column: 5 } }), { ...origin, source });
    assert.equal(text, '  File "example.py", line 10\n    y = (1 +\n        ^\nSyntaxError: \'(\' was never closed\n');
  });

  it("prints an error without a location as just the exception line", () => {
    assert.equal(formatCell(cell({ error: "KeyboardInterrupt" }), origin), "KeyboardInterrupt\n");
  });

  it("prints the heading and every cell of an evaluation", () => {
    const text = formatEvaluation(result([cell({ display: "tensor(6.)" })]), origin);
    assert.equal(text, "── example.py:10-13 ──\ntensor(6.)\n");
  });

  it("names the first error with its document line", () => {
    const failed = result([cell({ display: "1" }), cell({ error: "ZeroDivisionError: division by zero", errorLocation: { line: 11, column: 1 } })]);
    assert.equal(firstError(failed), "ZeroDivisionError: division by zero (line 11)");
    assert.equal(firstError(result([cell({ display: "1" })])), undefined);
  });
});

describe("describeOutcome", () => {
  const completed = (cells: CellResult[], interrupted = false, stoppedBy?: "cancelled" | "timeLimit"): EvaluationOutcome =>
    ({ kind: "completed", result: result(cells, interrupted), stoppedBy });

  it("says nothing about a clean evaluation or a skipped one", () => {
    assert.equal(describeOutcome(completed([cell({ display: "tensor(6.)" })]), 30), undefined);
    assert.equal(describeOutcome({ kind: "skipped" }, 30), undefined);
  });

  it("raises Python errors as error notifications", () => {
    const outcome = completed([cell({ error: "RuntimeError: element 0 of tensors does not require grad", errorLocation: { line: 4, column: 1 } })]);
    assert.deepEqual(describeOutcome(outcome, 30), {
      severity: "error", message: "RuntimeError: element 0 of tensors does not require grad (line 4)",
    });
  });

  it("says an interrupted evaluation was interrupted, not that it failed", () => {
    const interrupted = [cell({ error: "KeyboardInterrupt" })];
    assert.deepEqual(describeOutcome(completed(interrupted, true, "cancelled"), 30), { severity: "information", message: "evaluation interrupted" });
    assert.deepEqual(describeOutcome(completed(interrupted, true, "timeLimit"), 30), {
      severity: "warning", message: "evaluation interrupted: time limit of 30 s reached",
    });
  });

  it("treats an evaluation that finished before the interrupt landed as a normal one", () => {
    assert.equal(describeOutcome(completed([cell({ display: "1" })], false, "cancelled"), 30), undefined);
  });

  it("says the session was reset when the worker had to be terminated", () => {
    assert.deepEqual(describeOutcome({ kind: "reset", reason: "cancelled" }, 30), {
      severity: "warning", message: "evaluation interrupted; the session was reset",
    });
    assert.deepEqual(describeOutcome({ kind: "reset", reason: "timeLimit" }, 5), {
      severity: "warning", message: "evaluation interrupted: time limit of 5 s reached; the session was reset",
    });
    assert.deepEqual(describeOutcome({ kind: "reset", reason: "crashed", message: "out of memory" }, 30), {
      severity: "error", message: "the evaluation worker stopped (out of memory); the session was reset",
    });
  });

  it("reports internal errors by their first line and prints the whole stack", () => {
    const failed: EvaluationOutcome = { kind: "failed", message: "TypeError: bad\n    at f (engine.ts:1)" };
    assert.deepEqual(describeOutcome(failed, 30), { severity: "error", message: "internal error: TypeError: bad" });
    assert.equal(formatOutcomeNote(failed, 30), "[internal error]\nTypeError: bad\n    at f (engine.ts:1)\n");
  });

  it("adds a note to the output channel only for interruptions, resets and failures", () => {
    assert.equal(formatOutcomeNote(completed([cell({ display: "1" })]), 30), "");
    assert.equal(formatOutcomeNote(completed([cell({ error: "NameError: x" })]), 30), "");
    assert.equal(formatOutcomeNote(completed([cell({ error: "KeyboardInterrupt" })], true, "cancelled"), 30), "[evaluation interrupted]\n");
    assert.equal(formatOutcomeNote({ kind: "reset", reason: "cancelled" }, 30), "[evaluation interrupted; the session was reset]\n");
  });
});
