// The fused "beta·input + alpha·product" ops (baddbmm, addbmm, addmv), cross, trapezoid and
// chain_matmul, each recorded as PyTorch's node with its derivatives.yaml formula.

import { isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { withGradMode } from "../grad_mode";
import { Tensor } from "../tensor";
import { add, divScalar, gradTarget, mul, mulScalar, reduceGrad, sub } from "./arithmetic";
import { zipKernel } from "./kernels";
import { bmm, mm, mv, outer } from "./linalg";
import { roundingOf } from "./op_support";
import { asTensor, resultType, Scalar, scalarValue } from "./operand";
import { record } from "./record";
import { cat, narrow } from "./shape";
import { sum } from "./reduction";
import { expand, normalizeDim, reshape, select, slice, transpose, unsqueeze } from "./view";

/** beta·input + alpha·product as the CPU kernels write it (input ignored when beta is 0). */
function scaledSum(input: Tensor, product: Tensor, beta: Scalar, alpha: Scalar): Tensor {
  const dtype = resultType([input, product]);
  const r = roundingOf(dtype);
  const [b, a] = [r(scalarValue(beta)), r(scalarValue(alpha))];
  return zipKernel(asTensor(input, dtype), product, dtype, dtype, b === 0
    ? (_v, p) => a * p
    : b === 1 && a === 1 ? (v, p) => v + p : (v, p) => r(v * b) + r(a * p));
}

const scaled = (t: Tensor, s: Scalar): Tensor => (scalarValue(s) === 1 ? t : mulScalar(t, s));

export function baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, beta: Scalar = 1, alpha: Scalar = 1): Tensor {
  const product = withGradMode(false, () => bmm(batch1, batch2));
  const result = scaledSum(input, product, beta, alpha);
  const target = gradTarget(input);
  return record(result, {
    name: "BaddbmmBackward0", inputs: [input, batch1, batch2], saved: [[batch1, "batch1"], [batch2, "batch2"]],
    savedScalars: { alpha: scalarValue(alpha), beta: scalarValue(beta) },
    formula: (g, [b1, b2], needs) => [
      needs[0] ? reduceGrad(scaled(g, beta), target) : null,
      needs[1] ? scaled(bmm(g, transpose(b2, 1, 2)), alpha) : null,
      needs[2] ? scaled(bmm(transpose(b1, 1, 2), g), alpha) : null,
    ],
  });
}

export function addbmm(input: Tensor, batch1: Tensor, batch2: Tensor, beta: Scalar = 1, alpha: Scalar = 1): Tensor {
  const product = withGradMode(false, () => sum(bmm(batch1, batch2), 0));
  const result = scaledSum(input, product, beta, alpha);
  const target = gradTarget(input);
  return record(result, {
    name: "AddbmmBackward0", inputs: [input, batch1, batch2], saved: [[batch1, "batch1"], [batch2, "batch2"]],
    savedScalars: { alpha: scalarValue(alpha), beta: scalarValue(beta) },
    formula: (g, [b1, b2], needs) => {
      const spread = (): Tensor => expand(unsqueeze(g, 0), [b1.shape[0], ...g.shape]);
      return [
        needs[0] ? reduceGrad(scaled(g, beta), target) : null,
        needs[1] ? scaled(bmm(spread(), transpose(b2, 1, 2)), alpha) : null,
        needs[2] ? scaled(bmm(transpose(b1, 1, 2), spread()), alpha) : null,
      ];
    },
  });
}

export function addmv(input: Tensor, mat: Tensor, vec: Tensor, beta: Scalar = 1, alpha: Scalar = 1): Tensor {
  const product = withGradMode(false, () => mv(mat, vec));
  const result = scaledSum(input, product, beta, alpha);
  const target = gradTarget(input);
  return record(result, {
    name: "AddmvBackward0", inputs: [input, mat, vec], saved: [[mat, "mat"], [vec, "vec"]],
    savedScalars: { alpha: scalarValue(alpha), beta: scalarValue(beta) },
    formula: (g, [m, v], needs) => [
      needs[0] ? reduceGrad(scaled(g, beta), target) : null,
      needs[1] ? scaled(outer(g, v), alpha) : null,
      needs[2] ? scaled(mv(transpose(m, 0, 1), g), alpha) : null,
    ],
  });
}

