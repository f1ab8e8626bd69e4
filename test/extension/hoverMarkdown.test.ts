import * as assert from "node:assert/strict";
// The interpreter first: the catalogue's modules import it in this order.
import { Session } from "../../src/python/session";
import { backwardCallMarkdown, gradHistory } from "../../src/extension/hoverGradients";
import {
  attributeHoverMarkdown, codeBlock, hoverMarkdown, hoverTargetAt, nodeLocation, revealNodeLink,
} from "../../src/extension/hoverMarkdown";
import { moduleOwner, signatureMarkdown } from "../../src/extension/signatures";
import { SIGNATURES } from "../../src/extension/signatureTable";
import { catalogue } from "../../src/python/modules/catalogue";
import { locateWasmInNode } from "../../src/python/wasm_node";
import type { EvaluationResult, VariableView } from "../../src/result";

const x: VariableView = {
  name: "x",
  type: "Tensor",
  repr: "tensor(3., requires_grad=True)",
  tensor: { shape: [], dtype: "torch.float32", requiresGrad: true, isLeaf: true, gradFn: null, grad: "tensor(6.)" },
};

describe("hoverMarkdown", () => {
  it("shows a tensor's repr in a python block and its autograd facts", () => {
    assert.equal(hoverMarkdown(x), [
      "`x`: `Tensor`",
      "",
      "```python\ntensor(3., requires_grad=True)\n```",
      "",
      "shape `torch.Size([])`  \ndtype `torch.float32`  \nrequires_grad `True`  \nis_leaf `True`  \ngrad_fn `None`  \n.grad\n\n```python\ntensor(6.)\n```",
    ].join("\n"));
  });

  it("shows only the value when the hoverDetail setting asks for it", () => {
    assert.equal(hoverMarkdown(x, "value"), "`x`: `Tensor`\n\n```python\ntensor(3., requires_grad=True)\n```");
  });

  it("names the grad_fn of a non-leaf and a missing .grad as None", () => {
    const y: VariableView = {
      name: "y",
      type: "Tensor",
      repr: "tensor([[1., 4.],\n        [9., 16.]], grad_fn=<PowBackward0>)",
      tensor: { shape: [2, 2], dtype: "float32", requiresGrad: true, isLeaf: false, gradFn: "PowBackward0", grad: null },
    };
    const markdown = hoverMarkdown(y);
    assert.ok(markdown.includes("```python\ntensor([[1., 4.],\n        [9., 16.]], grad_fn=<PowBackward0>)\n```"));
    assert.ok(markdown.includes("shape `torch.Size([2, 2])`"));
    assert.ok(markdown.includes("dtype `torch.float32`"), "an unqualified dtype is printed as PyTorch does");
    assert.ok(markdown.includes("is_leaf `False`"));
    assert.ok(markdown.includes("grad_fn `PowBackward0`"));
    assert.ok(markdown.endsWith(".grad `None`"));
  });

  it("shows plain values without tensor facts", () => {
    assert.equal(hoverMarkdown({ name: "n", type: "int", repr: "3" }), "`n`: `int`\n\n```python\n3\n```");
  });

  it("keeps a long module or list short", () => {
    const module = ["Sequential(", ...Array.from({ length: 20 }, (_, i) => `  (${i}): ReLU()`), ")"].join("\n");
    const markdown = hoverMarkdown({ name: "m", type: "Sequential", repr: module });
    assert.ok(markdown.endsWith("  (10): ReLU()\n…\n```"), markdown);
    const list = hoverMarkdown({ name: "l", type: "list", repr: `[${"0, ".repeat(1000)}0]` });
    assert.ok(list.endsWith("…\n```") && list.length < 700, list);
  });

  it("fences a repr containing backticks so it cannot break out of its block", () => {
    assert.equal(codeBlock("s = '```'"), "````python\ns = '```'\n````");
  });
});

