// torch.optim.Adam with 1.13's single-tensor update (bias corrections in Python floats, amsgrad).

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { PyException } from "../../errors";
import { truthy } from "../../protocols";
import { str } from "../../repr";
import { PyFloat, PyTuple, Value } from "../../values";
import { dictGet, dictSet, numberOf } from "../nn/native_class";
import { fma32 } from "../../../engine/ops/float32_math";
import { addcdiv, addcmul, denseFloat32, stateTensor } from "./pointwise";
import { assign, checkNonNegative, float, optimizerClass } from "./optimizer";

const betasOf = (v: Value): [number, number] => {
  const items = (v as PyTuple).items;
  return [numberOf(items[0]), numberOf(items[1])];
};

export const adamClass = optimizerClass({
  name: "Adam",
  file: "adam",
  defaults: [["lr", new PyFloat(1e-3)], ["betas", new PyTuple([new PyFloat(0.9), new PyFloat(0.999)])], ["eps", new PyFloat(1e-8)],
    ["weight_decay", 0], ["amsgrad", false], ["maximize", false], ["foreach", null], ["capturable", false],
    ["differentiable", false], ["fused", false]],
  validate: (option) => {
    checkNonNegative(option("lr"), "Invalid learning rate");
    checkNonNegative(option("eps"), "Invalid epsilon value");
    const betas = (option("betas") as PyTuple).items;
    betas.forEach((beta, i) => {
      const b = numberOf(beta);
      if (!(b >= 0 && b < 1)) throw new PyException("ValueError", `Invalid beta parameter at index ${i}: ${str(beta)}`);
    });
    checkNonNegative(option("weight_decay"), "Invalid weight_decay value");
  },
  update: (param, grad, option, state) => {
    const [lr, eps, weightDecay] = ["lr", "eps", "weight_decay"].map((n) => numberOf(option(n)));
    const [beta1, beta2] = betasOf(option("betas"));
    const stepTensor = dictGet(state, "step") instanceof Tensor ? (dictGet(state, "step") as Tensor) : Tensor.zeros([], "float32");
    dictSet(state, "step", stepTensor);
    const expAvg = stateTensor(state, "exp_avg", param);
    const expAvgSq = stateTensor(state, "exp_avg_sq", param);
    const amsgrad = truthy(option("amsgrad"));
    const maxExpAvgSq = amsgrad ? stateTensor(state, "max_exp_avg_sq", param) : null;

    assign(stepTensor, E.addScalar(stepTensor, 1));
    let g = truthy(option("maximize")) ? E.neg(grad) : grad;
    if (weightDecay !== 0) g = E.add(g, param, float(weightDecay));
    const step = stepTensor.at(0);
    const stepSize = lr / (1 - beta1 ** step);
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
    const fused = { beta1, beta2, eps, stepSize, biasCorrection2Sqrt };
    if (maxExpAvgSq === null && fusedAdamStep(param, g, expAvg, expAvgSq, fused)) return;
    assign(expAvg, E.add(E.mulScalar(expAvg, float(beta1)), g, float(1 - beta1)));
    assign(expAvgSq, addcmul(E.mulScalar(expAvgSq, float(beta2)), g, g, 1 - beta2));
    let second = expAvgSq;
    if (maxExpAvgSq !== null) {
      assign(maxExpAvgSq, E.binary("maximum", maxExpAvgSq, expAvgSq));
      second = maxExpAvgSq;
    }
    const denom = E.addScalar(E.divScalar(E.sqrt(second), float(biasCorrection2Sqrt)), float(eps));
    assign(param, addcdiv(param, expAvg, denom, -stepSize));
  },
});

interface AdamScalars {
  beta1: number;
  beta2: number;
  eps: number;
  stepSize: number;
  biasCorrection2Sqrt: number;
}

/**
 * The whole update in one loop over dense float32 storage (false, nothing written, otherwise), each
 * step rounded as the tensor ops above round it: exp_avg·β1 + (1−β1)·g, addcmul's fma,
 * sqrt / bias correction + eps, then param + (exp_avg·−step_size) / denom.
 */
function fusedAdamStep(param: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, k: AdamScalars): boolean {
  const p = denseFloat32(param);
  const g = denseFloat32(grad);
  const m = denseFloat32(expAvg);
  const v = denseFloat32(expAvgSq);
  if (p === null || g === null || m === null || v === null || g.length !== p.length || m.length !== p.length || v.length !== p.length) {
    return false;
  }
  const f = Math.fround;
  const [beta1, keep1, beta2, keep2] = [k.beta1, 1 - k.beta1, k.beta2, 1 - k.beta2].map(f);
  const [correction, eps, scale] = [k.biasCorrection2Sqrt, k.eps, -k.stepSize].map(f);
  for (let i = 0; i < p.length; i++) {
    m[i] = f(m[i] * beta1) + keep1 * g[i];
    v[i] = fma32(f(keep2 * g[i]), g[i], f(v[i] * beta2));
    const denom = f(f(f(Math.sqrt(v[i])) / correction) + eps);
    p[i] += f(f(m[i] * scale) / denom);
  }
  for (const t of [expAvg, expAvgSq, param]) t.bumpVersion();
  return true;
}