/** linalg_cross along dim: (a₁b₂ − a₂b₁, a₂b₀ − a₀b₂, a₀b₁ − a₁b₀). */
export function cross(a: Tensor, b: Tensor, dimArg: number | null): Tensor {
  let dim: number;
  if (dimArg === null) {
    dim = a.shape.findIndex((s) => s === 3);
    if (dim < 0) throw runtimeError("no dimension of size 3 in input");
  } else {
    dim = normalizeDim(dimArg, a.dim);
    if (a.shape[dim] !== 3 || b.shape[dim] !== 3) {
      throw runtimeError(`linalg.cross: inputs dimension ${dimArg} must have length 3. Got ${a.shape[dim]} and ${b.shape[dim]}`);
    }
  }
  const dtype = resultType([a, b]);
  const r = roundingOf(dtype);
  const component = (i: number): Tensor => {
    const [j, k] = [(i + 1) % 3, (i + 2) % 3];
    const part = (x: number, y: number): Tensor => zipKernel(narrow(a, dim, x, 1), narrow(b, dim, y, 1), dtype, dtype, (u, v) => r(u * v));
    return zipKernel(part(j, k), part(k, j), dtype, dtype, (u, v) => u - v);
  };
  const result = withGradMode(false, () => cat([component(0), component(1), component(2)], dim));
  if (!isFloating(dtype)) return result;
  return record(result, {
    name: "LinalgCrossBackward0", inputs: [a, b], saved: [[a, "self"], [b, "other"]], savedScalars: { dim },
    formula: (g, [self, other], needs) => [needs[0] ? cross(other, g, dim) : null, needs[1] ? cross(g, self, dim) : null],
  });
}

/** trapezoid with spacing dx: (Σy − (y₀ + y_last)/2)·dx, composed as PyTorch does. */
export function trapezoidDx(y: Tensor, dx: number, dim: number): Tensor {
  const d = normalizeDim(dim, y.dim);
  if (y.shape[d] === 0) return sum(mulScalar(y, 0), d);
  const ends = add(select(y, d, 0), select(y, d, -1));
  return mulScalar(sub(sum(y, d), mulScalar(ends, { value: 0.5 })), { value: dx });
}

/** trapezoid with sample points x (1-D, along dim): Σ (x₁ − x₀)(y₁ + y₀) / 2. */
export function trapezoidX(y: Tensor, x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, y.dim);
  const n = y.shape[d];
  let dx = sub(slice(x, -1, 1, null, 1), slice(x, -1, 0, -1, 1));
  if (x.dim === 1 && y.dim > 1) {
    // A 1-D x runs along dim: viewed with size-1 dims elsewhere so it broadcasts.
    const shape = y.shape.map(() => 1);
    shape[d] = n - 1;
    dx = reshape(dx, shape);
  }
  const pairs = add(slice(y, d, 1, null, 1), slice(y, d, 0, -1, 1));
  return divScalar(sum(mul(pairs, dx), d), 2);
}

/** chain_matmul: the product of matrices in the cheapest multiplication order (multi_dot). */
export function chainMatmul(matrices: readonly Tensor[]): Tensor {
  if (matrices.length === 0) throw runtimeError("chain_matmul(): Expected one or more matrices");
  if (matrices.length === 1) return matrices[0];
  const dims = [matrices[0].shape[0], ...matrices.map((m) => m.shape[1])];
  const n = matrices.length;
  const cost: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const split: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let len = 1; len < n; len++) {
    for (let i = 0; i + len < n; i++) {
      const j = i + len;
      cost[i][j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1];
        if (c < cost[i][j]) {
          cost[i][j] = c;
          split[i][j] = k;
        }
      }
    }
  }
  const product = (i: number, j: number): Tensor => (i === j ? matrices[i] : mm(product(i, split[i][j]), product(split[i][j] + 1, j)));
  return product(0, n - 1);
}
