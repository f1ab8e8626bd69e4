// Indexing: what reads copy and what reads view, and how writes are recorded (CopySlices on the
// base of a view, IndexPutBackward0 on the tensor itself, nothing under no_grad).

import assert from "node:assert/strict";
import * as E from "../../src/engine";
import { Tensor } from "../../src/engine";

const values = (t: Tensor): number[] => Array.from(t.contiguousData());
const leaf = (): Tensor => {
  const x = E.tensorFromData([[1, 2, 3], [4, 5, 6]].map((row) => row.map((value) => ({ value }))));
  x.requiresGrad = true;
  return x;
};
const int = (value: number): E.IndexPart => ({ kind: "int", value });
const all: E.IndexPart = { kind: "slice", start: null, stop: null, step: null };
const list = (...items: number[]): E.IndexPart => ({ kind: "tensor", value: E.tensorFromData(items) });

describe("indexing", () => {
  it("views for basic indices, copies for index tensors", () => {
    const x = leaf();
    assert.equal(E.index(x, [all, int(1)], false).storage, x.storage);
    const picked = E.index(x, [list(1, 1, 0)], true);
    assert.notEqual(picked.storage, x.storage);
    assert.equal(picked.gradFn!.name, "IndexBackward0");
  });

  it("adds up the gradient of an element picked twice", () => {
    const x = leaf();
    E.backward([E.sum(E.index(x, [list(0, 0, 1), list(2, 2, 0)], false))], [null]);
    assert.deepEqual(values(x.grad!), [0, 0, 2, 1, 0, 0]);
  });

  it("records a write through a view as CopySlices on the base, with the view regenerated", () => {
    const x = leaf();
    const y = E.mul(x, 1);
    const row = E.index(y, [int(0)], true);
    E.setIndex(row, [int(1)], true, 9);
    assert.equal(y.gradFn!.name, "CopySlices");
    assert.equal(row.gradFn!.name, "AsStridedBackward0");
    assert.deepEqual(values(y), [1, 9, 3, 4, 5, 6]);
    E.backward([E.sum(y)], [null]);
    assert.deepEqual(values(x.grad!), [1, 0, 1, 1, 1, 1]);
  });

  it("records index_put on the tensor itself and bumps its version once", () => {
    const y = E.mul(leaf(), 1);
    const before = y.version;
    E.setIndex(y, [{ kind: "tensor", value: E.compare("gt", y, 2) }], true, 0);
    assert.equal(y.gradFn!.name, "IndexPutBackward0");
    assert.equal(y.version, before + 1);
  });

  it("refuses writes into a leaf that requires grad, and records nothing under no_grad", () => {
    const x = leaf();
    assert.throws(() => E.setIndex(x, [list(0)], true, 0), /^Error: a leaf Variable/);
    assert.throws(() => E.setIndex(E.index(x, [int(0)], true), [int(1)], true, 0), /a view of a leaf Variable/);
    E.withGradMode(false, () => E.setIndex(x, [int(0), int(0)], false, 7));
    assert.equal(x.gradFn, null);
    assert.equal(values(x)[0], 7);
  });
});

