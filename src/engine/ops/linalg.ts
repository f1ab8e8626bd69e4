// Matrix products: dot, mv, mm, bmm, addmm, outer, linear, and matmul/`@` for every rank. matmul
// follows ATen's _matmul_impl step by step, so its graph (SqueezeBackward3, UnsafeViewBackward0,
// ...) is PyTorch's. Sums run in order with every step rounded, as PyTorch's reference gemm does.

import { allocate, DType, Storage } from "../dtype";
import { runtimeError } from "../errors";
import { contiguousStrides, numelOf, Tensor } from "../tensor";
import { add, gradTarget, mul, notImplementedFor, reduceGrad, Round, roundingOf, scalarTypeName } from "./elementwise";
import { broadcastShapes } from "./kernels";
import { record } from "./record";
import { contiguous } from "./shape";
import { expand, reshape, t, transpose, unsqueeze, view } from "./view";

/** A strided matrix inside some storage. */
interface Matrix {
  data: Storage;
  offset: number;
  rowStride: number;
  colStride: number;
}

function matrix(x: Tensor, rowDim: number, colDim: number | null, offset = x.offset): Matrix {
  return { data: x.storage.data, offset, rowStride: x.strides[rowDim], colStride: colDim === null ? 0 : x.strides[colDim] };
}

/**
 * out[i, j] = Σ_p a[i, p]·b[p, j], each product and partial sum rounded. A bias starts the sum
 * when gemm runs untransposed and ends it when the second matrix is column-major, as BLAS-style
 * gemm accumulates (`beta * c` first, or `alpha * sum + beta * c`). `out` is fresh and contiguous.
 */
function gemmInto(
  out: Storage, outOffset: number, a: Matrix, b: Matrix, n: number, k: number, m: number, r: Round,
  bias: Matrix | null = null, biasFirst = false,
): void {
  if (bias && biasFirst) applyBias(out, outOffset, bias, n, m, null);
  if (out instanceof Float32Array && a.data instanceof Float32Array && b.data instanceof Float32Array) {
    gemm32(out, outOffset, a, a.data, b, b.data, n, k, m);
  } else {
    gemmRounded(out, outOffset, a, b, n, k, m, r);
  }
  if (bias && !biasFirst) applyBias(out, outOffset, bias, n, m, r);
}

/** Writes the bias into `out` (r null), or adds it to the sums there, rounding by `r`. */
function applyBias(out: Storage, outOffset: number, bias: Matrix, n: number, m: number, r: Round | null): void {
  const { data, offset, rowStride, colStride } = bias;
  for (let i = 0; i < n; i++) {
    const o = outOffset + i * m;
    const b = offset + i * rowStride;
    if (r === null) {
      for (let j = 0; j < m; j++) out[o + j] = data[b + j * colStride];
    } else {
      for (let j = 0; j < m; j++) out[o + j] = r(out[o + j] + data[b + j * colStride]);
    }
  }
}

/**
 * The float32 gemm, four outputs at a time: each keeps its own in-order, rounded sum in a
 * register, so the four dependency chains overlap. Blocks run along a row while four columns
 * remain, then down the leftover columns four rows at a time.
 */
function gemm32(out: Float32Array, outOffset: number, a: Matrix, da: Float32Array, b: Matrix, db: Float32Array, n: number, k: number, m: number): void {
  const fr = Math.fround;
  const { offset: ao, rowStride: ar, colStride: ac } = a;
  const { offset: bo, rowStride: br, colStride: bc } = b;
  const wide = m - (m % 4);
  for (let i = 0; i < n; i++) {
    const rowOut = outOffset + i * m;
    for (let j = 0; j < wide; j += 4) {
      let s0 = out[rowOut + j], s1 = out[rowOut + j + 1], s2 = out[rowOut + j + 2], s3 = out[rowOut + j + 3];
      let pa = ao + i * ar;
      let pb = bo + j * bc;
      for (let p = 0; p < k; p++, pa += ac, pb += br) {
        const x = da[pa];
        s0 = fr(s0 + fr(x * db[pb]));
        s1 = fr(s1 + fr(x * db[pb + bc]));
        s2 = fr(s2 + fr(x * db[pb + 2 * bc]));
        s3 = fr(s3 + fr(x * db[pb + 3 * bc]));
      }
      out[rowOut + j] = s0; out[rowOut + j + 1] = s1; out[rowOut + j + 2] = s2; out[rowOut + j + 3] = s3;
    }
  }
  const tall = n - (n % 4);
  for (let j = wide; j < m; j++) {
    for (let i = 0; i < n; i++) {
      if (i < tall && i % 4 === 0) {
        const o = outOffset + i * m + j;
        let s0 = out[o], s1 = out[o + m], s2 = out[o + 2 * m], s3 = out[o + 3 * m];
        let pa = ao + i * ar;
        let pb = bo + j * bc;
        for (let p = 0; p < k; p++, pa += ac, pb += br) {
          const y = db[pb];
          s0 = fr(s0 + fr(da[pa] * y));
          s1 = fr(s1 + fr(da[pa + ar] * y));
          s2 = fr(s2 + fr(da[pa + 2 * ar] * y));
          s3 = fr(s3 + fr(da[pa + 3 * ar] * y));
        }
        out[o] = s0; out[o + m] = s1; out[o + 2 * m] = s2; out[o + 3 * m] = s3;
        i += 3;
      } else {
        const o = outOffset + i * m + j;
        let s = out[o];
        for (let p = 0, pa = ao + i * ar, pb = bo + j * bc; p < k; p++, pa += ac, pb += br) s = fr(s + fr(da[pa] * db[pb]));
        out[o] = s;
      }
    }
  }
}

