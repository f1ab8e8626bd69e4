import * as assert from "node:assert/strict";
import { graphRows } from "../../media/panel";
import type { GraphNodeView } from "../../src/result";

function node(id: string, inputs: string[] = [], kind: GraphNodeView["kind"] = "function"): GraphNodeView {
  return { id, kind, label: id, detail: "", inputs };
}

describe("graphRows (the panel's table order)", () => {
  it("puts every node after its inputs and numbers the rows", () => {
    // y = x**2 as the engine might list it: result first.
    const rows = graphRows({ nodes: [node("y", ["pow"], "tensor"), node("pow", ["acc"]), node("acc", ["x"]), node("x", [], "tensor")] });
    assert.deepEqual(rows.map((row) => `#${row.index} ${row.node.id}`), ["#1 x", "#2 acc", "#3 pow", "#4 y"]);
  });

  it("keeps the engine's order among independent nodes", () => {
    const rows = graphRows({ nodes: [node("a"), node("b"), node("sum", ["a", "b"]), node("c")] });
    assert.deepEqual(rows.map((row) => row.node.id), ["a", "b", "sum", "c"]);
  });

  it("links inputs and users both ways, once each", () => {
    const rows = graphRows({ nodes: [node("x", [], "tensor"), node("mul", ["x", "x"])] });
    const [x, mul] = rows;
    assert.deepEqual(mul.inputs.map((row) => row.node.id), ["x"]);
    assert.deepEqual(x.users.map((row) => row.node.id), ["mul"]);
  });

  it("ignores unknown inputs and survives cycles and long chains", () => {
    assert.deepEqual(graphRows({ nodes: [node("a", ["ghost"])] }).map((row) => row.inputs.length), [0]);
    assert.equal(graphRows({ nodes: [node("a", ["b"]), node("b", ["a"])] }).length, 2);
    const chain = Array.from({ length: 50_000 }, (_, i) => node(`n${i}`, i === 0 ? [] : [`n${i - 1}`]));
    const rows = graphRows({ nodes: chain.reverse() });
    assert.equal(rows[0].node.id, "n0");
    assert.equal(rows[rows.length - 1].node.id, "n49999");
  });
});
