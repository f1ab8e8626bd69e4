// torch.optim.Adagrad with 1.13's single-tensor update; its state is made in the constructor.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { truthy } from "../../protocols";
import { PyFloat } from "../../values";
import { dictGet, dictSet, numberOf } from "../nn/native_class";
import { addcdiv, addcmul } from "./pointwise";
import { assign, checkNonNegative, float, optimizerClass } from "./optimizer";

export const adagradClass = optimizerClass({
  name: "Adagrad",
  file: "adagrad",
  defaults: [["lr", new PyFloat(1e-2)], ["lr_decay", 0], ["weight_decay", 0], ["initial_accumulator_value", 0],
    ["eps", new PyFloat(1e-10)], ["foreach", null], ["maximize", false]],
  groupOrder: ["lr", "lr_decay", "eps", "weight_decay", "initial_accumulator_value", "foreach", "maximize"],
  validate: (option) => {
    checkNonNegative(option("lr"), "Invalid learning rate");
    checkNonNegative(option("lr_decay"), "Invalid lr_decay value");
    checkNonNegative(option("weight_decay"), "Invalid weight_decay value");
    checkNonNegative(option("initial_accumulator_value"), "Invalid initial_accumulator_value value");
    checkNonNegative(option("eps"), "Invalid epsilon value");
  },
  initState: (param, option, state) => {
    dictSet(state, "step", Tensor.fromStorage(new Float32Array([0]), [], "float32"));
    const sum = Tensor.zeros(param.shape, param.dtype);
    E.fill_(sum, numberOf(option("initial_accumulator_value")));
    dictSet(state, "sum", sum);
  },
  update: (param, grad, option, state) => {
    const [lr, lrDecay, eps, weightDecay] = ["lr", "lr_decay", "eps", "weight_decay"].map((n) => numberOf(option(n)));
    const stepTensor = dictGet(state, "step") as Tensor;
    const sum = dictGet(state, "sum") as Tensor;
    assign(stepTensor, E.addScalar(stepTensor, 1));
    const step = stepTensor.item();
    let g: Tensor = truthy(option("maximize")) ? E.neg(grad) : grad;
    if (weightDecay !== 0) g = E.add(g, param, float(weightDecay));
    const clr = lr / (1 + (step - 1) * lrDecay);
    assign(sum, addcmul(sum, g, g, 1));
    const std = E.addScalar(E.sqrt(sum), float(eps));
    assign(param, addcdiv(param, g, std, -clr));
  },
});