describe("attributeHoverMarkdown", () => {
  it("shows x.grad as PyTorch prints it, without x's own repr", () => {
    assert.equal(attributeHoverMarkdown(x, "grad"), "`x.grad`\n\n```python\ntensor(6.)\n```");
  });

  it("shows the other tensor attributes the summary knows", () => {
    assert.equal(attributeHoverMarkdown(x, "grad_fn"), "`x.grad_fn`\n\n```python\nNone\n```");
    assert.equal(attributeHoverMarkdown(x, "shape"), "`x.shape`\n\n```python\ntorch.Size([])\n```");
    assert.equal(attributeHoverMarkdown(x, "is_leaf"), "`x.is_leaf`\n\n```python\nTrue\n```");
    const y = { ...x, name: "y", tensor: { ...x.tensor!, gradFn: "PowBackward0", grad: null } };
    assert.equal(attributeHoverMarkdown(y, "grad_fn"), "`y.grad_fn`\n\n```python\n<PowBackward0 object>\n```");
    assert.equal(attributeHoverMarkdown(y, "grad"), "`y.grad`\n\n```python\nNone\n```");
  });

  it("has nothing for unknown attributes or non-tensors", () => {
    assert.equal(attributeHoverMarkdown(x, "backward"), undefined);
    assert.equal(attributeHoverMarkdown({ name: "n", type: "int", repr: "3" }, "grad"), undefined);
  });
});

describe("hoverTargetAt", () => {
  it("finds the name under the cursor, at either edge", () => {
    assert.deepEqual(hoverTargetAt("y = x**2", 4), { name: "x", start: 4, end: 5 });
    assert.deepEqual(hoverTargetAt("y = x**2", 5), { name: "x", start: 4, end: 5 });
    assert.deepEqual(hoverTargetAt("loss_1 = 0", 2), { name: "loss_1", start: 0, end: 6 });
  });

  it("finds variable.attribute on the attribute, and the variable on its own name", () => {
    assert.deepEqual(hoverTargetAt("print(x.grad)", 9), { name: "x", attribute: "grad", start: 6, end: 12 });
    assert.deepEqual(hoverTargetAt("print(x.grad)", 6), { name: "x", start: 6, end: 7 });
    assert.deepEqual(hoverTargetAt("w . grad_fn", 6), { name: "w", attribute: "grad_fn", start: 0, end: 11 });
  });

  it("ignores longer chains, attributes of calls, number suffixes and blanks", () => {
    assert.equal(hoverTargetAt("model.fc.weight", 11), undefined);
    assert.equal(hoverTargetAt("f(x).grad", 6), undefined);
    assert.equal(hoverTargetAt("a = 1e5", 6), undefined);
    assert.equal(hoverTargetAt("a  =  b", 3), undefined);
  });
});

/** Seed notebook 003's accumulation cells, run as one evaluation (1-based lines as in this source). */
const ACCUMULATION = [
  "import torch",
  "x = torch.tensor(2.0, requires_grad=True)",
  "y = x**2",
  "y.backward()",
  "for i in range(5):",
  "  y = x**2",
  "  y.backward()",
  "w = torch.tensor([1.0, 2.0], requires_grad=True)",
  "g, = torch.autograd.grad((w * 3).sum(), w)",
  "z = w * x + 1",
].join("\n");

