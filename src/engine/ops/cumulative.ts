// Running scans with their own derivatives: cummax / cummin (values and indices) and
// logcumsumexp, each walking the lines along `dim` as ATen's cpu_cum_base_kernel does.

import { allocate, isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { abs, add, compare, exp, log, notImplementedFor, sub } from "./elementwise";
import { where } from "./select";
import { scalarTensor } from "./kernels";
import { record } from "./record";
import { forEachLine } from "./reduce_dims";
import { scatterAdd } from "./scatter";
import { flip } from "./shape";
import { normalizeDim } from "./view";

export type RunningExtremum = "cummax" | "cummin";

/** cummax / cummin along dim: values and the int64 index each was taken from; NaN sticks once seen. */
export function cumulativeExtremum(x: Tensor, dim: number, kind: RunningExtremum): [Tensor, Tensor] {
  const d = normalizeDim(dim, x.dim);
  const values = allocate(x.dtype, x.numel);
  const indices = new Float64Array(x.numel);
  const data = x.storage.data;
  // ATen takes an equal element too (>= / <=), so ties report the latest index.
  const better = kind === "cummax" ? (v: number, best: number) => v >= best : (v: number, best: number) => v <= best;
  forEachLine(x, d, (inBase, inStride, outBase, inner, size) => {
    let best = 0;
    let at = 0;
    for (let i = 0; i < size; i++) {
      const v = data[inBase + i * inStride];
      if (i === 0 || Number.isNaN(v) || (!Number.isNaN(best) && better(v, best))) {
        best = v;
        at = i;
      }
      values[outBase + i * inner] = best;
      indices[outBase + i * inner] = at;
    }
  });
  const index = Tensor.fromStorage(indices, x.shape, "int64");
  const out = record(Tensor.fromStorage(values, x.shape, x.dtype), {
    name: kind === "cummax" ? "CummaxBackward0" : "CumminBackward0",
    inputs: [x],
    saved: [[x, "self"], [index, "indices"]],
    savedScalars: { dim: d },
    formula: (g) => [x.numel === 0 ? g : scatterAdd(Tensor.zeros(x.shape, g.dtype), d, index, g)],
  });
  return [out, index];
}

/** log(exp(x) + exp(y)) as ATen's _log_add_exp_helper computes it, NaN and infinities included. */
function logAddExp(x: number, y: number): number {
  const min = Number.isNaN(y) ? y : Math.min(x, y);
  const max = Number.isNaN(y) ? y : Math.max(x, y);
  if (min !== max || Number.isFinite(min)) return Math.log1p(Math.exp(min - max)) + max;
  return x;
}

/** torch.logcumsumexp, accumulated in double (LogcumsumexpBackward0). */
export function logcumsumexp(x: Tensor, dim: number): Tensor {
  if (!isFloating(x.dtype)) throw runtimeError(notImplementedFor("logcumsumexp_out_cpu", x.dtype));
  const d = normalizeDim(dim, x.dim);
  const out = allocate(x.dtype, x.numel);
  const data = x.storage.data;
  forEachLine(x, d, (inBase, inStride, outBase, inner, size) => {
    let acc = -Infinity;
    for (let i = 0; i < size; i++) {
      acc = logAddExp(data[inBase + i * inStride], acc);
      out[outBase + i * inner] = acc;
    }
  });
  const result = Tensor.fromStorage(out, x.shape, x.dtype);
  return record(result, {
    name: "LogcumsumexpBackward0",
    inputs: [x],
    saved: [[x, "self"], [result, "result"]],
    savedScalars: { dim: d },
    formula: (g, [self, res]) => [logcumsumexpBackward(g, self, res, d)],
  });
}

/** FunctionsManual's logcumsumexp_backward: positive and negative gradients summed apart in log space. */
function logcumsumexpBackward(g: Tensor, self: Tensor, result: Tensor, dim: number): Tensor {
  if (g.dim === 0 || g.numel === 0) return g;
  const lowest = scalarTensor(g.dtype === "float32" ? -3.4028234663852886e38 : -Number.MAX_VALUE, g.dtype);
  const reversed = (t: Tensor): Tensor => flip(logcumsumexp(flip(t, [dim]), dim), [dim]);
  const logAbs = log(abs(g));
  const positive = where(compare("gt", g, 0), logAbs, lowest);
  const negative = where(compare("lt", g, 0), logAbs, lowest);
  return sub(exp(add(reversed(sub(positive, result)), self)), exp(add(reversed(sub(negative, result)), self)));
}
