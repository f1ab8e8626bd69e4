// The teaching warnings, the saved values on function nodes and the next-edge positions, on engine
// data recorded from real snippets (test/extension/fixtures/*.json, from fixtures/snippets.ts).

import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildViewGraph, type ViewGraph } from "../../media/model/graph";
import { stepSequence } from "../../media/model/stepper";
import { teachingWarnings, type TeachingWarning } from "../../media/model/warnings";
import { functionTooltip } from "../../media/view/nodeDetails";
import type { EvaluationResult } from "../../src/result";

function fixture(name: string): { result: EvaluationResult; graph: ViewGraph; warnings: TeachingWarning[] } {
  const result: EvaluationResult = JSON.parse(readFileSync(join(__dirname, "fixtures", `${name}.json`), "utf8")).result;
  const graph = buildViewGraph(result);
  return { result, graph, warnings: teachingWarnings(result, graph) };
}

const kinds = (warnings: TeachingWarning[]): string[] => warnings.map((w) => w.kind);

describe("teaching warnings", () => {
  describe("optimizer steps without zero_grad()", () => {
    it("says that earlier steps' gradients were added into the update, with the values and lines", () => {
      const { warnings } = fixture("optimizer_no_zero_grad");
      assert.deepEqual(kinds(warnings), ["optimizer-no-zero-grad"], "w's per-backward accumulation is not reported twice");
      const [warning] = warnings;
      assert.equal(warning.title, "Gradients from earlier steps were added into this step's update");
      assert.equal(warning.detail,
        "SGD.step() on line 7 ran 3 times with no zero_grad() in between; from step 2 on, w.grad still held the gradients of earlier backward() calls: w.grad went [ 2., -4.] → [ 3.6000, -7.2000] → [ 4.4800, -8.9600].");
      assert.match(warning.fix, /optimizer\.zero_grad\(\) before loss\.backward\(\)/);
      assert.deepEqual(warning.lines, [7, 6]);
      assert.deepEqual(warning.nodeIds, ["t0", "acc:t0"]);
    });

    it("stays quiet when zero_grad() runs each iteration, even for grads too big for an event to keep", () => {
      assert.deepEqual(fixture("optimizer_zeroed").warnings, []);
    });

    it("sees x.grad.zero_() and `x.grad = ...` between backward calls as resets", () => {
      assert.deepEqual(fixture("manual_reset").warnings, []);
    });

    it("still reports backward() in a loop with no optimizer (seed 003)", () => {
      assert.deepEqual(kinds(fixture("accumulation").warnings), ["accumulation"]);
    });
  });

  describe("a leaf cut off from the graph", () => {
    it("names the detach() line when w got no gradient", () => {
      const { warnings } = fixture("detach_cut");
      assert.deepEqual(kinds(warnings), ["gradient-cut"], "x, which backward reached, gets no warning");
      const [warning] = warnings;
      assert.equal(warning.title, "w got no gradient: the path to it was cut on line 4");
      assert.equal(warning.detail, "w.grad is still None after backward() on line 6: detach() on line 4 cut w off from the graph that was backpropagated.");
      assert.match(warning.why, /no history/);
      assert.deepEqual(warning.lines, [4, 6]);
      assert.deepEqual(warning.nodeIds, ["t1"]);
    });

    it("names the line computed under torch.no_grad()", () => {
      const [warning] = fixture("no_grad_cut").warnings;
      assert.equal(warning.kind, "gradient-cut");
      assert.equal(warning.detail, "w.grad is still None after backward() on line 7: an operation under torch.no_grad() on line 5 cut w off from the graph that was backpropagated.");
      assert.match(warning.fix, /outside the torch\.no_grad\(\) block/);
    });

    it("names requires_grad_(False) and .data", () => {
      const warnings = fixture("data_cut").warnings;
      assert.deepEqual(warnings.map((w) => w.title), [
        "b got no gradient: the path to it was cut on line 5",
        "w got no gradient: the path to it was cut on line 6",
      ]);
      assert.match(warnings[0].detail, /requires_grad_\(False\) on line 5/);
      assert.match(warnings[1].detail, /\.data on line 6/);
    });

    it("explains PyTorch's error when the cut left nothing to backpropagate", () => {
      const [warning] = fixture("detach_no_graph").warnings;
      assert.equal(warning.detail, "x.grad is still None after backward() on line 5: detach() on line 3 cut x off from the graph that was backpropagated.");
    });

    it("does not fire where every leaf got its gradient, or an optimizer's own no_grad update ran", () => {
      for (const name of ["chain_rule", "neuron", "nonleaf_detach", "optimizer_no_zero_grad", "optimizer_zeroed"]) {
        assert.ok(!kinds(fixture(name).warnings).includes("gradient-cut"), name);
      }
    });
  });
});

describe("function nodes", () => {
  it("carry what they saved for backward, as grad_fn._saved_* prints it in PyTorch", () => {
    const { result, graph } = fixture("saved_values");
    const saved = (label: string) => result.graph.nodes.find((n) => n.label === label)!.saved;
    assert.deepEqual(saved("PowBackward0"), [
      { name: "_saved_self", value: "tensor(4., requires_grad=True)" },
      { name: "_saved_exponent", value: "2" },
    ]);
    assert.deepEqual(saved("ExpBackward0"), [{ name: "_saved_result", value: "tensor(8886111., grad_fn=<ExpBackward0>)" }]);
    assert.deepEqual(saved("MulBackward0"), [
      { name: "_saved_self", value: "tensor([1., 2.], requires_grad=True)" },
      { name: "_saved_other", value: "tensor(16., grad_fn=<PowBackward0>)" },
    ]);
    const pow = graph.nodes.find((n) => n.label === "PowBackward0")!;
    assert.equal(functionTooltip(pow), "PowBackward0\nsaved for backward:\n  _saved_self = tensor(4., requires_grad=True)\n  _saved_exponent = 2\nline 3");
  });

  it("say when backward() freed what they saved", () => {
    const { result } = fixture("detach_cut");
    assert.deepEqual(result.graph.nodes.find((n) => n.label === "MulBackward0")!.saved!.map((s) => s.value), ["freed by backward()", "freed by backward()"]);
  });

  it("keep None next edges in place, so the stepper sends each gradient along the right edge", () => {
    const { result, graph } = fixture("detach_cut");
    const mul = graph.nodes.find((n) => n.label === "MulBackward0")!;
    assert.deepEqual(result.graph.nodes.find((n) => n.id === mul.id)!.inputs, [null, "f15"]);
    assert.deepEqual(mul.edges, [null, "acc:t0"]);
    const step = stepSequence(result, graph, 0).find((s) => s.name === "MulBackward0")!;
    assert.deepEqual(step.gradsOut, [{ from: "acc:t0", to: mul.id, value: "6." }]);
  });
});
