// Square-matrix linear algebra by LU with partial pivoting in double precision (rounded to the
// dtype once): det, inv and solve over batches, plus matrix_power, kron, tensordot, dist,
// vector_norm and renorm.

import { allocate, isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { withGradMode } from "../grad_mode";
import { Tensor } from "../tensor";
import { addScalar, div, gradTarget, mul, mulScalar, reduceGrad, sub } from "./arithmetic";
import { abs, neg, pow, reciprocal, sgn } from "./elementwise";
import { mapKernel } from "./kernels";
import { sum } from "./reduction";
import { compare } from "./comparison";
import { where } from "./select";
import { matmul } from "./linalg";
import { norm } from "./norm";
import { scalarTypeName } from "./op_support";
import { record } from "./record";
import { clone, detach, expand, permute, reshape, transpose, unsqueeze, view } from "./view";
import { eye } from "./creation";
import { copy_ } from "./mutate";

/** LU of one n×n row-major matrix in place; returns the row swaps' sign, or 0 at the first zero pivot (its index in `zeroAt`). */
function luInPlace(a: Float64Array, n: number, pivots: Int32Array): { sign: number; zeroAt: number } {
  let sign = 1;
  let zeroAt = -1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]) > Math.abs(a[p * n + k])) p = i;
    pivots[k] = p;
    if (p !== k) {
      sign = -sign;
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j];
        a[k * n + j] = a[p * n + j];
        a[p * n + j] = t;
      }
    }
    const pivot = a[k * n + k];
    if (pivot === 0) {
      if (zeroAt < 0) zeroAt = k;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const f = (a[i * n + k] /= pivot);
      for (let j = k + 1; j < n; j++) a[i * n + j] -= f * a[k * n + j];
    }
  }
  return { sign, zeroAt };
}

/** Solves LU·X = P·B for an n×m right-hand side, in place in b. */
function luSolve(lu: Float64Array, n: number, pivots: Int32Array, b: Float64Array, m: number): void {
  for (let k = 0; k < n; k++) {
    const p = pivots[k];
    if (p !== k) for (let j = 0; j < m; j++) { const t = b[k * m + j]; b[k * m + j] = b[p * m + j]; b[p * m + j] = t; }
  }
  for (let i = 0; i < n; i++) for (let k = 0; k < i; k++) for (let j = 0; j < m; j++) b[i * m + j] -= lu[i * n + k] * b[k * m + j];
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) for (let j = 0; j < m; j++) b[i * m + j] -= lu[i * n + k] * b[k * m + j];
    for (let j = 0; j < m; j++) b[i * m + j] /= lu[i * n + i];
  }
}

function checkSquare(a: Tensor, fn: string): number {
  if (a.dim < 2) throw runtimeError(`${fn}: The input tensor A must have at least 2 dimensions.`);
  const n = a.shape[a.dim - 1];
  if (a.shape[a.dim - 2] !== n) {
    throw runtimeError(`${fn}: A must be batches of square matrices, but they are ${a.shape[a.dim - 2]} by ${n} matrices`);
  }
  if (!isFloating(a.dtype)) throw runtimeError(`${fn}: Expected a floating point or complex tensor as input. Got ${scalarTypeName(a.dtype)}`);
  return n;
}

/** Each n×n matrix of a batch, as a fresh double array, with its batch index. */
function forEachMatrix(a: Tensor, n: number, f: (m: Float64Array, batch: number) => void): void {
  const values = a.contiguousData();
  const size = n * n;
  for (let b = 0; b * size < a.numel; b++) f(Float64Array.from(values.subarray(b * size, (b + 1) * size)), b);
}

