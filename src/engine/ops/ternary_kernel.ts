// The three-operand element loop (where, lerp, clamp with tensor bounds, loss gradients), with
// broadcasting. Values reach `f` as stored; callers round to their compute dtype themselves.

import { allocate, DType } from "../dtype";
import { numelOf, Tensor } from "../tensor";
import { broadcastShapes, broadcastStrides } from "./kernels";
import { forEachRun } from "./runs";

export function zip3Kernel(
  a: Tensor, b: Tensor, c: Tensor, outDtype: DType, f: (x: number, y: number, z: number) => number,
): Tensor {
  const shape = broadcastShapes(a.shape, broadcastShapes(b.shape, c.shape));
  const numel = numelOf(shape);
  const out = allocate(outDtype, numel);
  const da = a.storage.data;
  const db = b.storage.data;
  const dc = c.storage.data;
  const strides = [broadcastStrides(a, shape), broadcastStrides(b, shape), broadcastStrides(c, shape)];
  forEachRun(shape, strides, [a.offset, b.offset, c.offset], (o, starts, n, steps) => {
    const [sa, sb, sc] = steps;
    for (let end = o + n, pa = starts[0], pb = starts[1], pc = starts[2]; o < end; o++, pa += sa, pb += sb, pc += sc) {
      out[o] = f(da[pa], db[pb], dc[pc]);
    }
  });
  return Tensor.fromStorage(out, shape, outDtype);
}
