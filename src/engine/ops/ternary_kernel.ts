// The three-operand element loop (where, lerp, clamp with tensor bounds, loss gradients), with
// broadcasting. Values reach `f` as stored; callers round to their compute dtype themselves.

import { allocate, DType } from "../dtype";
import { numelOf, Tensor } from "../tensor";
import { broadcastShapes, broadcastStrides } from "./kernels";

export function zip3Kernel(
  a: Tensor, b: Tensor, c: Tensor, outDtype: DType, f: (x: number, y: number, z: number) => number,
): Tensor {
  const shape = broadcastShapes(a.shape, broadcastShapes(b.shape, c.shape));
  const numel = numelOf(shape);
  const out = allocate(outDtype, numel);
  const rank = shape.length;
  const sa = broadcastStrides(a, shape);
  const sb = broadcastStrides(b, shape);
  const sc = broadcastStrides(c, shape);
  const da = a.storage.data;
  const db = b.storage.data;
  const dc = c.storage.data;
  const index = new Array<number>(rank).fill(0);
  let pa = a.offset;
  let pb = b.offset;
  let pc = c.offset;
  for (let i = 0; i < numel; i++) {
    out[i] = f(da[pa], db[pb], dc[pc]);
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      pa += sa[d];
      pb += sb[d];
      pc += sc[d];
      if (index[d] < shape[d]) break;
      pa -= sa[d] * shape[d];
      pb -= sb[d] * shape[d];
      pc -= sc[d] * shape[d];
      index[d] = 0;
    }
  }
  return Tensor.fromStorage(out, shape, outDtype);
}