export function det(a: Tensor): Tensor {
  const n = checkSquare(a, "linalg.det");
  const batch = a.shape.slice(0, -2);
  const out = allocate(a.dtype, a.numel / (n * n || 1));
  const pivots = new Int32Array(n);
  forEachMatrix(a, n, (m, b) => {
    const { sign, zeroAt } = luInPlace(m, n, pivots);
    let d = zeroAt >= 0 ? 0 : sign;
    if (zeroAt < 0) for (let i = 0; i < n; i++) d *= m[i * n + i];
    out[b] = d;
  });
  const result = Tensor.fromStorage(out, batch, a.dtype);
  return record(result, {
    name: "LinalgDetBackward0", inputs: [a], saved: [[a, "A"], [result, "result"]],
    // linalg_det_backward for invertible A: solve(Aᵀ, grad·det·I).
    formula: (g, [self, d]) => {
      const n = self.shape[self.dim - 1];
      return [solve(transpose(self, -2, -1), mul(unsqueeze(unsqueeze(mul(g, d), -1), -1), eye(n, n, self.dtype)))];
    },
  });
}

export function inv(a: Tensor, fn = "linalg.inv"): Tensor {
  const n = checkSquare(a, fn);
  const out = allocate(a.dtype, a.numel);
  const pivots = new Int32Array(n);
  forEachMatrix(a, n, (m, b) => {
    const { zeroAt } = luInPlace(m, n, pivots);
    if (zeroAt >= 0) {
      throw runtimeError(`${fn}: The diagonal element ${zeroAt + 1} is zero, the inversion could not be completed because the input matrix is singular.`);
    }
    const identity = new Float64Array(n * n);
    for (let i = 0; i < n; i++) identity[i * n + i] = 1;
    luSolve(m, n, pivots, identity, n);
    out.set(identity, b * n * n);
  });
  const result = Tensor.fromStorage(out, a.shape, a.dtype);
  return record(result, {
    name: "LinalgInvExBackward0", inputs: [a], saved: [[result, "inverse"]],
    formula: (g, [inverse]) => {
      const t = transpose(inverse, -2, -1);
      return [neg(matmul(matmul(t, g), t))];
    },
  });
}

/** linalg.solve(A, B): X with A·X = B; B a vector or a batch of matrices. */
export function solve(a: Tensor, b: Tensor): Tensor {
  const n = checkSquare(a, "linalg.solve");
  const vector = b.dim === 1 || (b.dim === a.dim - 1 && b.shape.every((s, d) => s === a.shape[d]));
  const rhs = vector ? unsqueeze(detach(b), -1) : detach(b);
  if (rhs.shape[rhs.dim - 2] !== n) {
    throw runtimeError(`linalg.solve: Incompatible shapes of A and B for the equation AX = B (${a.shape.join("x")} and ${b.shape.join("x")})`);
  }
  const m = rhs.shape[rhs.dim - 1];
  const batchA = a.numel / (n * n);
  const batchB = rhs.numel / (n * m);
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) throw runtimeError("linalg.solve: batch shapes of A and B must match or broadcast");
  const batches = Math.max(batchA, batchB);
  const dtype = a.dtype;
  const out = allocate(dtype, batches * n * m);
  const aValues = a.contiguousData();
  const bValues = rhs.contiguousData();
  const pivots = new Int32Array(n);
  for (let k = 0; k < batches; k++) {
    const lu = Float64Array.from(aValues.subarray((batchA === 1 ? 0 : k) * n * n, ((batchA === 1 ? 0 : k) + 1) * n * n));
    const x = Float64Array.from(bValues.subarray((batchB === 1 ? 0 : k) * n * m, ((batchB === 1 ? 0 : k) + 1) * n * m));
    const { zeroAt } = luInPlace(lu, n, pivots);
    if (zeroAt >= 0) {
      throw runtimeError(`torch.linalg.solve: The diagonal element ${zeroAt + 1} is zero, the solve could not be completed because the input matrix is singular.`);
    }
    luSolve(lu, n, pivots, x, m);
    out.set(x, k * n * m);
  }
  const shape = [...(batchA >= batchB ? a.shape.slice(0, -2) : rhs.shape.slice(0, -2)), n, m];
  const full = Tensor.fromStorage(out, shape, dtype);
  const result = vector ? view(full, shape.slice(0, -1)) : full;
  return record(result, {
    name: "LinalgSolveExBackward0", inputs: [a, b], saved: [[a, "A"], [result, "result"]],
    formula: (g, [self, x], needs) => {
      const gB = solve(transpose(self, -2, -1), g);
      const column = (t: Tensor): Tensor => (vector ? unsqueeze(t, -1) : t);
      return [needs[0] ? neg(matmul(column(gB), transpose(column(x), -2, -1))) : null, needs[1] ? gB : null];
    },
  });
}

