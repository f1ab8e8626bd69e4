// torch.optim.RMSprop with 1.13's single-tensor update (centered, momentum, weight decay).

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { truthy } from "../../protocols";
import { PyFloat } from "../../values";
import { dictGet, dictSet, numberOf } from "../nn/native_class";
import { addcdiv, addcmul, stateTensor } from "./pointwise";
import { assign, checkNonNegative, float, optimizerClass } from "./optimizer";

export const rmspropClass = optimizerClass({
  name: "RMSprop",
  file: "rmsprop",
  defaults: [["lr", new PyFloat(1e-2)], ["alpha", new PyFloat(0.99)], ["eps", new PyFloat(1e-8)], ["weight_decay", 0],
    ["momentum", 0], ["centered", false], ["foreach", null], ["maximize", false], ["differentiable", false]],
  groupOrder: ["lr", "momentum", "alpha", "eps", "centered", "weight_decay", "foreach", "maximize", "differentiable"],
  validate: (option) => {
    checkNonNegative(option("lr"), "Invalid learning rate");
    checkNonNegative(option("eps"), "Invalid epsilon value");
    checkNonNegative(option("momentum"), "Invalid momentum value");
    checkNonNegative(option("weight_decay"), "Invalid weight_decay value");
    checkNonNegative(option("alpha"), "Invalid alpha value");
  },
  update: (param, grad, option, state) => {
    const [lr, alpha, eps, weightDecay, momentum] = ["lr", "alpha", "eps", "weight_decay", "momentum"].map((n) => numberOf(option(n)));
    const squareAvg = stateTensor(state, "square_avg", param);
    const buffer = momentum > 0 ? stateTensor(state, "momentum_buffer", param) : null;
    const gradAvg = truthy(option("centered")) ? stateTensor(state, "grad_avg", param) : null;
    dictSet(state, "step", numberOf(dictGet(state, "step") ?? 0) + 1);

    let g: Tensor = truthy(option("maximize")) ? E.neg(grad) : grad;
    if (weightDecay !== 0) g = E.add(g, param, float(weightDecay));
    assign(squareAvg, addcmul(E.mulScalar(squareAvg, float(alpha)), g, g, 1 - alpha));
    let avg: Tensor;
    if (gradAvg !== null) {
      assign(gradAvg, E.add(E.mulScalar(gradAvg, float(alpha)), g, float(1 - alpha)));
      avg = E.sqrt(addcmul(squareAvg, gradAvg, gradAvg, -1));
    } else {
      avg = E.sqrt(squareAvg);
    }
    avg = E.addScalar(avg, float(eps));
    if (buffer !== null) {
      assign(buffer, addcdiv(E.mulScalar(buffer, float(momentum)), g, avg, 1));
      assign(param, E.add(param, buffer, float(-lr)));
    } else {
      assign(param, addcdiv(param, g, avg, -lr));
    }
  },
});
