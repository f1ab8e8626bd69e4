// torch.where: elementwise choice between two operands by a bool condition.

import { allocate } from "../dtype";
import { Tensor } from "../tensor";
import { broadcastShapes, broadcastStrides } from "./kernels";
import { asTensor, Operand, resultType } from "./operand";
import { record } from "./record";
import { sumToShape } from "./reduction";

function broadcastView(t: Tensor, shape: readonly number[]): Tensor {
  return t.view(shape, broadcastStrides(t, shape), t.offset);
}

export function where(condition: Tensor, a: Operand, b: Operand): Tensor {
  const dtype = resultType([a, b]);
  const ta = asTensor(a, dtype);
  const tb = asTensor(b, dtype);
  const shape = broadcastShapes(condition.shape, broadcastShapes(ta.shape, tb.shape));
  const c = broadcastView(condition, shape);
  const x = broadcastView(ta, shape);
  const y = broadcastView(tb, shape);
  const out = allocate(dtype, c.numel);
  for (let i = 0; i < out.length; i++) out[i] = c.at(i) ? x.at(i) : y.at(i);
  return record(Tensor.fromStorage(out, shape, dtype), {
    name: "WhereBackward0",
    inputs: [ta, tb],
    formula: (g) => [sumToShape(where(condition, g, 0), ta.shape), sumToShape(where(condition, 0, g), tb.shape)],
  });
}