describe("hovers over a recorded result", function () {
  this.timeout(60_000);
  let result: EvaluationResult;
  const variable = (name: string) => result.variables.find((v) => v.name === name)!;
  const names = () => new Map(result.variables.flatMap((v) => (v.tensor?.tensorId !== undefined ? [[v.tensor.tensorId, v.name] as const] : [])));

  before(async () => {
    const session = await Session.create({ locateWasm: locateWasmInNode });
    result = session.evaluate(ACCUMULATION, { firstLine: 1 });
    assert.equal(result.cells[0].error, null);
  });

  it("tells a leaf's .grad history, as seed 003's loop builds it", () => {
    assert.equal(gradHistory(result.events, variable("x").tensor!.tensorId!),
      "accumulated by 6 backward calls at lines 4 and 7: 4. → 8. → 12. → 16. → 20. → 24.");
    assert.equal(gradHistory(result.events, variable("w").tensor!.tensorId!), undefined, "autograd.grad does not accumulate");
  });

  it("counts a history from the last reset of .grad", async () => {
    const session = await Session.create({ locateWasm: locateWasmInNode });
    const reset = session.evaluate("import torch\nx = torch.tensor(2.0, requires_grad=True)\n(x*x).backward()\nx.grad.zero_()\n(x*3).backward()", { firstLine: 1 });
    const x = reset.variables.find((v) => v.name === "x")!;
    assert.equal(gradHistory(reset.events, x.tensor!.tensorId!), "accumulated by 1 backward call at line 5: 0. → 3.");
  });

  it("puts the history, the grad_fn's inputs and a Show in graph link in a tensor's hover", () => {
    const context = { graph: result.graph, events: result.events, documentUri: "file:///seed.py" };
    const x = hoverMarkdown(variable("x"), "full", context);
    assert.ok(x.includes("_accumulated by 6 backward calls at lines 4 and 7: 4. → 8. → 12. → 16. → 20. → 24._"), x);
    assert.ok(x.endsWith(`[Show in graph](${revealNodeLink("file:///seed.py", variable("x").tensor!.nodeId!)})`));
    const z = hoverMarkdown(variable("z"), "full", context);
    assert.ok(z.includes("grad_fn `AddBackward0` ← `MulBackward0`, `None`"), z);
    const product = hoverMarkdown({ ...variable("z"), tensor: { ...variable("z").tensor!, nodeId: result.graph.nodes.find((n) => n.label === "MulBackward0" && n.kind === "function")!.id } }, "full", context);
    assert.ok(!product.includes("←"), "a node that is not a tensor has no grad_fn inputs");
    assert.equal(hoverMarkdown(variable("x"), "value", context), "`x`: `Tensor`\n\n```python\ntensor(2., requires_grad=True)\n```");
  });

  it("finds the line that made a node, for Show in graph", () => {
    assert.equal(nodeLocation(result.graph, variable("z").tensor!.nodeId!)?.line, 10);
    assert.ok(nodeLocation(result.graph, variable("x").tensor!.nodeId!) !== undefined, "a leaf is found through its AccumulateGrad");
    assert.equal(nodeLocation(result.graph, "nope"), undefined);
    assert.ok(decodeURIComponent(revealNodeLink("file:///a b.py", "t0")).endsWith('["file:///a b.py","t0"]'));
  });

  it("tells what a backward() line reached and added", () => {
    assert.equal(backwardCallMarkdown(result, 7, names()),
      "**.backward()** on line 7: 5 passes, 10 backward steps\n\nreached and added:\n\n- `x.grad` += 4. each time");
    assert.equal(backwardCallMarkdown(result, 4, names()),
      "**.backward()** on line 4: 1 pass, 2 backward steps\n\nreached and added:\n\n- `x.grad` += 4.");
    assert.equal(backwardCallMarkdown(result, 7, names(), 1_000), undefined, "passes before sinceBackward belong to other cells");
    assert.equal(backwardCallMarkdown(result, 3, names()), undefined);
  });

  it("says that autograd.grad returns its gradients instead of accumulating them", () => {
    assert.equal(backwardCallMarkdown(result, 9, names()),
      "**torch.autograd.grad** on line 9: 1 pass, 3 backward steps\n\nreturned, leaving .grad unchanged:\n\n- d/d`w` = [3., 3.]");
  });
});

describe("signature hovers", () => {
  it("shows PyTorch's signature and the grad_fn the op records", () => {
    assert.equal(signatureMarkdown("torch", "sin"), "```python\ntorch.sin(input, *, out=None) -> Tensor\n```\n\n"
      + "Differentiable: on a tensor that requires grad its result records `grad_fn=<SinBackward0>`, whose backward applies this op's derivative.");
    assert.ok(signatureMarkdown("Tensor", "sum")!.startsWith("```python\nTensor.sum(dim=None, keepdim=False, dtype=None) -> Tensor\n```"));
    assert.ok(signatureMarkdown("torch.nn.functional", "relu")!.includes("`grad_fn=<ReluBackward0>`"));
    assert.ok(signatureMarkdown("Tensor", "argmax")!.includes("Not differentiable"));
    assert.equal(signatureMarkdown("torch", "no_such_op"), undefined);
    assert.equal(moduleOwner("F"), "torch.nn.functional");
    assert.equal(moduleOwner("x"), undefined);
  });

  it("covers what the catalogue binds, and only that", () => {
    const c = catalogue();
    const bound = new Set([...c.torchFunctions.map((n) => `torch.${n}`), ...c.tensorMethods.map((n) => `Tensor.${n}`),
      ...c.nnFunctional.map((n) => `torch.nn.functional.${n}`)]);
    const listed = Object.keys(SIGNATURES);
    assert.deepEqual(listed.filter((name) => !bound.has(name)), [], "regenerate signatureTable.ts");
    assert.ok(listed.length > 0.85 * bound.size, `${listed.length} of ${bound.size} names have a signature`);
  });
});
