// nn.Parameter: a leaf sharing the data's storage, marked so modules register it and reprs name it.

import { detach, Tensor } from "../../../engine";
import { parameters } from "../../../engine/repr";
import { parseArgs } from "../../args";
import { truthy } from "../../protocols";
import { NativeImpl } from "../../values";
import { tensorParam } from "../bindings/signatures";

export function makeParameter(data: Tensor, requiresGrad = true): Tensor {
  const p = detach(data);
  p.requiresGrad = requiresGrad;
  parameters.add(p);
  return p;
}

export const parameterConstructor: NativeImpl = (args, kwargs) => {
  const [data, requiresGrad] = parseArgs("Parameter", ["data?", "requires_grad?"], args, kwargs);
  const tensor = data === undefined || data === null ? Tensor.zeros([0], "float32") : tensorParam(data, "Parameter", "data", 1);
  return makeParameter(tensor, requiresGrad === undefined || truthy(requiresGrad));
};