/** matrix_power by repeated squaring with matmul, as PyTorch composes it (MmBackward0 nodes). */
export function matrixPower(a: Tensor, n: number): Tensor {
  if (a.dim < 2 || a.shape[a.dim - 1] !== a.shape[a.dim - 2]) {
    throw runtimeError(`linalg.matrix_power: A must be batches of square matrices, but they are ${a.shape[a.dim - 2] ?? 1} by ${a.shape[a.dim - 1]} matrices`);
  }
  // PyTorch copies the identity into a clone of A, so the result hangs off A (CopyBackwards).
  if (n === 0) return copy_(clone(a), expand(eye(a.shape[a.dim - 1], a.shape[a.dim - 1], a.dtype), a.shape));
  if (n === 1) return clone(a);
  const base = n < 0 ? inv(a, "linalg.matrix_power") : a;
  let k = Math.abs(n);
  if (k === 2) return matmul(base, base);
  if (k === 3) return matmul(matmul(base, base), base);
  let z: Tensor | null = null;
  let result: Tensor | null = null;
  while (k > 0) {
    const bit = k % 2;
    k = Math.floor(k / 2);
    z = z === null ? base : matmul(z, z);
    if (bit === 1) result = result === null ? z : matmul(result, z);
  }
  return result!;
}

/** kron: a and b laid out so their product, viewed flat, interleaves blocks (UnsafeViewBackward0). */
export function kron(a: Tensor, b: Tensor): Tensor {
  const dims = Math.max(a.dim, b.dim);
  const pad = (t: Tensor): number[] => [...new Array<number>(dims - t.dim).fill(1), ...t.shape];
  const [sa, sb] = [pad(a), pad(b)];
  const aView = sa.flatMap((s) => [s, 1]);
  const bView = sb.flatMap((s) => [1, s]);
  const product = mul(reshape(a, aView), reshape(b, bView));
  const shape = sa.map((s, d) => s * sb[d]);
  const result = view(detach(product), shape);
  return record(result, {
    name: "UnsafeViewBackward0", inputs: [product],
    formula: (g) => [reshape(g, product.shape)],
  });
}

/** tensordot: contracted dims moved last in a and first in b, then one mm and a reshape. */
export function tensordot(a: Tensor, b: Tensor, dimsA: readonly number[], dimsB: readonly number[]): Tensor {
  if (dimsA.length !== dimsB.length) throw runtimeError("both dimension lists should have same length");
  const na = dimsA.map((d) => (d < 0 ? d + a.dim : d));
  const nb = dimsB.map((d) => (d < 0 ? d + b.dim : d));
  let size = 1;
  na.forEach((d, i) => {
    if (a.shape[d] !== b.shape[nb[i]]) {
      throw runtimeError(`contracted dimensions need to match, but first has size ${a.shape[d]} in dim ${d} and second has size ${b.shape[nb[i]]} in dim ${nb[i]}`);
    }
    size *= a.shape[d];
  });
  const freeA = a.shape.map((_s, d) => d).filter((d) => !na.includes(d));
  const freeB = b.shape.map((_s, d) => d).filter((d) => !nb.includes(d));
  const rows = freeA.reduce((n, d) => n * a.shape[d], 1);
  const cols = freeB.reduce((n, d) => n * b.shape[d], 1);
  const left = reshape(permute(a, [...freeA, ...na]), [rows, size]);
  const right = reshape(permute(b, [...nb, ...freeB]), [size, cols]);
  return reshape(matmul(left, right), [...freeA.map((d) => a.shape[d]), ...freeB.map((d) => b.shape[d])]);
}

