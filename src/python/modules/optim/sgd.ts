// torch.optim.SGD with 1.13's single-tensor update (momentum, dampening, Nesterov, weight decay).

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { PyException } from "../../errors";
import { truthy } from "../../protocols";
import { dictGet, dictSet, numberOf } from "../nn/native_class";
import { assign, checkNonNegative, float, optimizerClass, REQUIRED } from "./optimizer";

export const sgdClass = optimizerClass({
  name: "SGD",
  file: "sgd",
  defaults: [["lr", REQUIRED], ["momentum", 0], ["dampening", 0], ["weight_decay", 0], ["nesterov", false],
    ["maximize", false], ["foreach", null], ["differentiable", false]],
  validate: (option) => {
    if (option("lr") !== null) checkNonNegative(option("lr"), "Invalid learning rate");
    checkNonNegative(option("momentum"), "Invalid momentum value");
    checkNonNegative(option("weight_decay"), "Invalid weight_decay value");
    if (truthy(option("nesterov")) && (numberOf(option("momentum")) <= 0 || numberOf(option("dampening")) !== 0)) {
      throw new PyException("ValueError", "Nesterov momentum requires a momentum and zero dampening");
    }
  },
  update: (param, grad, option, state) => {
    const [lr, momentum, dampening, weightDecay] = ["lr", "momentum", "dampening", "weight_decay"].map((n) => numberOf(option(n)));
    let d: Tensor = truthy(option("maximize")) ? E.neg(grad) : grad;
    if (weightDecay !== 0) d = E.add(d, param, float(weightDecay));
    if (momentum !== 0) {
      let buffer = dictGet(state, "momentum_buffer");
      if (buffer instanceof Tensor) {
        assign(buffer, E.add(E.mulScalar(buffer, float(momentum)), d, float(1 - dampening)));
      } else {
        buffer = E.cloneDetached(d);
        dictSet(state, "momentum_buffer", buffer);
      }
      d = truthy(option("nesterov")) ? E.add(d, buffer, float(momentum)) : buffer;
    }
    assign(param, E.add(param, d, float(-lr)));
  },
});

