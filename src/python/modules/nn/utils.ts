// torch.nn.utils: gradient clipping (clip_grad.py) and the parameter/vector conversions
// (convert_parameters.py), with 1.13's order of float32 operations.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { copyInto } from "../../../engine/ops/kernels";
import { parseArgs } from "../../args";
import { PyException, typeError } from "../../errors";
import { toArray, truthy } from "../../protocols";
import { str, typeName } from "../../repr";
import { Kwargs, PyBuiltin, PyFloat, PyModule, Value } from "../../values";
import { numberOf } from "./native_class";
import { assign } from "../optim/optimizer";
import { torchTypename } from "./module";

/** A tensor or an iterable of them, as the clipping functions accept. */
const tensorsOf = (parameters: Value): Tensor[] => (parameters instanceof Tensor ? [parameters] : (toArray(parameters) as Tensor[]));

const gradsOf = (parameters: Value): Tensor[] =>
  tensorsOf(parameters).map((p) => p.grad).filter((g): g is Tensor => g !== null);

function totalNorm(grads: Tensor[], normType: number): Tensor {
  if (normType === Infinity) {
    const norms = grads.map((g) => E.extremum(E.abs(g), "max"));
    return norms.length === 1 ? norms[0] : E.extremum(E.stack(norms), "max");
  }
  return E.norm(E.stack(grads.map((g) => E.norm(g, normType))), normType);
}

function clipGradNorm(args: Value[], kwargs: Kwargs): Value {
  const [parameters, maxNormArg, normTypeArg, errorIfNonfinite] = parseArgs("clip_grad_norm_",
    ["parameters", "max_norm", "norm_type?", "error_if_nonfinite?"], args, kwargs);
  const grads = gradsOf(parameters!);
  const maxNorm = numberOf(maxNormArg!);
  const normType = numberOf(normTypeArg ?? 2);
  if (grads.length === 0) return Tensor.fromStorage(new Float32Array([0]), [], "float32");
  return E.withGradMode(false, () => {
    const total = totalNorm(grads, normType);
    if (errorIfNonfinite !== undefined && truthy(errorIfNonfinite) && !Number.isFinite(total.item())) {
      throw new PyException("RuntimeError", `The total norm of order ${str(new PyFloat(normType))} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``);
    }
    // max_norm / tensor is Tensor.__rtruediv__: reciprocal() * max_norm.
    const coef = E.mulScalar(E.reciprocal(E.addScalar(total, { value: 1e-6 })), { value: maxNorm });
    const clamped = E.clamp(coef, null, { value: 1.0 });
    for (const g of grads) assign(g, E.mul(g, clamped));
    return total;
  });
}

function clipGradValue(args: Value[], kwargs: Kwargs): Value {
  const [parameters, clipValue] = parseArgs("clip_grad_value_", ["parameters", "clip_value"], args, kwargs);
  const limit = numberOf(clipValue!);
  // p.grad.data.clamp_(): through .data, so the version counter is left alone.
  E.withGradMode(false, () => {
    for (const g of gradsOf(parameters!)) copyInto(g, E.clamp(g, { value: -limit }, { value: limit }));
  });
  return null;
}

function parametersToVector(args: Value[], kwargs: Kwargs): Value {
  const [parameters] = parseArgs("parameters_to_vector", ["parameters"], args, kwargs);
  return E.cat((toArray(parameters!) as Tensor[]).map((p) => E.view(p, [-1])));
}

function vectorToParameters(args: Value[], kwargs: Kwargs): Value {
  const [vec, parameters] = parseArgs("vector_to_parameters", ["vec", "parameters"], args, kwargs);
  if (!(vec instanceof Tensor)) throw typeError(`expected torch.Tensor, but got: ${torchTypename(vec!)}`);
  let pointer = 0;
  E.withGradMode(false, () => {
    for (const p of toArray(parameters!)) {
      if (!(p instanceof Tensor)) throw typeError(`'${typeName(p)}' object has no attribute 'numel'`);
      // param.data = vec[pointer:pointer + n].view_as(param).data: the values, without autograd.
      copyInto(p, E.view(E.narrow(vec, 0, pointer, p.numel), p.shape));
      pointer += p.numel;
    }
  });
  return null;
}

export function createUtilsModule(): PyModule {
  const functions: [string, (args: Value[], kwargs: Kwargs) => Value][] = [
    ["clip_grad_norm_", clipGradNorm], ["clip_grad_value_", clipGradValue],
    ["parameters_to_vector", parametersToVector], ["vector_to_parameters", vectorToParameters],
  ];
  return new PyModule("torch.nn.utils", new Map<string, Value>(functions.map(([n, impl]) => [n, new PyBuiltin(n, impl)])),
    "/usr/lib/python3/dist-packages/torch/nn/utils/__init__.py");
}
