// Session behaviour the views rely on beyond printed output: locations, interrupts, snapshots.

import assert from "node:assert/strict";
import { Session } from "../../src/python/session";
import { locateWasmInNode } from "../../src/python/wasm_node";
import { splitPercentCells } from "../../src/python/cells";

describe("interpreter session", () => {
  it("reports where an error was raised, in document lines", async () => {
    const session = await Session.create({ locateWasm: locateWasmInNode });
    const result = session.runCell("a = 1\nb = a +\n", { firstLine: 10 });
    assert.match(result.error!, /^SyntaxError: invalid syntax \(<unknown>, line 2\)$/);
    assert.equal(result.errorLocation!.line, 11);
    const runtime = session.runCell("def f(v):\n    return v / 0\n\nf(3)\n", { firstLine: 20 });
    assert.equal(runtime.error, "ZeroDivisionError: division by zero");
    assert.equal(runtime.errorLocation!.line, 21);
  });

  it("stops an endless loop when asked and keeps the namespace", async () => {
    const session = await Session.create({ locateWasm: locateWasmInNode });
    session.runCell("kept = 41");
    let polls = 0;
    const result = session.runCell("while True:\n    pass", { shouldInterrupt: () => ++polls > 3 });
    assert.equal(result.error, "KeyboardInterrupt");
    assert.equal(session.runCell("kept + 1").display, "42");
  });

  it("keeps torch.set_printoptions to the session that set it", async () => {
    const a = await Session.create({ locateWasm: locateWasmInNode });
    const b = await Session.create({ locateWasm: locateWasmInNode });
    a.runCell("import torch\ntorch.set_printoptions(precision=2)");
    b.runCell("import torch");
    assert.equal(b.runCell("torch.tensor([1/3])").display, "tensor([0.3333])");
    assert.equal(a.runCell("torch.tensor([1/3])").display, "tensor([0.33])");
    assert.equal(a.evaluate("t = torch.tensor([2/3])").variables.find((v) => v.name === "t")!.repr, "tensor([0.67])");
    assert.equal(b.runCell("torch.tensor([2/3])").display, "tensor([0.6667])");
  });

  it("raises RecursionError instead of overflowing the stack", async () => {
    const session = await Session.create({ locateWasm: locateWasmInNode });
    const result = session.runCell("def down(n):\n    return down(n + 1)\ndown(0)");
    assert.equal(result.error, "RecursionError: maximum recursion depth exceeded");
  });

  it("summarises variables and the graph with the line that created each node", async () => {
    const session = await Session.create({ locateWasm: locateWasmInNode });
    const result = session.evaluate("import torch\nx = torch.tensor(4.0, requires_grad=True)\ny = x ** 2\nz = torch.sin(y)", { firstLine: 5 });
    const z = result.variables.find((v) => v.name === "z")!;
    assert.equal(z.tensor!.gradFn, "SinBackward0");
    const nodes = new Map(result.graph.nodes.map((n) => [n.id, n]));
    const zNode = nodes.get(z.tensor!.nodeId!)!;
    const sin = nodes.get(zNode.inputs[0]!)!;
    const pow = nodes.get(sin.inputs[0]!)!;
    const accumulate = nodes.get(pow.inputs[0]!)!;
    assert.deepEqual([sin.label, pow.label, accumulate.label], ["SinBackward0", "PowBackward0", "AccumulateGrad"]);
    assert.equal(sin.location!.line, 8);
    assert.equal(pow.location!.line, 7);
    assert.equal(nodes.get(accumulate.inputs[0]!)!.label, "x");
  });
});

describe("cells", () => {
  it("splits on # %% lines and remembers each cell's first line", () => {
    const cells = splitPercentCells("a = 1\n# %%\nb = 2\n\n# %% second\nc = 3\n");
    assert.deepEqual(cells, [
      { source: "a = 1", firstLine: 1 },
      { source: "b = 2", firstLine: 3 },
      { source: "c = 3", firstLine: 6 },
    ]);
  });
});

describe("engine events in a session", () => {
  it("records each backward call and each accumulation into .grad, across cells, with the call's line", async () => {
    const session = await Session.create({ locateWasm: locateWasmInNode });
    session.runCell("import torch\nx = torch.tensor(2.0, requires_grad=True)");
    const result = session.evaluate("for i in range(3):\n    y = x ** 2\n    y.backward()", { firstLine: 4 });
    const backwards = result.events.filter((e) => e.kind === "backward");
    const accumulations = result.events.filter((e) => e.kind === "accumulate");
    assert.equal(backwards.length, 3);
    assert.deepEqual(backwards[0].kind === "backward" && backwards[0].steps.map((s) => s.name), ["PowBackward0", "AccumulateGrad"]);
    assert.deepEqual(accumulations.map((a) => a.kind === "accumulate" && [a.before?.values[0] ?? null, a.after.values[0]]), [[null, 4], [4, 8], [8, 12]]);
    assert.equal(accumulations[2].site?.line, 6);
    const x = result.variables.find((v) => v.name === "x")!;
    assert.equal(x.tensor!.nodeId, `t${accumulations[0].kind === "accumulate" && accumulations[0].tensor}`);
  });
});
