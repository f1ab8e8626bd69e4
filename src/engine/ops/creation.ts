// Tensor factories: torch.tensor from nested Python data, zeros/ones/full and their *_like forms.

import { allocate, castScalar, DType } from "../dtype";
import { TorchError } from "../errors";
import { Tensor } from "../tensor";
import { Scalar, scalarKind, scalarValue } from "./operand";

export type NestedData = Scalar | Tensor | readonly NestedData[];

function inferShape(data: NestedData): number[] {
  const shape: number[] = [];
  let level: NestedData = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  if (level instanceof Tensor) shape.push(...level.shape);
  return shape;
}

/** The dtype torch.tensor infers: float if any float, else int if any int, else bool. */
function inferDType(data: NestedData): DType {
  let rank = 0;
  const visit = (v: NestedData): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v instanceof Tensor) rank = Math.max(rank, v.dtype === "bool" ? 0 : v.dtype === "float32" || v.dtype === "float64" ? 2 : 1);
    else rank = Math.max(rank, ({ bool: 0, int: 1, float: 2 } as const)[scalarKind(v as Scalar)]);
  };
  visit(data);
  return rank === 2 ? "float32" : rank === 1 ? "int64" : "bool";
}

export function tensorFromData(data: NestedData, dtype?: DType): Tensor {
  const shape = inferShape(data);
  const type = dtype ?? inferDType(data);
  const out = allocate(type, shape.reduce((n, s) => n * s, 1));
  let next = 0;
  const fill = (v: NestedData, depth: number): void => {
    if (Array.isArray(v)) {
      if (depth >= shape.length || v.length !== shape[depth]) {
        throw new TorchError("ValueError", `expected sequence of length ${shape[depth]} at dim ${depth} (got ${v.length})`);
      }
      for (const item of v) fill(item, depth + 1);
    } else if (v instanceof Tensor) {
      for (let i = 0; i < v.numel; i++) out[next++] = castScalar(v.at(i), type);
    } else {
      out[next++] = castScalar(scalarValue(v as Scalar), type);
    }
  };
  fill(data, 0);
  return Tensor.fromStorage(out, shape, type);
}

export function full(shape: readonly number[], value: number, dtype: DType): Tensor {
  const t = Tensor.zeros(shape, dtype);
  if (value !== 0) t.storage.data.fill(castScalar(value, dtype));
  return t;
}

export function onesLike(t: Tensor): Tensor {
  return full(t.shape, 1, t.dtype);
}
