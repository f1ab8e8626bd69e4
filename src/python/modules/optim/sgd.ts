// torch.optim.SGD with 1.13's single-tensor update (momentum, dampening, Nesterov, weight decay).

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { PyException } from "../../errors";
import { truthy } from "../../protocols";
import { dictGet, dictSet, numberOf } from "../nn/native_class";
import { assign, checkNonNegative, float, optimizerClass, REQUIRED } from "./optimizer";
import { denseFloat32 } from "./pointwise";

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
    if (momentum === 0) {
      // 1.13 stores every parameter's buffer after the step, None without momentum.
      dictSet(state, "momentum_buffer", null);
    } else {
      let buffer = dictGet(state, "momentum_buffer");
      const nesterov = truthy(option("nesterov"));
      if (buffer instanceof Tensor && !nesterov && fusedMomentumStep(param, d, buffer, momentum, dampening, lr)) return;
      if (buffer instanceof Tensor) {
        assign(buffer, E.add(E.mulScalar(buffer, float(momentum)), d, float(1 - dampening)));
      } else {
        buffer = E.cloneDetached(d);
        dictSet(state, "momentum_buffer", buffer);
      }
      d = nesterov ? E.add(d, buffer, float(momentum)) : buffer;
    }
    assign(param, E.add(param, d, float(-lr)));
  },
});

/**
 * buf ← buf·momentum + (1 − dampening)·grad, then param ← param − lr·buf, in one loop over dense
 * float32 storage; false (nothing written) otherwise. Each step rounds as the tensor ops do: mul
 * rounds its product, add with alpha rounds only its sum.
 */
function fusedMomentumStep(param: Tensor, grad: Tensor, buffer: Tensor, momentum: number, dampening: number, lr: number): boolean {
  const p = denseFloat32(param);
  const g = denseFloat32(grad);
  const b = denseFloat32(buffer);
  if (p === null || g === null || b === null || g.length !== p.length || b.length !== p.length) return false;
  const m = Math.fround(momentum);
  const k = Math.fround(1 - dampening);
  const step = Math.fround(-lr);
  for (let i = 0; i < p.length; i++) {
    b[i] = Math.fround(b[i] * m) + k * g[i];
    p[i] += step * b[i];
  }
  buffer.bumpVersion();
  param.bumpVersion();
  return true;
}
