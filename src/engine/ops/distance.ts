// cosine_similarity (composed as PyTorch 1.13 does) and cdist (one CdistBackward0 node).

import { allocate, isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { withGradMode } from "../grad_mode";
import { Tensor } from "../tensor";
import { div, mul, sub } from "./arithmetic";
import { abs, pow, sgn, sqrt } from "./elementwise";
import { compare } from "./comparison";
import { broadcastShapes, updateInPlace } from "./kernels";
import { record } from "./record";
import { sum, sumToShape } from "./reduction";
import { where } from "./select";
import { expand, normalizeDim, unsqueeze } from "./view";

/**
 * cosine_similarity: both expanded to a common shape, each divided by its norm sqrt(Σx²) (clamped
 * to eps² without grad before the sqrt), multiplied and summed over dim.
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, dim: number, eps: number): Tensor {
  const shape = broadcastShapes(x1.shape, x2.shape);
  const d = normalizeDim(dim, shape.length);
  const [a, b] = [expand(x1, shape), expand(x2, shape)];
  const norm = (t: Tensor): Tensor => {
    const squared = sum(pow(t, 2), d, true);
    const floor = eps * eps;
    // PyTorch's clamp_min_ under NoGradGuard: the value changes, the graph does not.
    withGradMode(false, () => updateInPlace(squared, (v) => (v < floor ? floor : v)));
    return sqrt(squared);
  };
  return sum(mul(div(a, norm(a)), div(b, norm(b))), d);
}

/** cdist: p-norm distances between the rows of x1 (…×P×M) and x2 (…×R×M). */
export function cdist(x1: Tensor, x2: Tensor, p: number): Tensor {
  if (x1.dim < 2 || x2.dim < 2) throw runtimeError(`cdist only supports at least 2D tensors, X1 got: ${x1.dim}D`);
  if (x1.shape[x1.dim - 1] !== x2.shape[x2.dim - 1]) {
    throw runtimeError(`X1 and X2 must have the same number of columns. X1: ${x1.shape[x1.dim - 1]} X2: ${x2.shape[x2.dim - 1]}`);
  }
  if (!isFloating(x1.dtype)) throw runtimeError(`cdist only supports floating-point dtypes, X1 got: ${x1.dtype === "int64" ? "Long" : x1.dtype}`);
  if (p < 0) throw runtimeError("cdist only supports non-negative p values");
  const [r1, r2, m] = [x1.shape[x1.dim - 2], x2.shape[x2.dim - 2], x1.shape[x1.dim - 1]];
  const batch = broadcastShapes(x1.shape.slice(0, -2), x2.shape.slice(0, -2));
  const a = expand(x1, [...batch, r1, m]).contiguousData();
  const b = expand(x2, [...batch, r2, m]).contiguousData();
  const batches = batch.reduce((n, s) => n * s, 1);
  const out = allocate(x1.dtype, batches * r1 * r2);
  for (let k = 0; k < batches; k++) {
    for (let i = 0; i < r1; i++) {
      for (let j = 0; j < r2; j++) {
        let acc = 0;
        for (let c = 0; c < m; c++) {
          const diff = Math.abs(a[(k * r1 + i) * m + c] - b[(k * r2 + j) * m + c]);
          acc = p === Infinity ? Math.max(acc, diff) : p === 0 ? acc + (diff !== 0 ? 1 : 0) : acc + Math.pow(diff, p);
        }
        out[(k * r1 + i) * r2 + j] = p === Infinity || p === 0 ? acc : p === 1 ? acc : p === 2 ? Math.sqrt(acc) : Math.pow(acc, 1 / p);
      }
    }
  }
  const result = Tensor.fromStorage(out, [...batch, r1, r2], x1.dtype);
  return record(result, {
    name: "CdistBackward0", inputs: [x1, x2], saved: [[x1, "x1"], [x2, "x2"], [result, "result"]], savedScalars: { p },
    formula: (g, [s1, s2, dist], needs) => {
      // d dist_ij / d x1_i = sign(x1_i − x2_j)·|x1_i − x2_j|^(p−1) / dist_ij^(p−1), zero where dist is 0.
      const diff = sub(unsqueeze(s1, -2), unsqueeze(s2, -3));
      const dd = unsqueeze(dist, -1);
      const scaled = p === 1 ? sgn(diff) : p === 2 ? div(diff, dd) : div(mul(sgn(diff), pow(abs(diff), p - 1)), pow(dd, p - 1));
      const per = where(compare("eq", dd, 0), 0, mul(unsqueeze(g, -1), scaled));
      const g1 = sum(per, -2);
      const g2 = sum(per, -3);
      return [needs[0] ? sumToShape(g1, s1.shape) : null, needs[1] ? sumToShape(mul(g2, -1), s2.shape) : null];
    },
  });
}
