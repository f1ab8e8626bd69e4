// Tensor factories: torch.tensor from nested Python data, zeros/ones/full, arange, linspace, eye.

import { allocate, castScalar, DType, isFloating, Storage } from "../dtype";
import { runtimeError, TorchError } from "../errors";
import { fma32, fma64 } from "../random/fp";
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

/** The dtype torch.tensor infers: float if any float, else int if any int, else bool; empty is float. */
function inferDType(data: NestedData): DType {
  let rank = -1;
  const visit = (v: NestedData): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v instanceof Tensor) rank = Math.max(rank, v.dtype === "bool" ? 0 : v.dtype === "float32" || v.dtype === "float64" ? 2 : 1);
    else rank = Math.max(rank, ({ bool: 0, int: 1, float: 2 } as const)[scalarKind(v as Scalar)]);
  };
  visit(data);
  return rank === 1 ? "int64" : rank === 0 ? "bool" : "float32";
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

/** A zero-filled tensor, refusing negative sizes as PyTorch does. */
export function zeros(shape: readonly number[], dtype: DType): Tensor {
  for (const size of shape) {
    if (size < 0) throw runtimeError(`Trying to create tensor with negative dimension ${size}: [${shape.join(", ")}]`);
  }
  return Tensor.zeros(shape, dtype);
}

export function full(shape: readonly number[], value: number, dtype: DType): Tensor {
  const t = zeros(shape, dtype);
  if (value !== 0) t.storage.data.fill(castScalar(value, dtype));
  return t;
}

export function onesLike(t: Tensor): Tensor {
  return full(t.shape, 1, t.dtype);
}

/** PyTorch's range kernels fill two AVX2 vectors per step; each vector holds this many elements. */
const LANES: Record<DType, number> = { float32: 8, float64: 4, int64: 4, int32: 8, bool: 32 };

/**
 * The shape of cpu_serial_kernel_vec over a nullary op: whole pairs of vectors, each from a base
 * value at its first index, then the remaining elements one by one.
 */
function rangeFill(
  out: Storage, lanes: number, base: (i: number) => number, lane: (base: number, k: number) => number,
  single: (i: number) => number,
): void {
  const n = out.length;
  let i = 0;
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    for (let v = i; v < i + 2 * lanes; v += lanes) {
      const b = base(v);
      for (let k = 0; k < lanes; k++) out[v + k] = lane(b, k);
    }
  }
  for (; i < n; i++) out[i] = single(i);
}

/**
 * torch.arange: int64 counts exactly; floating dtypes take ceil((end - start) / step) elements and
 * compute each in double with fused multiply-adds, as the AVX2 build does.
 */
export function arange(start: number, end: number, step: number, dtype: DType): Tensor {
  const integral = !isFloating(dtype);
  const [s, e, d] = integral ? [Math.trunc(start), Math.trunc(end), Math.trunc(step)] : [start, end, step];
  if (d === 0) throw runtimeError("step must be nonzero");
  if (!Number.isFinite(s) || !Number.isFinite(e)) throw runtimeError(`unsupported range: ${s} -> ${e}`);
  if (!((d > 0 && e >= s) || (d < 0 && e <= s))) throw runtimeError("upper bound and larger bound inconsistent with step sign");
  const size = dtype === "int64" ? Math.trunc((e - s + d - Math.sign(d)) / d) : Math.ceil((end - start) / step);
  const out = allocate(dtype, size);
  if (integral) {
    for (let i = 0; i < size; i++) out[i] = s + d * i;
  } else {
    const base = dtype === "float32" ? (i: number) => Math.fround(fma64(d, i, s)) : (i: number) => fma64(d, i, s);
    rangeFill(out, LANES[dtype], base, (b, k) => fma64(k, d, b), (i) => fma64(d, i, s));
  }
  return Tensor.fromStorage(out, [size], dtype);
}

/**
 * torch.linspace: the first half counts up from start and the second half down from end, so both
 * ends are exact; a vector's lanes add multiples of the step to its first element.
 */
export function linspace(start: number, end: number, steps: number, dtype: DType): Tensor {
  if (steps < 0) throw runtimeError("number of steps must be non-negative");
  const out = allocate(dtype, steps);
  if (steps === 1) out[0] = castScalar(start, dtype);
  if (steps <= 1) return Tensor.fromStorage(out, [steps], dtype);
  const half = Math.floor(steps / 2);
  const [s, e] = [castScalar(start, dtype), castScalar(end, dtype)];
  if (dtype === "float32") {
    const f = Math.fround;
    const step = f(f(e - s) / f(steps - 1));
    const point = (i: number) => (i < half ? fma32(step, i, s) : fma32(-step, steps - 1 - i, e));
    rangeFill(out, LANES[dtype], point, (b, k) => f(b + f(k * step)), point);
  } else {
    const step = (e - s) / (steps - 1);
    const point = (i: number) => castScalar(i < half ? fma64(step, i, s) : fma64(-step, steps - 1 - i, e), dtype);
    rangeFill(out, LANES[dtype], point, (b, k) => castScalar(b + k * step, dtype), point);
  }
  return Tensor.fromStorage(out, [steps], dtype);
}

export function eye(n: number, m: number, dtype: DType): Tensor {
  if (n < 0) throw runtimeError(`n must be greater or equal to 0, got ${n}`);
  if (m < 0) throw runtimeError(`m must be greater or equal to 0, got ${m}`);
  const out = Tensor.zeros([n, m], dtype);
  for (let i = 0; i < Math.min(n, m); i++) out.storage.data[i * m + i] = 1;
  return out;
}
