// The real worker (src/worker/evaluationWorker.ts, run through tsx as mocha runs everything) behind
// the real client: sessions per document, interrupts reaching the interpreter, located errors.

import * as assert from "node:assert/strict";
import * as path from "node:path";
import { EvaluationClient, type EvaluationOutcome } from "../../src/extension/evaluationClient";
import type { EvaluationResult } from "../../src/result";

const workerPath = path.join(__dirname, "fixtures", "sourceWorker.js");

function completed(outcome: EvaluationOutcome): EvaluationResult {
  assert.equal(outcome.kind, "completed", JSON.stringify(outcome));
  return (outcome as { result: EvaluationResult }).result;
}

describe("the evaluation worker with the interpreter", function () {
  this.timeout(60_000);
  let client: EvaluationClient;

  before(() => {
    client = new EvaluationClient({ workerPath });
  });

  after(() => client.dispose());

  it("evaluates autograd code and summarises variables and graph", async () => {
    const source = "import torch\nx = torch.tensor(3.0, requires_grad=True)\ny = x**2\ny.backward()\nx.grad";
    const result = completed(await client.evaluate({ documentUri: "file:///a.py", source, firstLine: 1 }));
    assert.deepEqual(result.cells, [{ stdout: "", display: "tensor(6.)", error: null, warnings: [], displayLine: 5 }]);
    assert.equal(result.interrupted, false);
    const x = result.variables.find((variable) => variable.name === "x");
    assert.equal(x?.repr, "tensor(3., requires_grad=True)");
    assert.equal(x?.tensor?.grad, "tensor(6.)");
    const labels = result.graph.nodes.map((node) => node.label);
    assert.ok(labels.includes("PowBackward0") && labels.includes("AccumulateGrad"), labels.join(", "));
  });

  it("builds on earlier evaluations of the same document only", async () => {
    const same = completed(await client.evaluate({ documentUri: "file:///a.py", source: "x.grad * 10", firstLine: 6 }));
    assert.equal(same.cells[0].display, "tensor(60.)");
    const other = completed(await client.evaluate({ documentUri: "file:///b.py", source: "x", firstLine: 1 }));
    assert.equal(other.cells[0].error, "NameError: name 'x' is not defined");
  });

  it("locates errors in document lines", async () => {
    const result = completed(await client.evaluate({ documentUri: "file:///a.py", source: "a = 1\nb = a / 0\n", firstLine: 20 }));
    assert.equal(result.cells[0].error, "ZeroDivisionError: division by zero");
    assert.equal(result.cells[0].errorLocation?.line, 21);
  });

  it("interrupts an endless loop at the time limit and keeps the session", async () => {
    const outcome = await client.evaluate({ documentUri: "file:///a.py", source: "n = 0\nwhile True:\n    n += 1\n", firstLine: 1, timeLimitMs: 300 });
    assert.equal(outcome.kind === "completed" && outcome.stoppedBy, "timeLimit");
    const result = completed(outcome);
    assert.equal(result.interrupted, true);
    assert.equal(result.cells[0].error, "KeyboardInterrupt");
    const after = completed(await client.evaluate({ documentUri: "file:///a.py", source: "n > 0 and x.grad is not None", firstLine: 1 }));
    assert.equal(after.cells[0].display, "True");
  });
});
