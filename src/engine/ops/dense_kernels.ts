// Closure-free loops for the hot binary ops (+ - * /): the op is chosen by a switch once per line,
// so V8 runs a plain typed-array loop instead of calling an element function per element. Operands
// are read as stored: callers use this only when every tensor operand already has the result dtype.
// For float32, computing one + - * / of two float32 values in double and storing into a
// Float32Array rounds once, which is exactly float32 arithmetic.

import { allocate, DType, Storage } from "../dtype";
import { numelOf, scalarData, Tensor, TensorStorage } from "../tensor";
import { broadcastShapes, broadcastStrides } from "./kernels";
import { forEachRun } from "./runs";

export type DenseOp = "add" | "sub" | "mul" | "div";

/** out[o + i] = a[pa + i·sa] op b[pb + i·sb] for i < n. */
function line(
  op: DenseOp, out: Storage, o: number, a: Storage, pa: number, sa: number, b: Storage, pb: number, sb: number, n: number,
): void {
  const end = o + n;
  switch (op) {
    case "add":
      for (; o < end; o++, pa += sa, pb += sb) out[o] = a[pa] + b[pb];
      return;
    case "sub":
      for (; o < end; o++, pa += sa, pb += sb) out[o] = a[pa] - b[pb];
      return;
    case "mul":
      for (; o < end; o++, pa += sa, pb += sb) out[o] = a[pa] * b[pb];
      return;
    case "div":
      for (; o < end; o++, pa += sa, pb += sb) out[o] = a[pa] / b[pb];
      return;
  }
}

/**
 * A Python scalar in a 1-element array of the result's own type (the loop sees one kind of array,
 * and the cast value is exact in it). One array per dtype is reused: the loop finishes before the
 * next op starts, and allocating a typed array would cost more than a scalar op itself.
 */
const scalarSlots: Record<DType, Storage> = {
  float32: new Float32Array(1), float64: new Float64Array(1), int64: new Float64Array(1), int32: new Int32Array(1), bool: new Uint8Array(1),
};

function scalarArray(value: number, dtype: DType): Storage {
  const slot = scalarSlots[dtype];
  slot[0] = value;
  return slot;
}

const valueArray = (operand: Tensor | number, dtype: DType): Storage =>
  (typeof operand === "number" ? scalarArray(operand, dtype) : operand.storage.data);

/** The array to read with step 1 (a dense tensor of the output's size) or step 0 (one value at 0); null for other layouts. */
function flat(operand: Tensor | Storage, numel: number): Storage | null {
  if (!(operand instanceof Tensor)) return operand;
  const data = operand.storage.data;
  const fits = operand.numel === numel || operand.numel === 1;
  return fits && operand.offset === 0 && data.length === operand.numel && operand.isContiguous() ? data : null;
}

function layout(operand: Tensor | Storage, shape: readonly number[]): [Storage, number[], number] {
  if (operand instanceof Tensor) return [operand.storage.data, broadcastStrides(operand, shape), operand.offset];
  return [operand, new Array<number>(shape.length).fill(0), 0];
}

/**
 * `a op b` with broadcasting into a new contiguous tensor of `dtype`; a number operand is a
 * Python scalar already cast to `dtype`.
 */
export function denseBinary(op: DenseOp, a: Tensor | number, b: Tensor | number, dtype: DType): Tensor {
  const t = typeof a === "number" ? (b as Tensor) : a;
  const shape = typeof a === "number" || typeof b === "number" ? t.shape : broadcastShapes(a.shape, b.shape);
  const numel = shape === t.shape ? t.numel : numelOf(shape);
  // 0-dim operands and result (scalar graphs): one value each, read where it lies.
  if (shape.length === 0) {
    const out = scalarData(dtype);
    line(op, out, 0, valueArray(a, dtype), typeof a === "number" ? 0 : a.offset, 0, valueArray(b, dtype), typeof b === "number" ? 0 : b.offset, 0, 1);
    return new Tensor(new TensorStorage(out), dtype, shape);
  }
  const out = allocate(dtype, numel);
  const x = typeof a === "number" ? scalarArray(a, dtype) : a;
  const y = typeof b === "number" ? scalarArray(b, dtype) : b;
  const fx = flat(x, numel);
  const fy = flat(y, numel);
  if (fx !== null && fy !== null) {
    line(op, out, 0, fx, 0, fx.length === numel ? 1 : 0, fy, 0, fy.length === numel ? 1 : 0, numel);
  } else {
    const [da, sa, oa] = layout(x, shape);
    const [db, sb, ob] = layout(y, shape);
    forEachRun(shape, [sa, sb], [oa, ob], (o, starts, n, steps) => line(op, out, o, da, starts[0], steps[0], db, starts[1], steps[1], n));
  }
  return Tensor.fromStorage(out, shape, dtype);
}