/** Other dtypes, rounded by `r` after every product and partial sum (i-p-j, each sum still in p order). */
function gemmRounded(out: Storage, outOffset: number, a: Matrix, b: Matrix, n: number, k: number, m: number, r: Round): void {
  const { data: da, rowStride: ar, colStride: ac } = a;
  const { data: db, rowStride: br, colStride: bc } = b;
  for (let i = 0; i < n; i++) {
    const rowA = a.offset + i * ar;
    const rowOut = outOffset + i * m;
    for (let p = 0; p < k; p++) {
      const x = da[rowA + p * ac];
      const rowB = b.offset + p * br;
      for (let j = 0; j < m; j++) out[rowOut + j] = r(out[rowOut + j] + r(x * db[rowB + j * bc]));
    }
  }
}

function product(shape: readonly number[], dtype: DType, fill: (out: Storage, r: Round) => void): Tensor {
  const out = allocate(dtype, numelOf(shape));
  fill(out, roundingOf(dtype));
  return Tensor.fromStorage(out, shape, dtype);
}

function checkDTypes(operands: readonly Tensor[], boolKernel: string): void {
  const [first, ...rest] = operands;
  for (const other of rest) {
    if (other.dtype !== first.dtype) {
      throw runtimeError(`expected scalar type ${scalarTypeName(first.dtype)} but found ${scalarTypeName(other.dtype)}`);
    }
  }
  if (first.dtype === "bool") throw runtimeError(notImplementedFor(boolKernel, "bool"));
}

function checkMultipliable(a: Tensor, b: Tensor): void {
  if (a.shape[1] !== b.shape[0]) {
    throw runtimeError(`mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`);
  }
}

const columnMajor = (x: Tensor): boolean => x.strides[0] === 1 && x.strides[1] === x.shape[0];

/** mm_mat1_backward: the gradient of the left matrix, column-major when the input was. */
function mat1Backward(g: Tensor, mat2: Tensor, mat1: Tensor): Tensor {
  return columnMajor(mat1) ? t(mm(mat2, t(g))) : mm(g, t(mat2));
}

/** mm_mat2_backward: the gradient of the right matrix, column-major when the input was. */
function mat2Backward(g: Tensor, mat1: Tensor, mat2: Tensor): Tensor {
  return columnMajor(mat2) ? t(mm(t(g), mat1)) : mm(t(mat1), g);
}

export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.dim !== 2) throw runtimeError("self must be a matrix");
  if (b.dim !== 2) throw runtimeError("mat2 must be a matrix");
  checkMultipliable(a, b);
  checkDTypes([a, b], "addmm_impl_cpu_");
  const [n, k] = a.shape;
  const m = b.shape[1];
  const result = product([n, m], a.dtype, (out, r) => gemmInto(out, 0, matrix(a, 0, 1), matrix(b, 0, 1), n, k, m, r));
  return record(result, {
    name: "MmBackward0",
    inputs: [a, b],
    saved: [[a, "self"], [b, "mat2"]],
    formula: (g, [self, mat2], needs) => [needs[0] ? mat1Backward(g, mat2, self) : null, needs[1] ? mat2Backward(g, self, mat2) : null],
  });
}

