// Vector norms (Tensor.norm / torch.norm, NormBackward1). The 2-norm of contiguous rows takes
// PyTorch's vectorised path (eight float lanes, folded left); other layouts and p accumulate in
// order, in the tensor's own float type.

import { allocate, isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { numelOf, Tensor } from "../tensor";
import { compare, div, mul, pow, scalarTypeName, sign, unary } from "./elementwise";
import { fma32 } from "./float32_math";
import { record } from "./record";
import { reducedShape, reductionDims, restoreDims } from "./reduce_dims";
import { forEachReduction, reductionLayout } from "./reduce_iter";
import { rounderFor } from "./reduce_kernels";
import { sum } from "./reduction";
import { where } from "./select";

export type NormOrder = number | "fro";

/** acc + v*v the way the compiled kernels do it: one fused multiply-add for float. */
function fusedSquareAdd(round: (v: number) => number): (acc: number, v: number) => number {
  return round === Math.fround ? (acc, v) => fma32(v, v, acc) : (acc, v) => acc + v * v;
}

/** The accumulate and finish steps of SharedReduceOps' Norm*Ops for order `p`. */
function normOps(p: number, round: (v: number) => number): { init: number; step: (acc: number, v: number) => number; finish: (acc: number) => number } {
  if (p === 0) return { init: 0, step: (acc, v) => acc + (v !== 0 ? 1 : 0), finish: (acc) => acc };
  if (p === 1) return { init: 0, step: (acc, v) => round(acc + Math.abs(v)), finish: (acc) => acc };
  if (p === 2) return { init: 0, step: fusedSquareAdd(round), finish: (acc) => round(Math.sqrt(acc)) };
  if (p === Infinity) return { init: 0, step: (acc, v) => (Math.abs(v) > acc || v !== v ? Math.abs(v) : acc), finish: (acc) => acc };
  if (p === -Infinity) return { init: Infinity, step: (acc, v) => (Math.abs(v) < acc || v !== v ? Math.abs(v) : acc), finish: (acc) => acc };
  const inverse = round(1 / p);
  return { init: 0, step: (acc, v) => round(acc + round(Math.pow(Math.abs(v), p))), finish: (acc) => round(Math.pow(acc, inverse)) };
}

/**
 * binary_kernel_reduce_lastdim's float 2-norm of one contiguous row, as GCC compiled it: eight
 * lanes of FMAs folded left, then the tail four squares at a time (multiplied, then added in
 * order) and the last few with FMAs.
 */
function lastDimTwoNorm(data: ArrayLike<number>, base: number, size: number): number {
  const lanes = 8;
  const fused = fusedSquareAdd(Math.fround);
  const acc = new Float64Array(lanes);
  const whole = size - (size % lanes);
  for (let d = 0; d < whole; d += lanes) {
    for (let l = 0; l < lanes; l++) acc[l] = fused(acc[l], data[base + d + l]);
  }
  let total = acc[0];
  for (let l = 1; l < lanes; l++) total = Math.fround(total + acc[l]);
  const chunked = whole + Math.floor((size - whole) / 4) * 4;
  for (let d = whole; d < chunked; d++) total = Math.fround(total + Math.fround(data[base + d] * data[base + d]));
  for (let d = chunked; d < size; d++) total = fused(total, data[base + d]);
  return Math.fround(Math.sqrt(total));
}

/** is_reduce_lastdim: one reduced dimension, innermost and contiguous. */
function reducesLastDim(x: Tensor, reduced: readonly boolean[]): boolean {
  const { inStrides, outStrides } = reductionLayout(x, reduced);
  return outStrides[0] === 0 && inStrides[0] === 1 && outStrides.filter((s) => s === 0).length === 1;
}

function normKernel(x: Tensor, p: number, dims: readonly number[], keepdim: boolean): Tensor {
  const shape = reducedShape(x, dims, keepdim);
  const out = allocate(x.dtype, numelOf(shape));
  const round = rounderFor(x.dtype);
  const data = x.storage.data;
  const reduced = x.shape.map((_, d) => dims.includes(d));
  if (p === 2 && x.dtype === "float32" && x.numel > 0 && reducesLastDim(x, reduced)) {
    forEachReduction(x, reduced, (inBase, outBase, size0, size1, _in0, in1, _out0, out1) => {
      for (let j = 0; j < size1; j++) out[outBase + j * out1] = lastDimTwoNorm(data, inBase + j * in1, size0);
    });
    return Tensor.fromStorage(out, shape, x.dtype);
  }
  const ops = normOps(p, round);
  if (ops.init !== 0) out.fill(ops.init);
  forEachReduction(x, reduced, (inBase, outBase, size0, size1, in0, in1, out0, out1) => {
    for (let j = 0; j < size1; j++) {
      for (let i = 0; i < size0; i++) {
        const o = outBase + j * out1 + i * out0;
        out[o] = ops.step(out[o], data[inBase + j * in1 + i * in0]);
      }
    }
  });
  for (let i = 0; i < out.length; i++) out[i] = ops.finish(out[i]);
  return Tensor.fromStorage(out, shape, x.dtype);
}

/** FunctionsManual's norm_backward for order `p`, in differentiable ops. */
function normBackward(g: Tensor, self: Tensor, result: Tensor, p: number, dims: readonly number[], keepdim: boolean): Tensor | null {
  const keep = keepdim || self.dim === 0;
  const grad = restoreDims(g, dims, keep);
  const norm = restoreDims(result, dims, keep);
  if (p === 0) return null;
  if (p === 1) return mul(sign(self), grad);
  if (p === 2) return mul(grad, where(compare("eq", norm, 0), 0, div(self, norm)));
  if (!Number.isFinite(p)) {
    const isMax = compare("eq", unary("abs", self), norm);
    return mul(mul(sign(self), isMax), div(grad, sum(isMax, dims, true)));
  }
  const scaled = p < 2 ? mul(sign(self), pow(unary("abs", self), { value: p - 1 })) : mul(self, pow(unary("abs", self), { value: p - 2 }));
  if (p < 1) return mul(mul(where(compare("eq", self, 0), 0, scaled), grad), pow(norm, { value: 1 - p }));
  return mul(scaled, where(compare("eq", norm, 0), 0, div(grad, pow(norm, { value: p - 1 }))));
}

/** Tensor.norm(p, dim, keepdim). 'fro' over two dims is sqrt(sum(x*x)), as torch.norm computes it. */
export function norm(x: Tensor, p: NormOrder = "fro", dim?: number | readonly number[], keepdim = false): Tensor {
  if (!isFloating(x.dtype)) {
    throw runtimeError(`norm(): input dtype should be either floating point or complex. Got ${scalarTypeName(x.dtype)} instead.`);
  }
  const dims = reductionDims(x, dim);
  if (p === "fro" && typeof dim !== "number" && dim !== undefined && dim.length === 2) {
    return unary("sqrt", sum(mul(x, x), dims, keepdim));
  }
  const order = p === "fro" ? 2 : p;
  const result = normKernel(x, order, dims, keepdim);
  return record(result, {
    name: "NormBackward1",
    inputs: [x],
    saved: [[x, "self"], [result, "result"]],
    savedScalars: { p: order },
    formula: (g, [self, out]) => [normBackward(g, self, out, order, dims, keepdim)],
  });
}

