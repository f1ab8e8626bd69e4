import * as assert from "node:assert/strict";
import { attributeHoverMarkdown, codeBlock, hoverMarkdown, hoverTargetAt } from "../../src/extension/hoverMarkdown";
import type { VariableView } from "../../src/result";

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