/** bias + mat1 @ mat2 (AddmmBackward0), the fused op behind F.linear. */
export function addmm(bias: Tensor, mat1: Tensor, mat2: Tensor): Tensor {
  if (mat1.dim !== 2) throw runtimeError(`mat1 must be a matrix, got ${mat1.dim}-D tensor`);
  if (mat2.dim !== 2) throw runtimeError(`mat2 must be a matrix, got ${mat2.dim}-D tensor`);
  checkMultipliable(mat1, mat2);
  const [n, k] = mat1.shape;
  const m = mat2.shape[1];
  const biasView = expandedBias(bias, [n, m]);
  checkDTypes([mat1, mat2, bias], "addmm_impl_cpu_");
  const result = product([n, m], mat1.dtype, (out, r) =>
    gemmInto(out, 0, matrix(mat1, 0, 1), matrix(mat2, 0, 1), n, k, m, r, biasView, !columnMajor(mat2)));
  const biasTarget = gradTarget(bias);
  return record(result, {
    name: "AddmmBackward0",
    inputs: [bias, mat1, mat2],
    saved: [[mat1, "mat1"], [mat2, "mat2"]],
    savedScalars: { alpha: 1, beta: 1 },
    formula: (g, [m1, m2], needs) => [
      needs[0] ? reduceGrad(g, biasTarget) : null,
      needs[1] ? mat1Backward(g, m2, m1) : null,
      needs[2] ? mat2Backward(g, m1, m2) : null,
    ],
  });
}

/** The bias read as an n×m matrix, with expand's error when it cannot be. */
function expandedBias(bias: Tensor, shape: readonly number[]): Matrix {
  const lead = shape.length - bias.dim;
  const strides = shape.map((size, d) => {
    const own = d < lead ? 1 : bias.shape[d - lead];
    if (own === size || own === 1) return d < lead || own === 1 ? 0 : bias.strides[d - lead];
    throw runtimeError(
      `The expanded size of the tensor (${size}) must match the existing size (${own}) at non-singleton dimension ${d}.  Target sizes: [${shape.join(", ")}].  Tensor sizes: [${bias.shape.join(", ")}]`,
    );
  });
  return { data: bias.storage.data, offset: bias.offset, rowStride: strides[0], colStride: strides[1] };
}

export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.dim !== 2 || v.dim !== 1) throw runtimeError(`vector + matrix @ vector expected, got 1, ${a.dim}, ${v.dim}`);
  const [n, k] = a.shape;
  if (k !== v.shape[0]) throw runtimeError(`size mismatch, got ${n}, ${n}x${k},${v.shape[0]}`);
  checkDTypes([a, v], "addmv_impl_cpu");
  const result = product([n], a.dtype, (out, r) => gemmInto(out, 0, matrix(a, 0, 1), matrix(v, 0, null), n, k, 1, r));
  return record(result, {
    name: "MvBackward0",
    inputs: [a, v],
    saved: [[a, "self"], [v, "vec"]],
    formula: (g, [self, vec], needs) => [needs[0] ? outer(g, vec) : null, needs[1] ? mv(t(self), g) : null],
  });
}

export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.dim !== 1 || b.dim !== 1) throw runtimeError(`1D tensors expected, but got ${a.dim}D and ${b.dim}D tensors`);
  if (a.dtype !== b.dtype) {
    throw runtimeError(`dot : expected both vectors to have same dtype, but found ${scalarTypeName(a.dtype)} and ${scalarTypeName(b.dtype)}`);
  }
  const k = a.shape[0];
  if (k !== b.shape[0]) {
    throw runtimeError(`inconsistent tensor size, expected tensor [${k}] and src [${b.shape[0]}] to have the same number of elements, but got ${k} and ${b.shape[0]} elements respectively`);
  }
  checkDTypes([a], "dot");
  const row: Matrix = { data: a.storage.data, offset: a.offset, rowStride: 0, colStride: a.strides[0] };
  const result = product([], a.dtype, (out, r) => gemmInto(out, 0, row, matrix(b, 0, null), 1, k, 1, r));
  return record(result, {
    name: "DotBackward0",
    inputs: [a, b],
    saved: [[a, "self"], [b, "tensor"]],
    formula: (g, [self, other], needs) => [needs[0] ? mul(g, other) : null, needs[1] ? mul(g, self) : null],
  });
}

export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.dim !== 3) throw runtimeError("batch1 must be a 3D tensor");
  if (b.dim !== 3) throw runtimeError("batch2 must be a 3D tensor");
  const [batch, n, k] = a.shape;
  if (b.shape[0] !== batch || b.shape[1] !== k) {
    throw runtimeError(`Expected size for first two dimensions of batch2 tensor to be: [${batch}, ${k}] but got: [${b.shape[0]}, ${b.shape[1]}].`);
  }
  checkDTypes([a, b], "bmm");
  const m = b.shape[2];
  const result = product([batch, n, m], a.dtype, (out, r) => {
    for (let i = 0; i < batch; i++) {
      const left = matrix(a, 1, 2, a.offset + i * a.strides[0]);
      const right = matrix(b, 1, 2, b.offset + i * b.strides[0]);
      gemmInto(out, i * n * m, left, right, n, k, m, r);
    }
  });
  return record(result, {
    name: "BmmBackward0",
    inputs: [a, b],
    saved: [[a, "self"], [b, "mat2"]],
    formula: (g, [self, mat2], needs) => [
      needs[0] ? bmm(g, transpose(mat2, 1, 2)) : null,
      needs[1] ? bmm(transpose(self, 1, 2), g) : null,
    ],
  });
}

