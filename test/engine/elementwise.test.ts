// The elementwise ops' mechanisms: dtype rules, the graph they record (scalar operands, backward
// ops as nodes), in-place writes, and the special functions behind PyTorch's float32 kernels.
// PyTorch's printed values are checked by the oracle cases (test/fixtures/cases/elementwise.py).

import assert from "node:assert/strict";
import * as E from "../../src/engine";
import { Tensor } from "../../src/engine";
import { erf, erfFloat32Vectorized, expFloat32 } from "../../src/engine/ops/special";

const float = (value: number): E.FloatScalar => ({ value });

function leaf(data: E.NestedData, dtype?: E.DType): Tensor {
  const t = E.tensorFromData(data, dtype);
  t.requiresGrad = true;
  return t;
}

describe("elementwise ops", () => {
  it("compute integer and bool inputs in float32 or in their own dtype, as each op does", () => {
    const ints = E.tensorFromData([1, -2, 3]);
    assert.equal(E.exp(ints).dtype, "float32");
    assert.equal(E.abs(ints).dtype, "int64");
    assert.equal(E.sign(E.tensorFromData([true, false])).dtype, "bool");
    assert.equal(E.div(ints, 2).dtype, "float32");
    assert.equal(E.floorDivide(ints, 2).dtype, "int64");
    assert.throws(() => E.relu(E.tensorFromData([true])), /Boolean inputs not supported for relu/);
    assert.throws(() => E.floorDivide(ints, 0), /ZeroDivisionError/);
  });

  it("give a Python-scalar operand no edge, and a gradient its input's shape and dtype", () => {
    const x = leaf([float(1), float(2), float(3)]);
    const y = E.add(x, 2);
    assert.equal(y.gradFn!.nextEdges[1], null);
    const d = leaf([[float(1)], [float(2)]], "float64");
    E.backward([E.sum(E.mul(x, d))], [null]);
    assert.deepEqual([x.grad!.shape, x.grad!.dtype], [[3], "float32"]);
    assert.deepEqual([d.grad!.shape, d.grad!.dtype], [[2, 1], "float64"]);
  });

  it("record *_backward ops as nodes of their own, so create_graph graphs are PyTorch's", () => {
    const x = leaf([float(0.5), float(-1)]);
    const y = E.tanh(x);
    const [g] = E.grad([E.sum(y)], [x], [null], { createGraph: true });
    assert.equal(g!.gradFn!.name, "TanhBackwardBackward0");
    assert.equal(g!.gradFn!.nextEdges[1]!.node, y.gradFn);
    const [g2] = E.grad([E.sum(g!)], [x], [null]);
    const t = Math.tanh(0.5);
    assert.ok(Math.abs(g2!.at(0) - -2 * t * (1 - t * t)) < 1e-6);
  });

  it("write in-place results into self, leaving formulas the values from before the write", () => {
    const x = leaf([float(1), float(2)]);
    const w = leaf([float(3), float(4)]);
    const y = E.mul(x, 1);
    const before = y.version;
    E.applyInPlace(y, (original) => E.mul(original, w));
    assert.equal(y.gradFn!.name, "MulBackward0");
    assert.equal(y.version, before + 1);
    E.backward([E.sum(y)], [null]);
    assert.deepEqual([x.grad!.at(0), x.grad!.at(1), w.grad!.at(0), w.grad!.at(1)], [3, 4, 1, 2]);
    assert.throws(() => E.applyInPlace(E.tensorFromData([1, 2]), (o) => E.exp(o)), /result type Float can't be cast/);
    assert.throws(() => E.applyInPlace(E.tensorFromData([float(1)]), (o) => E.add(o, E.tensorFromData([float(1), float(2)]))),
      /doesn't match the broadcast shape \[2\]/);
  });

  it("keep erf, SLEEF's exp and the vectorised erf within their error bounds", () => {
    assert.equal(erf(0), 0);
    assert.equal(erf(-Infinity), -1);
    for (let x = -6; x <= 6; x += 0.0625) {
      assert.equal(erf(-x), -erf(x));
      const exact = Math.fround(Math.exp(x));
      const ulp = Math.fround(exact * (1 + 2 ** -23)) - exact;
      assert.ok(Math.abs(expFloat32(x) - exact) <= ulp, `exp(${x})`);
      assert.ok(Math.abs(erfFloat32Vectorized(x) - erf(x)) < 5e-7, `erf(${x})`);
    }
    assert.equal(expFloat32(0), 1);
    assert.equal(expFloat32(-200), 0);
  });
});
