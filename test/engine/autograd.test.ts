// The engine's autograd machinery: graph recording, the iterative backward, accumulation rules.
// Values PyTorch prints are checked by the oracle cases; these tests pin the mechanisms.

import assert from "node:assert/strict";
import * as E from "../../src/engine";
import { Tensor } from "../../src/engine";

const float = (value: number) => ({ value });

function leaf(data: E.NestedData): Tensor {
  const t = E.tensorFromData(data);
  t.requiresGrad = true;
  return t;
}

describe("autograd engine", () => {
  it("backpropagates a million-node chain without recursion", function () {
    this.timeout(180_000); // not a speed test: a loaded machine may take a while to build the graph
    const x = leaf(float(1));
    let y: Tensor = x;
    for (let i = 0; i < 1_000_000; i++) y = E.add(y, float(0));
    E.backward([y], [null]);
    assert.equal(x.grad!.item(), 1);
  });

  it("names each node as PyTorch does and links leaves through AccumulateGrad", () => {
    const x = leaf(float(3));
    const y = E.sin(E.pow(x, 2));
    assert.equal(y.gradFn!.name, "SinBackward0");
    const pow = y.gradFn!.nextEdges[0]!.node;
    assert.equal(pow.name, "PowBackward0");
    const accumulate = pow.nextEdges[0]!.node;
    assert.ok(accumulate instanceof E.AccumulateGrad);
    assert.equal(accumulate.variable, x);
  });

  it("accumulates into .grad across backward calls until it is zeroed", () => {
    const x = leaf(float(2));
    for (let i = 1; i <= 3; i++) {
      E.backward([E.mul(x, x)], [null]);
      assert.equal(x.grad!.item(), 4 * i);
    }
    E.zero_(x.grad!);
    assert.equal(x.grad!.item(), 0);
  });

  it("sums a broadcast gradient back to each input's shape", () => {
    const w = leaf([[float(1), float(2)], [float(3), float(4)]]);
    const b = leaf([float(1), float(1)]);
    E.backward([E.sum(E.mul(w, b))], [null]);
    assert.deepEqual(b.grad!.shape, [2]);
    assert.deepEqual(Array.from(b.grad!.contiguousData()), [4, 6]);
    assert.deepEqual(Array.from(w.grad!.contiguousData()), [1, 1, 1, 1]);
  });

  it("frees saved tensors after backward unless retain_graph is set", () => {
    const x = leaf(float(2));
    const y = E.mul(x, x);
    E.backward([y], [null], { retainGraph: true });
    E.backward([y], [null]);
    assert.equal(x.grad!.item(), 8);
    assert.throws(() => E.backward([y], [null]), /Trying to backward through the graph a second time/);
  });

  it("leaves .grad untouched in autograd.grad and differentiates twice with create_graph", () => {
    const x = leaf(float(0.5));
    const y = E.unary("tanh", x);
    const [dy] = E.grad([y], [x], [null], { createGraph: true });
    const [d2y] = E.grad([dy!], [x], [null]);
    assert.equal(x.gradQuiet, null);
    const t = Math.tanh(0.5);
    assert.ok(Math.abs(dy!.item() - (1 - t * t)) < 1e-6);
    assert.ok(Math.abs(d2y!.item() - -2 * t * (1 - t * t)) < 1e-6);
  });

  it("rejects in-place edits of leaves that require grad, and detects edits of saved tensors", () => {
    const x = leaf([float(1), float(2)]);
    assert.throws(() => E.zero_(x), /a leaf Variable that requires grad/);
    const s = E.mul(x, 1);
    const y = E.mul(s, s);
    E.fill_(s, 3);
    assert.throws(() => E.backward([E.sum(y)], [null]), /modified by an inplace operation.*is at version 1; expected version 0/);
  });

  it("names the node that saved an output in version errors, and fails only when a formula reads the stale tensor", () => {
    const x = leaf([float(1), float(2)]);
    const b = E.sigmoid(x);
    E.applyInPlace(b, (original) => E.mul(original, 2));
    assert.equal(b.gradFn!.name, "MulBackward0");
    assert.throws(() => E.backward([E.sum(b)], [null]), /which is output 0 of SigmoidBackward0, is at version 1/);
    const u = E.mul(x, 2);
    const scaled = E.mul(u, 10);
    E.fill_(u, 0);
    E.backward([E.sum(scaled)], [null]);
    assert.deepEqual(Array.from(x.grad!.contiguousData()), [20, 20]);
  });

  it("records nothing under no_grad", () => {
    const x = leaf(float(1));
    const y = E.withGradMode(false, () => E.mul(x, 2));
    assert.equal(y.gradFn, null);
    assert.equal(y.requiresGrad, false);
  });

  it("promotes types as torch.result_type does", () => {
    const ints = E.tensorFromData([1, 2]);
    assert.equal(ints.dtype, "int64");
    assert.equal(E.mul(ints, float(2.5)).dtype, "float32");
    assert.equal(E.div(ints, 2).dtype, "float32");
    assert.equal(E.add(ints, E.tensorFromData(float(1), "float64")).dtype, "float64");
    assert.equal(E.add(E.tensorFromData([float(1)]), E.tensorFromData(float(1), "float64")).dtype, "float32");
  });
});

describe("anomaly detection", () => {
  it("names the node whose backward produced NaN, only while enabled", () => {
    const a = leaf(float(0));
    E.backward([E.mul(E.unary("sqrt", a), 0)], [null]);
    const previous = E.setAnomalyDetection(true);
    try {
      assert.throws(() => E.backward([E.mul(E.unary("sqrt", a), 0)], [null]),
        /^Error: Function 'SqrtBackward0' returned nan values in its 0th output\.$|returned nan values in its 0th output/);
    } finally {
      E.setAnomalyDetection(previous);
    }
  });
});
