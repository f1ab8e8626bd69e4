// torch.gradient: derivatives estimated by finite differences (second-order accurate inside,
// first-order at the edges), written in differentiable ops as PyTorch composes it.

import { isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { add, div, mul, sub } from "./elementwise";
import { castTo } from "./arithmetic";
import { cat } from "./shape";
import { normalizeDim, slice } from "./view";

/** Spacing along one dimension: a uniform step, or the coordinates of each sample. */
export type Spacing = number | Tensor;

function along(x: Tensor, dim: number, start: number | null, stop: number | null): Tensor {
  return slice(x, dim, start, stop, 1);
}

function gradientAlong(f: Tensor, dim: number, spacing: Spacing): Tensor {
  const n = f.shape[dim];
  if (n < 2) {
    throw runtimeError("torch.gradient expected each dimension size to be at least edge_order+1");
  }
  if (typeof spacing === "number") {
    const interior = div(sub(along(f, dim, 2, null), along(f, dim, null, -2)), { value: 2 * spacing });
    const first = div(sub(along(f, dim, 1, 2), along(f, dim, 0, 1)), { value: spacing });
    const last = div(sub(along(f, dim, -1, null), along(f, dim, -2, -1)), { value: spacing });
    return cat(n > 2 ? [first, interior, last] : [first, last], dim);
  }
  // Uneven samples: the three-point formula weighted by the gaps on each side.
  const steps = sub(along(spacing, 0, 1, null), along(spacing, 0, null, -1));
  const shapeFor = (t: Tensor): Tensor => t.view(f.shape.map((_, d) => (d === dim ? t.numel : 1)), f.shape.map((_, d) => (d === dim ? t.strides[0] : 0)), t.offset);
  const left = shapeFor(along(steps, 0, null, -1));
  const right = shapeFor(along(steps, 0, 1, null));
  const a = div(mul(right, -1), mul(left, add(left, right)));
  const b = div(sub(right, left), mul(left, right));
  const c = div(left, mul(right, add(left, right)));
  const interior = add(add(mul(a, along(f, dim, null, -2)), mul(b, along(f, dim, 1, -1))), mul(c, along(f, dim, 2, null)));
  const first = div(sub(along(f, dim, 1, 2), along(f, dim, 0, 1)), shapeFor(along(steps, 0, 0, 1)));
  const last = div(sub(along(f, dim, -1, null), along(f, dim, -2, -1)), shapeFor(along(steps, 0, -1, null)));
  return cat(n > 2 ? [first, interior, last] : [first, last], dim);
}

/** One gradient per requested dimension (all of them by default). */
export function numericGradient(input: Tensor, spacing: readonly Spacing[], dims: readonly number[] | null): Tensor[] {
  const f = isFloating(input.dtype) ? input : castTo(input, "float32");
  const chosen = dims ?? input.shape.map((_, d) => d);
  return chosen.map((dim, i) => gradientAlong(f, normalizeDim(dim, f.dim), spacing.length === 1 ? spacing[0] : spacing[i]));
}