/** torch.dist: the p-norm of a − b, one DistBackward0 node. */
export function dist(a: Tensor, b: Tensor, p: number): Tensor {
  const result = withGradMode(false, () => norm(sub(a, b), p));
  const [ta, tb] = [gradTarget(a), gradTarget(b)];
  return record(result, {
    name: "DistBackward0", inputs: [a, b], saved: [[a, "self"], [b, "other"], [result, "result"]], savedScalars: { p },
    // norm_backward for p ≥ 1: grad · sign(d)·|d|^(p−1) / result^(p−1), zero where the norm is 0.
    formula: (g, [self, other, r], needs) => {
      const d = sub(self, other);
      const scaled = p === 1 ? sgn(d) : div(mul(sgn(d), pow(abs(d), p - 1)), pow(r, p - 1));
      const grad = where(compare("eq", r, 0), 0, mul(g, scaled));
      return [needs[0] ? reduceGrad(grad, ta) : null, needs[1] ? reduceGrad(neg(grad), tb) : null];
    },
  });
}

/** linalg.vector_norm: the p-norm over dims (all by default), one LinalgVectorNormBackward0 node. */
export function vectorNorm(x: Tensor, p: number, dims: readonly number[] | undefined, keepdim: boolean): Tensor {
  if (!isFloating(x.dtype)) {
    throw runtimeError(`linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${scalarTypeName(x.dtype)}`);
  }
  const all = dims === undefined || dims.length === 0;
  const reduced = all ? x.shape.map((_s, d) => d) : dims.map((d) => (d < 0 ? d + x.dim : d));
  const result = withGradMode(false, () => {
    const value = norm(x, p, reduced, keepdim);
    return all && !keepdim ? reshape(value, []) : value;
  });
  return record(result, {
    name: "LinalgVectorNormBackward0", inputs: [x], saved: [[x, "self"], [result, "result"]], savedScalars: { ord: p },
    formula: (g, [self, r]) => {
      const restore = (t: Tensor): Tensor => {
        let out = t;
        if (!keepdim) for (const d of [...reduced].sort((a, b) => a - b)) out = unsqueeze(out, d);
        return out;
      };
      const [gs, rs] = [restore(g), restore(r)];
      const scaled = p === 1 ? sgn(self) : p === 2 ? div(self, rs) : div(mul(sgn(self), pow(abs(self), p - 1)), pow(rs, p - 1));
      return [where(compare("eq", rs, 0), 0, mul(gs, scaled))];
    },
  });
}

/** renorm: each slice along dim whose p-norm exceeds maxnorm scaled down to maxnorm/(norm + 1e-7). */
export function renorm(x: Tensor, p: number, dim: number, maxnorm: number): Tensor {
  if (!isFloating(x.dtype)) throw runtimeError(`renorm: Expected a floating point or complex tensor as input. Got ${scalarTypeName(x.dtype)}`);
  if (!(p > 0)) throw runtimeError("renorm: non-positive-norm not supported");
  if (maxnorm < 0) throw runtimeError(`renorm: expected maxnorm to be >= 0 but got ${maxnorm}`);
  const d = dim < 0 ? dim + x.dim : dim;
  const others = x.shape.map((_s, k) => k).filter((k) => k !== d);
  const r = x.dtype === "float32" ? Math.fround : (v: number) => v;
  const limit = r(maxnorm);
  const factor = withGradMode(false, () =>
    mapKernel(norm(x, p, others, true), x.dtype, (v) => (v > limit ? r(limit / r(v + 1e-7)) : 1)));
  const result = withGradMode(false, () => mul(x, factor));
  return record(result, {
    name: "RenormBackward0", inputs: [x], saved: [[x, "self"]], savedScalars: { p, dim: d, maxnorm },
    // renorm_backward: factor·grad − factor/(norm + 1e-7)·norm_backward(Σ self·grad) where the norm exceeds maxnorm.
    formula: (g, [self]) => {
      const n = vectorNorm(self, p, others, true);
      const summed = sum(mul(self, g), others, true);
      const nb = where(compare("eq", n, 0), 0, p === 2
        ? div(mul(summed, self), n)
        : div(mul(summed, mul(sgn(self), pow(abs(self), p - 1))), pow(n, p - 1)));
      const inverse = reciprocal(addScalar(n, { value: 1e-7 }));
      const scale = mulScalar(inverse, { value: maxnorm });
      return [where(compare("gt", n, maxnorm), sub(mul(scale, g), mul(mul(scale, inverse), nb)), g)];
    },
  });
}
