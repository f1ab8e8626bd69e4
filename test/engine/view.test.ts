// Views: storage sharing, PyTorch's choice between a view and a copy, and the base-and-replay
// record that lets a write through a view be recorded on its base (CopySlices).

import assert from "node:assert/strict";
import * as E from "../../src/engine";
import { Tensor } from "../../src/engine";

const grid = (): Tensor => E.tensorFromData([[1, 2, 3], [4, 5, 6]].map((row) => row.map((value) => ({ value }))));

describe("views", () => {
  it("share storage with their base", () => {
    const x = grid();
    const row = E.select(x, 0, 1);
    assert.equal(row.storage, x.storage);
    assert.deepEqual([row.shape, row.strides, row.offset], [[3], [1], 3]);
  });

  it("reshape views what computeStride allows and copies the rest", () => {
    const x = grid();
    x.requiresGrad = true;
    const alias = E.reshape(E.t(x), [3, 2]);
    assert.equal(alias.storage, x.storage);
    assert.equal(alias.gradFn!.name, "ReshapeAliasBackward0");
    const copy = E.reshape(E.t(x), [6]);
    assert.notEqual(copy.storage, x.storage);
    assert.equal(copy.gradFn!.name, "UnsafeViewBackward0");
    assert.equal(copy.gradFn!.nextEdges[0]!.node.name, "CloneBackward0");
    assert.throws(() => E.view(E.t(x), [6]), /view size is not compatible/);
  });

  it("remember their root base and replay onto another tensor of its shape", () => {
    const x = grid();
    const v = E.slice(E.select(x, 0, 1), 0, 1, null, 1);
    const origin = E.viewOrigin(v)!;
    assert.equal(origin.root, x);
    const other = E.tensorFromData([[10, 20, 30], [40, 50, 60]]);
    assert.deepEqual(Array.from(origin.replay(other).contiguousData()), [50, 60]);
    assert.equal(E.viewOrigin(x), null);
    assert.equal(E.viewOrigin(E.detach(x)), null);
  });

  it("rebase their root's history onto CopySlices when written in place, and regenerate lazily", () => {
    const x = grid();
    x.requiresGrad = true;
    const y = E.mul(x, 1);
    const row = E.select(y, 0, 1);
    const other = E.slice(y, 1, 0, 1, 1);
    assert.equal(other.gradFn!.name, "SliceBackward0");
    E.applyInPlace(row, (original) => E.mul(original, 3));
    assert.equal(y.gradFn!.name, "CopySlices");
    assert.equal(row.gradFn!.name, "AsStridedBackward0");
    assert.equal(other.gradFn!.name, "AsStridedBackward0");
    assert.equal(row.gradFn!.nextEdges[0]!.node, y.gradFn);
    E.backward([E.sum(y)], [null]);
    assert.deepEqual(Array.from(x.grad!.contiguousData()), [1, 1, 1, 3, 3, 3]);
  });

  it("cost a tensor that is no view nothing but a null check", () => {
    const x = grid();
    assert.equal(x.viewInfo, null);
    assert.notEqual(E.t(x).viewInfo, null);
    assert.equal(E.detach(x).viewInfo, null);
  });

  it("differentiate their backward again (select's gradient has a gradient)", () => {
    const x = grid();
    x.requiresGrad = true;
    const [g] = E.grad([E.sum(E.pow(E.select(x, 1, 2), 3))], [x], [null], { createGraph: true });
    assert.equal(g!.gradFn!.name, "SelectBackwardBackward0");
    const [gg] = E.grad([E.sum(g!)], [x], [null]);
    assert.deepEqual(Array.from(gg!.contiguousData()), [0, 0, 18, 0, 0, 36]);
  });
});
