// torch.optim.Adam with 1.13's single-tensor update (bias corrections in Python floats, amsgrad):
// AdamW's shared step with the L2 term folded into the gradient, plus a fused loop for dense float32.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { truthy } from "../../protocols";
import { PyFloat, PyTuple } from "../../values";
import { numberOf } from "../nn/native_class";
import { fma32 } from "../../../engine/ops/float32_math";
import { denseFloat32 } from "./pointwise";
import { float, optimizerClass } from "./optimizer";
import { AdamScalars, adamMomentStep, countStep, validateAdamOptions } from "./adamw";

export const adamClass = optimizerClass({
  name: "Adam",
  file: "adam",
  defaults: [["lr", new PyFloat(1e-3)], ["betas", new PyTuple([new PyFloat(0.9), new PyFloat(0.999)])], ["eps", new PyFloat(1e-8)],
    ["weight_decay", 0], ["amsgrad", false], ["maximize", false], ["foreach", null], ["capturable", false],
    ["differentiable", false], ["fused", false]],
  validate: validateAdamOptions,
  update: (param, grad, option, state) => {
    const stepTensor = countStep(state);
    const weightDecay = numberOf(option("weight_decay"));
    let g = truthy(option("maximize")) ? E.neg(grad) : grad;
    if (weightDecay !== 0) g = E.add(g, param, float(weightDecay));
    adamMomentStep(param, g, option, state, stepTensor, fusedAdamStep);
  },
});

/**
 * The whole update in one loop over dense float32 storage (false, nothing written, otherwise), each
 * step rounded as the tensor ops round it: exp_avg·β1 + (1−β1)·g, addcmul's fma,
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
