// var and std. PyTorch's CPU computes a whole-tensor result from the float mean and a double
// sum of squared deviations (std_var_all_cpu), and per-dim results with Welford in double.

import { allocate, isFloating, Storage } from "../dtype";
import { runtimeError } from "../errors";
import { numelOf, Tensor } from "../tensor";
import { compare, div, mul, sub } from "./elementwise";
import { record } from "./record";
import { reducedShape, reductionDims, restoreDims } from "./reduce_dims";
import { forEachReduction } from "./reduce_iter";
import { rounderFor } from "./reduce_kernels";
import { mean } from "./reduction";
import { where } from "./select";
import { detach } from "./view";

/** Welford's running mean and sum of squared deviations, per output element. */
function welford(x: Tensor, dims: readonly number[], outCount: number): { m2: Float64Array; n: Float64Array } {
  const avg = new Float64Array(outCount);
  const m2 = new Float64Array(outCount);
  const n = new Float64Array(outCount);
  const data = x.storage.data;
  forEachReduction(x, x.shape.map((_, d) => dims.includes(d)), (inBase, outBase, size0, size1, in0, in1, out0, out1) => {
    for (let j = 0; j < size1; j++) {
      for (let i = 0; i < size0; i++) {
        const o = outBase + j * out1 + i * out0;
        const v = data[inBase + j * in1 + i * in0];
        const count = ++n[o];
        const delta = v - avg[o];
        avg[o] += delta / count;
        m2[o] += delta * (v - avg[o]);
      }
    }
  });
  return { m2, n };
}

/** std_var_all_cpu: the float mean, then squared deviations summed in double. */
function wholeTensorMoment(x: Tensor): number {
  const center = mean(detach(x)).item();
  let total = 0;
  for (let i = 0; i < x.numel; i++) {
    const dx = x.at(i) - center;
    total += dx * dx;
  }
  return total;
}

function moment(x: Tensor, dims: readonly number[], keepdim: boolean, correction: number, takeSqrt: boolean): Tensor {
  const shape = reducedShape(x, dims, keepdim);
  const count = numelOf(shape);
  const out: Storage = allocate(x.dtype, count);
  const round = rounderFor(x.dtype);
  const finish = (m2: number, n: number): number => {
    const variance = m2 / Math.max(0, n - correction);
    return round(takeSqrt ? Math.sqrt(variance) : variance);
  };
  if (x.numel === 0) {
    out.fill(NaN);
  } else if (count === 1) {
    out[0] = finish(wholeTensorMoment(x), x.numel);
  } else {
    const { m2, n } = welford(x, dims, count);
    for (let i = 0; i < count; i++) out[i] = finish(m2[i], n[i]);
  }
  return Tensor.fromStorage(out, shape, x.dtype);
}

/** FunctionsManual's var_backward: 2/(N - correction) * grad * (x - mean). */
function varianceBackward(g: Tensor, self: Tensor, dims: readonly number[] | null, correction: number, keepdim: boolean): Tensor {
  if (dims === null || self.dim === 0) {
    if (self.numel === correction) return mul(g, { value: Infinity });
    return mul(mul(g, { value: 2 / (self.numel - correction) }), sub(self, mean(self)));
  }
  const grad = restoreDims(g, dims, keepdim || self.dim <= 1);
  const dof = dims.reduce((n, d) => n * self.shape[d], 1) - correction;
  return mul(mul(grad, { value: 2 / dof }), sub(self, mean(self, dims, true)));
}

/** var or std as one recorded op; std's gradient goes through var's, scaled by 1 / (2 std), 0 where std is 0. */
function momentOp(x: Tensor, dim: number | readonly number[] | undefined, correction: number, keepdim: boolean, takeSqrt: boolean): Tensor {
  if (!isFloating(x.dtype)) throw runtimeError("std and var only support floating point and complex dtypes");
  const dims = reductionDims(x, dim);
  const result = moment(x, dims, keepdim, correction, takeSqrt);
  const givenDims = dim === undefined ? null : dims;
  return record(result, {
    name: takeSqrt ? "StdBackward0" : "VarBackward0",
    inputs: [x],
    saved: takeSqrt ? [[x, "self"], [result, "result"]] : [[x, "self"]],
    savedScalars: { correction },
    formula: (g, [self, out]) => {
      const gradVar = takeSqrt ? where(compare("eq", out, 0), 0, div(g, mul(out, 2))) : g;
      return [varianceBackward(gradVar, self, givenDims, correction, keepdim)];
    },
  });
}

/** torch.var: `dim` undefined reduces everything; correction 1 is the unbiased estimate. */
export function variance(x: Tensor, dim: number | readonly number[] | undefined, correction = 1, keepdim = false): Tensor {
  return momentOp(x, dim, correction, keepdim, false);
}

export function std(x: Tensor, dim: number | readonly number[] | undefined, correction = 1, keepdim = false): Tensor {
  return momentOp(x, dim, correction, keepdim, true);
}
