// The graph panel's view models on engine data recorded from real snippets
// (test/extension/fixtures/*.json, written by fixtures/record.ts from fixtures/snippets.ts).

import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collapseRepeated } from "../../media/model/collapse";
import { toDot } from "../../media/model/dot";
import { formatValue, reprBody } from "../../media/model/format";
import { buildViewGraph, defaultOutput, nodesOnLines, outputChoices, subgraph } from "../../media/model/graph";
import { nodeText } from "../../media/model/labels";
import { elkInput, layoutOptions, readLayout, withoutRecursion } from "../../media/model/layout";
import { splitShared } from "../../media/model/shared";
import { backwardPasses, defaultPass, stepSequence } from "../../media/model/stepper";
import { teachingWarnings } from "../../media/model/warnings";
import type { EvaluationResult } from "../../src/result";

function fixture(name: string): EvaluationResult {
  return JSON.parse(readFileSync(join(__dirname, "fixtures", `${name}.json`), "utf8")).result;
}

function drawn(name: string) {
  const result = fixture(name);
  const graph = buildViewGraph(result);
  const shown = subgraph(graph, defaultOutput(graph, result));
  return { result, graph, shown };
}

describe("graph panel view model", () => {
  describe("values", () => {
    it("prints snapshots the way PyTorch prints tensors", () => {
      assert.equal(formatValue({ shape: [], dtype: "float32", values: [6], numel: 1 }), "6.");
      assert.equal(formatValue({ shape: [], dtype: "float32", values: [-7.661275863647461], numel: 1 }), "-7.6613");
      assert.equal(formatValue({ shape: [3], dtype: "float32", values: [2 / 3, 4 / 3, 2], numel: 3 }), "[0.6667, 1.3333, 2.0000]");
      assert.equal(formatValue(null), "None");
      assert.equal(formatValue({ shape: [100], dtype: "float32", values: Array.from({ length: 16 }, (_, i) => i), numel: 100 }), "[0., 1., 2., 3., 4., 5., …] ((100,))");
    });

    it("takes the value out of a repr", () => {
      assert.equal(reprBody("tensor(16., grad_fn=<PowBackward0>)"), "16.");
      assert.equal(reprBody("Parameter containing:\ntensor([[ 0.5000, -1.0000]], requires_grad=True)"), "[[ 0.5000, -1.0000]]");
      assert.equal(reprBody("tensor([1., 2., 3.], requires_grad=True)"), "[1., 2., 3.]");
      assert.equal(reprBody("tensor(3, dtype=torch.int32)"), "3");
    });
  });

  describe("graph", () => {
    it("draws seed 000's chain rule: leaf, accumulator, PowBackward0, SinBackward0 and the named results", () => {
      const { shown } = drawn("chain_rule");
      assert.deepEqual(shown.nodes.map((n) => `${n.id} ${n.label} <- ${n.inputs.join(",")}`), [
        "t0 x <- ", "acc:t0 AccumulateGrad <- t0", "f1 PowBackward0 <- acc:t0", "t1 y <- f1", "f2 SinBackward0 <- f1", "t2 z <- f2",
      ]);
      const x = shown.byId.get("t0")!;
      assert.equal(x.kind, "leaf");
      assert.deepEqual(nodeText({ id: x.id, kind: x.kind, label: x.label, node: x }).lines, ["4.", "grad -7.6613"]);
      assert.equal(shown.byId.get("f1")!.output, "t1");
      assert.deepEqual(shown.byId.get("t1")!.location, { line: 3, column: 5 }, "a result is located where its grad_fn was made");
    });

    it("gives each leaf's AccumulateGrad its own node, wired to the right function", () => {
      const { graph } = drawn("neuron");
      const ids = graph.nodes.map((n) => n.id);
      assert.equal(new Set(ids).size, ids.length, "ids are unique");
      assert.deepEqual(graph.byId.get("f19")!.inputs, ["acc:t0"], "w*x feeds w's accumulator");
      assert.deepEqual(graph.byId.get("f21")!.inputs, ["f19", "acc:t1"], "+ b feeds b's accumulator");
    });

    it("defaults to the output of the last backward call and offers the other named results", () => {
      const { result, graph } = drawn("neuron");
      assert.equal(defaultOutput(graph, result), "t4");
      assert.deepEqual(outputChoices(graph, result).map((c) => c.label), ["z", "y_pred", "loss"]);
      assert.deepEqual(subgraph(graph, "t2").nodes.map((n) => n.label), ["w", "b", "AccumulateGrad", "AccumulateGrad", "MulBackward0", "AddBackward0", "z"]);
    });

    it("finds the nodes made on the editor's selected lines", () => {
      const { shown } = drawn("chain_rule");
      assert.deepEqual(nodesOnLines(shown, new Set([4])), ["f2", "t2"]);
    });
  });

  describe("backward stepper", () => {
    it("walks seed 000's backward pass with the chain-rule product at each node", () => {
      const { result, shown } = drawn("chain_rule");
      const pass = defaultPass(result, shown)!;
      const steps = stepSequence(result, shown, pass);
      assert.deepEqual(steps.map((s) => [s.name, s.nodeId, s.gradIn, s.products]), [
        ["SinBackward0", "f2", "1.", ["1. × cos(16.) = -0.9577"]],
        ["PowBackward0", "f1", "-0.9577", ["-0.9577 × 2 × 4. = -7.6613"]],
        ["AccumulateGrad", "acc:t0", "-7.6613", ["x.grad = -7.6613"]],
      ]);
      assert.deepEqual(steps[1].gradsOut, [{ from: "acc:t0", to: "f1", value: "-7.6613" }]);
      assert.deepEqual(steps[2].accumulation, { leaf: "x", leafId: "t0", before: "None", after: "-7.6613" });
    });

    it("shows each accumulation of seed 003's loop as before → after", () => {
      const { result, shown } = drawn("accumulation");
      const passes = backwardPasses(result);
      assert.deepEqual(passes.map((p) => p.site?.line), [4, 8, 8, 8, 8, 8]);
      assert.equal(defaultPass(result, shown), 5);
      const last = stepSequence(result, shown, 5);
      assert.deepEqual(last[1].accumulation, { leaf: "x", leafId: "t0", before: "20.", after: "24." });
      assert.deepEqual(last[1].products, ["x.grad = 20. + 4. = 24."]);
    });

    it("matches several accumulators to their leaves and keeps null edges out", () => {
      const { result, shown } = drawn("neuron");
      const steps = stepSequence(result, shown, 0);
      const accumulations = steps.filter((s) => s.accumulation).map((s) => [s.nodeId, s.accumulation!.leaf, s.accumulation!.after]);
      assert.deepEqual(accumulations, [["acc:t1", "b", "0.9988"], ["acc:t0", "w", "6.6918"]]);
      const mul = steps.find((s) => s.nodeId === "f19")!;
      assert.deepEqual(mul.gradsOut, [{ from: "acc:t0", to: "f19", value: "6.6918" }]);
      assert.deepEqual(mul.products, ["0.9988 × 6.7000 = 6.6918"]);
    });

    it("shows vector gradients without a scalar product", () => {
      const { result, shown } = drawn("vector_mean");
      const steps = stepSequence(result, shown, defaultPass(result, shown)!);
      assert.equal(steps[0].gradsOut[0].value, "[0.3333, 0.3333, 0.3333]");
      assert.deepEqual(steps[0].products, []);
    });
  });

  describe("warnings", () => {
    it("explains seed 003's accumulation with the values and lines of each call", () => {
      const { result, graph } = drawn("accumulation");
      const [warning, ...others] = teachingWarnings(result, graph);
      assert.equal(others.length, 0);
      assert.equal(warning.kind, "accumulation");
      assert.equal(warning.title, "x.grad accumulated over 6 backward calls");
      assert.match(warning.detail, /None → 4\. → 8\. → 12\. → 16\. → 20\. → 24\./);
      assert.deepEqual(warning.lines, [4, 8]);
      assert.deepEqual(warning.nodeIds, ["t0", "acc:t0"]);
      assert.match(warning.fix, /x\.grad\.zero_\(\)/);
    });

    it("says nothing when the loop zeroes the gradient, or after a single backward", () => {
      for (const name of ["zeroed", "chain_rule", "neuron"]) {
        const { result, graph } = drawn(name);
        assert.deepEqual(teachingWarnings(result, graph), [], name);
      }
    });

    it("explains seed 004's repeated retain_graph passes", () => {
      const { result, graph } = drawn("retain_graph");
      const kinds = teachingWarnings(result, graph).map((w) => w.kind);
      assert.deepEqual(kinds, ["accumulation", "retain-graph"]);
      const retain = teachingWarnings(result, graph)[1];
      assert.equal(retain.title, "The same graph was backpropagated 4 times");
      assert.deepEqual(retain.nodeIds, ["f17"]);
    });

    it("explains PyTorch's non-leaf .grad warning", () => {
      const { result, graph } = drawn("nonleaf_detach");
      const [warning] = teachingWarnings(result, graph);
      assert.equal(warning.kind, "non-leaf-grad");
      assert.match(warning.fix, /retain_grad\(\)/);
    });

    it("explains backward twice and in-place errors from their messages", () => {
      const base = fixture("chain_rule");
      const graph = buildViewGraph(base);
      const twice = { ...base, cells: [{ ...base.cells[0], error: "RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed)." }] };
      assert.deepEqual(teachingWarnings(twice, graph).map((w) => w.kind), ["backward-twice"]);
      const inplace = { ...base, cells: [{ ...base.cells[0], error: "RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor []] is at version 1; expected version 0 instead." }] };
      const [warning] = teachingWarnings(inplace, graph);
      assert.equal(warning.kind, "inplace");
      assert.match(warning.detail, /version 0.*version 1/);
    });
  });

  describe("collapsing repeated structure", () => {
    it("folds a loop's repeats into groups with counts, and expands one on request", () => {
      const { shown } = drawn("repeated");
      const draw = collapseRepeated(shown);
      const groups = draw.nodes.filter((n) => n.kind === "group");
      assert.deepEqual(groups.map((g) => `${g.label} ×${g.members!.length}${g.chained ? " chained" : ""}`),
        ["MulBackward0 ×20", "SinBackward0 ×20", "AddBackward0 ×20 chained"]);
      assert.ok(draw.nodes.length < 12, `${draw.nodes.length} drawn nodes instead of ${shown.nodes.length}`);
      assert.ok(draw.edges.every((e) => e.from !== e.to));
      assert.equal(draw.drawnAs.get("f95"), "group:MulBackward0@5:7");
      const expanded = collapseRepeated(shown, new Set(["group:MulBackward0@5:7"]));
      assert.equal(expanded.nodes.filter((n) => n.kind === "group").length, 2);
      assert.equal(expanded.drawnAs.get("f95"), "f95");
    });

    it("draws each nn.Module call as a group around the nodes it made, named by the module's path", () => {
      const { shown } = drawn("module_groups");
      const draw = collapseRepeated(shown);
      const groups = draw.nodes.filter((n) => n.module);
      assert.deepEqual(groups.map((g) => `${g.module}: ${g.label}`), [
        "Linear (model.head): TBackward0 · AddmmBackward0",
        "Linear (model.body.0): TBackward0 · AddmmBackward0",
        "ReLU (model.body.1): ReluBackward0",
        "Net (model): SigmoidBackward0",
      ]);
      const head = groups[0];
      assert.deepEqual(nodeText(head).lines, ["TBackward0 · AddmmBackward0", "2 nodes · click to expand"]);
      assert.equal(nodeText(head).title, "Linear (model.head)");
      // Parameters are named by their path; the loss's SumBackward0 ran outside every module.
      assert.ok(shown.nodes.some((n) => n.kind === "leaf" && n.label === "model.head.weight"));
      const sum = shown.nodes.find((n) => n.label === "SumBackward0")!;
      assert.equal(draw.drawnAs.get(sum.id), sum.id);
      assert.ok(draw.edges.some((e) => e.from === head.id && e.to === draw.drawnAs.get(shown.nodes.find((n) => n.label === "SigmoidBackward0")!.id)));
      const expanded = collapseRepeated(shown, new Set([head.id]));
      assert.ok(!expanded.nodes.some((n) => n.id === head.id));
      assert.equal(expanded.nodes.filter((n) => n.module).length, 3);
    });

    it("leaves small graphs alone", () => {
      const { shown } = drawn("neuron");
      assert.equal(collapseRepeated(shown).nodes.length, shown.nodes.length);
    });

    it("groups everything made on one line when the graph is over budget, leaves and accumulators apart", () => {
      const { shown } = drawn("neuron");
      const draw = collapseRepeated(shown, new Set(), 5, 8);
      const line10 = draw.nodes.find((n) => n.id === "group:line 10")!;
      assert.deepEqual(line10.members, ["f19", "f21", "t2"]);
      assert.equal(line10.label, "MulBackward0 · AddBackward0 · z");
      assert.deepEqual(nodeText(line10).lines, ["line 10 · 3 nodes · click to expand"]);
      assert.equal(draw.drawnAs.get("f23"), "f23", "a line with one node draws it as itself");
      assert.equal(draw.drawnAs.get("acc:t0"), "acc:t0");
      assert.deepEqual(draw.edges.map((e) => e.id), [
        "t1->acc:t1", "t0->acc:t0", "acc:t0->group:line 10", "acc:t1->group:line 10",
        "group:line 10->group:line 11", "group:line 11->f23", "f23->group:line 9",
      ]);
      const expanded = collapseRepeated(shown, new Set(["group:line 10"]), 5, 10);
      assert.equal(expanded.drawnAs.get("f19"), "f19");
      assert.equal(expanded.drawnAs.get("f22"), "group:line 11");
    });

    it("groups runs of lines when one line each is still over budget", () => {
      const { shown } = drawn("neuron");
      const draw = collapseRepeated(shown, new Set(), 5, 6);
      assert.deepEqual(draw.nodes.map((n) => n.id), ["t0", "t1", "acc:t1", "acc:t0", "group:lines 9–12", "f23"]);
      const run = draw.nodes.find((n) => n.lines)!;
      assert.deepEqual(nodeText(run).lines, ["lines 9–12 · 12 nodes · click to expand"]);
    });
  });

  describe("shared nodes", () => {
    /** An accumulator `acc:w` for leaf `w` used by `users` functions. */
    function fanOut(users: number) {
      const graph = { nodes: [{ id: "w", kind: "leaf" as const, label: "w", detail: "1.", inputs: [], users: [] }], byId: new Map() };
      const draw = collapseRepeated(graph);
      draw.nodes.push({ id: "acc:w", kind: "function", label: "AccumulateGrad", node: { id: "acc:w", kind: "function", label: "AccumulateGrad", detail: "", inputs: ["w"], users: [], leaf: "w" } });
      draw.edges.push({ id: "w->acc:w", from: "w", to: "acc:w" });
      for (let i = 0; i < users; i++) {
        draw.nodes.push({ id: `f${i}`, kind: "function", label: "MulBackward0" });
        draw.edges.push({ id: `acc:w->f${i}`, from: "acc:w", to: `f${i}` });
      }
      return draw;
    }

    it("draws a node with many users once and a reference above each further user, keeping edge ids", () => {
      const split = splitShared(fanOut(8), 6);
      const refs = split.nodes.filter((n) => n.kind === "ref");
      assert.equal(refs.length, 7);
      assert.deepEqual(split.edges.find((e) => e.id === "acc:w->f0"), { id: "acc:w->f0", from: "acc:w", to: "f0" }, "the first use keeps its edge");
      assert.deepEqual(split.edges.find((e) => e.id === "acc:w->f3"), { id: "acc:w->f3", from: "ref:acc:w->f3", to: "f3" });
      assert.equal(refs[0].label, "AccumulateGrad (w)");
      assert.equal(refs[0].refOf!.id, "acc:w");
      assert.equal(nodeText(refs[0]).title, "↑ AccumulateGrad (w)");
      assert.equal(new Set(split.edges.map((e) => e.id)).size, split.edges.length);
    });

    it("leaves nodes with few users alone", () => {
      const draw = fanOut(6);
      assert.deepEqual(splitShared(draw, 6).nodes, draw.nodes);
    });
  });

  describe("layout and export", () => {
    it("asks ELK for a top-down layered layout, cheaper options for large graphs", () => {
      const { shown } = drawn("chain_rule");
      const draw = collapseRepeated(shown);
      const input = elkInput(draw, () => ({ width: 100, height: 40 }));
      assert.equal(input.children.length, 6);
      assert.deepEqual(input.edges[0], { id: "t0->acc:t0", sources: ["t0"], targets: ["acc:t0"] });
      assert.equal(input.layoutOptions["elk.direction"], "DOWN");
      assert.equal(layoutOptions(1000)["elk.layered.crossingMinimization.strategy"], "NONE");
      assert.equal(layoutOptions(1000)["elk.edgeRouting"], "ORTHOGONAL");
      // ELK's recursive component search overflows the stack on long chains.
      assert.equal(layoutOptions(10)["elk.separateConnectedComponents"], "false");
      assert.equal(layoutOptions(5000)["elk.separateConnectedComponents"], "false");
      assert.equal(withoutRecursion(input).layoutOptions["elk.layered.layering.strategy"], "BF_MODEL_ORDER");
      assert.equal(input.layoutOptions["elk.layered.layering.strategy"], undefined);
      const placed = readLayout({ width: 10, height: 20, children: [{ id: "a", x: 1, y: 2, width: 3, height: 4 }],
        edges: [{ id: "e", sections: [{ startPoint: { x: 0, y: 0 }, endPoint: { x: 1, y: 1 } }] }] });
      assert.deepEqual(placed.nodes.get("a"), { x: 1, y: 2, width: 3, height: 4 });
      assert.deepEqual(placed.edges.get("e"), [{ x: 0, y: 0 }, { x: 1, y: 1 }]);
    });

    it("writes Graphviz DOT with escaped labels", () => {
      const { shown } = drawn("chain_rule");
      const dot = toDot(collapseRepeated(shown), "chain_rule");
      assert.match(dot, /^digraph "chain_rule" \{/);
      assert.match(dot, /"f1" \[label="PowBackward0\\nexponent=2", shape=box\];/);
      assert.match(dot, /"t0" -> "acc:t0";/);
      const hostile = collapseRepeated({ nodes: [{ id: 'a"b', kind: "leaf", label: 'x"\n', detail: "1.", inputs: [], users: [] }], byId: new Map() });
      assert.match(toDot(hostile), /"a\\"b" \[label="x\\"\\n\\n1\."/);
    });
  });
});
