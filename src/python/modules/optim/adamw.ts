// torch.optim.AdamW with 1.13's single-tensor update: the parameter decays by (1 - lr * weight_decay)
// first, then Adam's moments and bias-corrected step without the L2 term.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { PyException } from "../../errors";
import { truthy } from "../../protocols";
import { str } from "../../repr";
import { PyDict, PyFloat, PyTuple, Value } from "../../values";
import { dictGet, dictSet, numberOf } from "../nn/native_class";
import { addcdiv, addcmul, stateTensor } from "./pointwise";
import { assign, checkNonNegative, float, optimizerClass } from "./optimizer";

const betasOf = (v: Value): [number, number] => {
  const items = (v as PyTuple).items;
  return [numberOf(items[0]), numberOf(items[1])];
};

/** Adam's and AdamW's shared validation of lr, eps, betas and weight_decay. */
export function validateAdamOptions(option: (name: string) => Value): void {
  checkNonNegative(option("lr"), "Invalid learning rate");
  checkNonNegative(option("eps"), "Invalid epsilon value");
  (option("betas") as PyTuple).items.forEach((beta, i) => {
    const b = numberOf(beta);
    if (!(b >= 0 && b < 1)) throw new PyException("ValueError", `Invalid beta parameter at index ${i}: ${str(beta)}`);
  });
  checkNonNegative(option("weight_decay"), "Invalid weight_decay value");
}

/** The scalars of one bias-corrected step, as the tensor ops and Adam's fused loop both use them. */
export interface AdamScalars {
  beta1: number;
  beta2: number;
  eps: number;
  stepSize: number;
  biasCorrection2Sqrt: number;
}

/** A whole-update loop over dense storage: false, with nothing written, when it does not apply. */
export type AdamFastPath = (param: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, k: AdamScalars) => boolean;

/**
 * The step Adam and AdamW share once the gradient is final (maximize and any L2 term applied):
 * step count, moments, optional amsgrad maximum, and the bias-corrected update of the parameter.
 */
export function adamMomentStep(param: Tensor, grad: Tensor, option: (name: string) => Value, state: PyDict, stepTensor: Tensor,
  fastPath?: AdamFastPath): void {
  const [lr, eps] = ["lr", "eps"].map((n) => numberOf(option(n)));
  const [beta1, beta2] = betasOf(option("betas"));
  const expAvg = stateTensor(state, "exp_avg", param);
  const expAvgSq = stateTensor(state, "exp_avg_sq", param);
  const maxExpAvgSq = truthy(option("amsgrad")) ? stateTensor(state, "max_exp_avg_sq", param) : null;
  const step = stepTensor.at(0);
  const stepSize = lr / (1 - beta1 ** step);
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  if (maxExpAvgSq === null && fastPath?.(param, grad, expAvg, expAvgSq, { beta1, beta2, eps, stepSize, biasCorrection2Sqrt })) return;
  assign(expAvg, E.add(E.mulScalar(expAvg, float(beta1)), grad, float(1 - beta1)));
  assign(expAvgSq, addcmul(E.mulScalar(expAvgSq, float(beta2)), grad, grad, 1 - beta2));
  let second = expAvgSq;
  if (maxExpAvgSq !== null) {
    assign(maxExpAvgSq, E.binary("maximum", maxExpAvgSq, expAvgSq));
    second = maxExpAvgSq;
  }
  const denom = E.addScalar(E.divScalar(E.sqrt(second), float(biasCorrection2Sqrt)), float(eps));
  assign(param, addcdiv(param, expAvg, denom, -stepSize));
}

/** state['step'], a float32 scalar tensor created on the first step and counted up before the update. */
export function countStep(state: PyDict): Tensor {
  const existing = dictGet(state, "step");
  const stepTensor = existing instanceof Tensor ? existing : Tensor.zeros([], "float32");
  dictSet(state, "step", stepTensor);
  assign(stepTensor, E.addScalar(stepTensor, 1));
  return stepTensor;
}

export const adamwClass = optimizerClass({
  name: "AdamW",
  file: "adamw",
  defaults: [["lr", new PyFloat(1e-3)], ["betas", new PyTuple([new PyFloat(0.9), new PyFloat(0.999)])], ["eps", new PyFloat(1e-8)],
    ["weight_decay", new PyFloat(1e-2)], ["amsgrad", false], ["maximize", false], ["foreach", null], ["capturable", false]],
  groupOrder: ["lr", "betas", "eps", "weight_decay", "amsgrad", "foreach", "maximize", "capturable"],
  validate: validateAdamOptions,
  update: (param, grad, option, state) => {
    const stepTensor = countStep(state);
    const decay = numberOf(option("lr")) * numberOf(option("weight_decay"));
    assign(param, E.mulScalar(param, float(1 - decay)));
    adamMomentStep(param, truthy(option("maximize")) ? E.neg(grad) : grad, option, state, stepTensor);
  },
});
