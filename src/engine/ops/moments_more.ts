// std_mean / var_mean (one node with two outputs), nansum and nanmean.

import { isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { withGradMode } from "../grad_mode";
import { Tensor } from "../tensor";
import { add, div, divScalar, mul, mulScalar, sub } from "./arithmetic";
import { compare } from "./comparison";
import { mapKernel, scalarTensor } from "./kernels";
import { std, variance } from "./moments";
import { recordMany, record } from "./record";
import { reductionDims, restoreDims } from "./reduce_dims";
import { mean, sum } from "./reduction";
import { where } from "./select";
import { expand } from "./view";

type Dims = number | readonly number[] | undefined;

/** (std or var, mean) over dims, recorded as StdMeanBackward0 / VarMeanBackward0. */
export function momentMean(x: Tensor, dim: Dims, correction: number, keepdim: boolean, takeSqrt: boolean): [Tensor, Tensor] {
  if (!isFloating(x.dtype)) throw runtimeError("std and var only support floating point and complex dtypes");
  const [moment, average] = withGradMode(false, () =>
    [(takeSqrt ? std : variance)(x, dim, correction, keepdim), mean(x, dim, keepdim)]);
  const dims = reductionDims(x, dim);
  const count = dims.reduce((n, d) => n * x.shape[d], 1);
  recordMany([moment, average], {
    name: takeSqrt ? "StdMeanBackward0" : "VarMeanBackward0", inputs: [x],
    saved: [[x, "self"], [moment, "result0"]], savedScalars: { correction },
    formula: ([gMoment, gMean], [self, result]) => {
      const spread = (g: Tensor): Tensor => expand(restoreDims(g, dims, keepdim), self.shape);
      let grad: Tensor | null = null;
      if (gMoment !== null) {
        const gVar = takeSqrt ? where(compare("eq", result, 0), 0, div(gMoment, mulScalar(result, 2))) : gMoment;
        const centred = sub(self, mean(self, dims, true));
        grad = mul(spread(gVar), mulScalar(centred, { value: 2 / (count - correction) }));
      }
      if (gMean !== null) {
        const gx = divScalar(spread(gMean), count);
        grad = grad === null ? gx : add(grad, gx);
      }
      return [grad];
    },
  });
  return [moment, average];
}

const notNan = (x: Tensor): Tensor => mapKernel(x, "bool", (v) => (Number.isNaN(v) ? 0 : 1));

/** nansum: the sum with NaN read as zero. */
export function nansum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = reductionDims(x, dim);
  const result = withGradMode(false, () => sum(where(notNan(x), x, scalarTensor(0, x.dtype)), dim, keepdim));
  if (!isFloating(x.dtype)) return result;
  return record(result, {
    name: "NansumBackward0", inputs: [x], saved: [[x, "self"]],
    formula: (g, [self]) => [mul(expand(restoreDims(g, dims, keepdim), self.shape), notNan(self))],
  });
}

/** nanmean: nansum over the count of non-NaN elements (a DivBackward0, as PyTorch composes it). */
export function nanmean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  if (!isFloating(x.dtype)) {
    throw runtimeError(`nanmean(): expected input to have floating point dtype but got ${x.dtype === "int64" ? "Long" : x.dtype}`);
  }
  return div(nansum(x, dim, keepdim), sum(notNan(x), dim, keepdim));
}