/** torch.outer: self.reshape(-1, 1) * vec2. */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.dim !== 1) throw runtimeError(`outer: Expected 1-D argument self, but got ${a.dim}-D`);
  if (b.dim !== 1) throw runtimeError(`outer: Expected 1-D argument vec2, but got ${b.dim}-D`);
  return mul(reshape(a, [-1, 1]), b);
}

/** at::_unsafe_view of a fresh product: a view whose backward reshapes the gradient back. */
function unsafeView(x: Tensor, shape: readonly number[]): Tensor {
  return record(x.view(shape, contiguousStrides(shape), x.offset), {
    name: "UnsafeViewBackward0", inputs: [x], formula: (g) => [reshape(g, x.shape)],
  });
}

/** `squeeze_(0)` on mm's fresh output, as matmul does for 1-D @ 2-D (SqueezeBackward3). */
function squeezeLeading(x: Tensor): Tensor {
  return record(x.view(x.shape.slice(1), x.strides.slice(1), x.offset), {
    name: "SqueezeBackward3", inputs: [x], formula: (g) => [unsqueeze(g, 0)],
  });
}

/** Whether matmul folds t1's batch into mm/mv rows (not for a 3-D tensor whose last two dims are transposed). */
function shouldFold(t1: Tensor, otherDim: number): boolean {
  if (t1.dim < 3 || (otherDim !== 1 && otherDim !== 2)) return false;
  const [, s1, s2] = t1.shape;
  return !(t1.dim === 3 && otherDim === 2 && t1.strides[2] !== 1 && t1.strides[0] === s1 * s2);
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.dim === 0 || b.dim === 0) {
    throw runtimeError(`both arguments to matmul need to be at least 1D, but they are ${a.dim}D and ${b.dim}D`);
  }
  if (a.dim === 1 && b.dim === 1) return dot(a, b);
  if (a.dim === 2 && b.dim === 1) return mv(a, b);
  if (a.dim === 1 && b.dim === 2) return squeezeLeading(mm(unsqueeze(a, 0), b));
  if (a.dim === 2 && b.dim === 2) return mm(a, b);
  if (shouldFold(a, b.dim) || shouldFold(b, a.dim)) return foldedMatmul(a, b);
  return batchedMatmul(a, b);
}

/** One operand ≥3-D, the other 1-D or 2-D: fold the batch into the rows of one mm or mv. */
function foldedMatmul(a: Tensor, b: Tensor): Tensor {
  const transposed = b.dim > a.dim;
  const t1 = transposed ? transpose(b, -2, -1) : a;
  const t2 = !transposed ? b : a.dim === 2 ? t(a) : a;
  const lead = t1.shape.slice(0, -1);
  const folded = reshape(t1, [numelOf(lead), t1.shape[t1.dim - 1]]);
  if (t2.dim === 1) return unsafeView(mv(folded, t2), lead);
  const output = unsafeView(mm(folded, t2), [...lead, t2.shape[1]]);
  return transposed ? contiguous(transpose(output, -2, -1)) : output;
}

/** Both operands batched: broadcast the batch dims, flatten them and run one bmm. */
function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  const [n, m1] = a.shape.slice(-2);
  const [m2, p] = b.shape.slice(-2);
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const count = numelOf(batch);
  const left = reshape(expand(a, [...batch, n, m1]), [count, n, m1]);
  const right = reshape(expand(b, [...batch, m2, p]), [count, m2, p]);
  return unsafeView(bmm(left, right), [...batch, n, p]);
}

/** F.linear: addmm for 2-D input with a bias (and contiguous 3-D input, flattened), else matmul then + bias. */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  if (bias && input.dim === 2) return addmm(bias, input, t(weight));
  if (bias && input.dim === 3 && input.isContiguous()) {
    const [b0, b1, features] = input.shape;
    const out = addmm(bias, view(input, [b0 * b1, features]), t(weight));
    return view(out, [b0, b1, out.shape[1]]);
  }
  const output = matmul(input, t(weight));
  return bias ? add(output, bias) : output;
}
