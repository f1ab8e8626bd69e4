// Convolution against its definition over a sweep of strides, paddings, dilations and groups, the
// transposed conv as its adjoint, and the backward graph: one ConvolutionBackwardBackward0 node for
// all three gradients, and a third derivative through that node's own backward that agrees with
// finite differences.

import assert from "node:assert/strict";
import * as E from "../../src/engine";
import { Tensor } from "../../src/engine";

function ramp(shape: number[], seed: number, requiresGrad = false): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const t = Tensor.fromStorage(Float64Array.from({ length: n }, (_, i) => (((i + seed) * 7919) % 23) / 11 - 1), shape, "float64");
  t.requiresGrad = requiresGrad;
  return t;
}

function get(t: Tensor, index: number[]): number {
  let flat = 0;
  for (let d = 0; d < t.dim; d++) flat = flat * t.shape[d] + index[d];
  return t.at(flat);
}

/** out[n, o, y, x] straight from the definition of a grouped, strided, dilated, zero-padded conv. */
function reference(x: Tensor, w: Tensor, bias: Tensor | null, o: E.ConvOptions): { shape: number[]; data: number[] } {
  const [batch, , inH, inW] = x.shape;
  const [outC, cg, kH, kW] = w.shape;
  const extra = o.extraPadding ?? [0, 0];
  const outH = Math.floor((inH + 2 * o.padding[0] + extra[0] - o.dilation[0] * (kH - 1) - 1) / o.stride[0]) + 1;
  const outW = Math.floor((inW + 2 * o.padding[1] + extra[1] - o.dilation[1] * (kW - 1) - 1) / o.stride[1]) + 1;
  const og = outC / o.groups;
  const data: number[] = [];
  for (let n = 0; n < batch; n++) {
    for (let oc = 0; oc < outC; oc++) {
      for (let oy = 0; oy < outH; oy++) {
        for (let ox = 0; ox < outW; ox++) {
          let acc = bias ? bias.at(oc) : 0;
          for (let c = 0; c < cg; c++) {
            for (let i = 0; i < kH; i++) {
              for (let j = 0; j < kW; j++) {
                const y = oy * o.stride[0] - o.padding[0] + i * o.dilation[0];
                const xx = ox * o.stride[1] - o.padding[1] + j * o.dilation[1];
                if (y < 0 || y >= inH || xx < 0 || xx >= inW) continue;
                acc += get(x, [n, Math.floor(oc / og) * cg + c, y, xx]) * get(w, [oc, c, i, j]);
              }
            }
          }
          data.push(acc);
        }
      }
    }
  }
  return { shape: [batch, outC, outH, outW], data };
}

const sweep: [string, E.ConvOptions][] = [
  ["plain", { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 }],
  ["strided and padded", { stride: [2, 3], padding: [1, 2], dilation: [1, 1], groups: 1 }],
  ["dilated", { stride: [1, 2], padding: [2, 0], dilation: [2, 3], groups: 1 }],
  ["grouped", { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 2 }],
  ["padding after the end only", { stride: [1, 1], padding: [0, 1], extraPadding: [1, 1], dilation: [1, 1], groups: 1 }],
];

describe("convolution", () => {
  for (const [name, options] of sweep) {
    it(`agrees with the definition: ${name}`, () => {
      const x = ramp([2, 4, 7, 8], 1);
      const w = ramp([6, 4 / options.groups, 3, 2], 2);
      const b = ramp([6], 3);
      const got = E.convNd(x, w, b, options, 2);
      const want = reference(x, w, b, options);
      assert.deepEqual(got.shape, want.shape);
      want.data.forEach((v, i) => assert.ok(Math.abs(got.at(i) - v) < 1e-12, `element ${i}: ${got.at(i)} vs ${v}`));
    });
  }

  for (const [name, options] of sweep.filter(([, o]) => !o.extraPadding)) {
    it(`transposes to the adjoint of the conv: ${name}`, () => {
      // <conv_transpose(y, w), x> = <y, conv(x, w)> for every x of the transposed conv's output shape.
      const w = ramp([6, 4 / options.groups, 3, 2], 2);
      const y = ramp([2, 6, 3, 4], 4);
      const transposed = E.convolution(y, w, null, { ...options, transposed: true });
      const x = ramp([...transposed.shape], 5);
      const forward = E.convolution(x, w, null, options);
      assert.deepEqual(forward.shape, y.shape);
      const left = E.sum(E.mul(transposed, x)).item();
      const right = E.sum(E.mul(y, forward)).item();
      assert.ok(Math.abs(left - right) < 1e-9 * (1 + Math.abs(left)), `${left} vs ${right}`);
    });
  }

  it("gives all three gradients from one ConvolutionBackwardBackward0 node", () => {
    const x = ramp([1, 2, 4, 4], 1, true);
    const w = ramp([3, 2, 2, 2], 2, true);
    const b = ramp([3], 3, true);
    const y = E.convolution(x, w, b, sweep[0][1]);
    assert.equal(y.gradFn?.name, "ConvolutionBackward0");
    const grads = E.grad([E.sum(E.mul(y, y))], [x, w, b], [null], { createGraph: true });
    const nodes = new Set(grads.map((g) => g?.gradFn));
    assert.equal(nodes.size, 1);
    assert.equal([...nodes][0]?.name, "ConvolutionBackwardBackward0");
  });

  it("takes third derivatives through the double backward", () => {
    const options = sweep[3][1];
    const w = ramp([4, 2, 2, 2], 5);
    const v = ramp([1, 4, 3, 3], 6);
    /** q(x) = Σ v·∂/∂x Σ (∂/∂x Σ conv(x, w)³)², a second derivative of x. */
    const q = (x: Tensor): Tensor => {
      const y = E.convolution(x, w, null, options);
      const [g1] = E.grad([E.sum(E.mul(E.mul(y, y), y))], [x], [null], { createGraph: true });
      const [g2] = E.grad([E.sum(E.mul(g1!, g1!))], [x], [null], { createGraph: true });
      return E.sum(E.mul(g2!, v));
    };
    const x = ramp([1, 4, 3, 3], 7, true);
    const [analytic] = E.grad([q(x)], [x], [null]);
    const data = x.contiguousData();
    const eps = 1e-6;
    for (let i = 0; i < x.numel; i++) {
      const moved = (delta: number): number => {
        const copy = Float64Array.from(data);
        copy[i] += delta;
        const t = Tensor.fromStorage(copy, x.shape, "float64");
        t.requiresGrad = true;
        return q(t).item();
      };
      const numeric = (moved(eps) - moved(-eps)) / (2 * eps);
      assert.ok(Math.abs(analytic!.at(i) - numeric) < 1e-4 * (1 + Math.abs(numeric)), `element ${i}: ${analytic!.at(i)} vs ${numeric}`);
    }
  });
});
