// torch.nn.init as 1.13 writes it: the gains and fans in Python floats, then the tensor's own
// in-place samplers (uniform_, normal_, fill_, zero_) called under no_grad, so the values drawn
// from the default generator are PyTorch's.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { callMethod } from "../../attributes";
import { attributeError, PyException } from "../../errors";
import { str, typeName } from "../../repr";
import { Kwargs, PyBuiltin, PyFloat, PyModule, Value } from "../../values";
import { numberOf } from "./native_class";

type Init = (args: Value[], kwargs: Kwargs) => Value;

const LINEAR_FNS = new Set(["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid"]);

function calculateGain(nonlinearity: Value, param: Value): Value {
  if (typeof nonlinearity === "string" && LINEAR_FNS.has(nonlinearity)) return 1;
  if (nonlinearity === "tanh") return new PyFloat(5.0 / 3);
  if (nonlinearity === "relu") return new PyFloat(Math.sqrt(2.0));
  if (nonlinearity === "selu") return new PyFloat(3.0 / 4);
  if (nonlinearity !== "leaky_relu") throw new PyException("ValueError", `Unsupported nonlinearity ${str(nonlinearity)}`);
  if (param !== null && typeof param !== "number" && !(param instanceof PyFloat)) {
    throw new PyException("ValueError", `negative_slope ${str(param)} not a valid number`);
  }
  const slope = param === null ? 0.01 : numberOf(param);
  return new PyFloat(Math.sqrt(2.0 / (1 + slope ** 2)));
}

/** `tensor.name(*args)` under no_grad, as the _no_grad_* helpers do. */
const noGrad = (tensor: Value, name: string, args: Value[]): Value => E.withGradMode(false, () => callMethod(tensor, name, args, null));

function fans(tensor: Value): [number, number] {
  if (!(tensor instanceof Tensor)) throw attributeError(`'${typeName(tensor)}' object has no attribute 'dim'`);
  if (tensor.dim < 2) throw new PyException("ValueError", "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  const receptiveField = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return [tensor.shape[1] * receptiveField, tensor.shape[0] * receptiveField];
}

function correctFan(tensor: Value, mode: Value): number {
  const lowered = String(mode).toLowerCase();
  if (lowered !== "fan_in" && lowered !== "fan_out") {
    throw new PyException("ValueError", `Mode ${lowered} not supported, please use one of ['fan_in', 'fan_out']`);
  }
  const [fanIn, fanOut] = fans(tensor);
  return lowered === "fan_in" ? fanIn : fanOut;
}

const float = (x: number): PyFloat => new PyFloat(x);

/** xavier_*: std = gain * sqrt(2 / (fan_in + fan_out)). */
function xavierStd(tensor: Value, gain: Value | undefined): number {
  const [fanIn, fanOut] = fans(tensor);
  return numberOf(gain ?? 1) * Math.sqrt(2.0 / (fanIn + fanOut));
}

/** kaiming_*: std = gain / sqrt(fan), or null for a zero-element tensor (left as it is, with a warning). */
function kaimingStd(name: string, args: Value[], kwargs: Kwargs): [Value, number | null] {
  const [tensor, a, mode, nonlinearity] = parseArgs(name, ["tensor", "a?", "mode?", "nonlinearity?"], args, kwargs);
  if (tensor instanceof Tensor && tensor.shape.includes(0)) {
    E.warn("UserWarning", "Initializing zero-element tensors is a no-op");
    return [tensor, null];
  }
  const fan = correctFan(tensor!, mode ?? "fan_in");
  const gain = numberOf(calculateGain(nonlinearity ?? "leaky_relu", a ?? 0));
  return [tensor!, gain / Math.sqrt(fan)];
}

const initFunctions: Record<string, Init> = {
  calculate_gain: (args, kwargs) => {
    const [nonlinearity, param] = parseArgs("calculate_gain", ["nonlinearity", "param?"], args, kwargs);
    return calculateGain(nonlinearity!, param ?? null);
  },
  uniform_: (args, kwargs) => {
    const [tensor, a, b] = parseArgs("uniform_", ["tensor", "a?", "b?"], args, kwargs);
    return noGrad(tensor!, "uniform_", [a ?? float(0), b ?? float(1)]);
  },
  normal_: (args, kwargs) => {
    const [tensor, mean, std] = parseArgs("normal_", ["tensor", "mean?", "std?"], args, kwargs);
    return noGrad(tensor!, "normal_", [mean ?? float(0), std ?? float(1)]);
  },
  constant_: (args, kwargs) => {
    const [tensor, val] = parseArgs("constant_", ["tensor", "val"], args, kwargs);
    return noGrad(tensor!, "fill_", [val!]);
  },
  ones_: (args, kwargs) => noGrad(parseArgs("ones_", ["tensor"], args, kwargs)[0]!, "fill_", [float(1)]),
  zeros_: (args, kwargs) => noGrad(parseArgs("zeros_", ["tensor"], args, kwargs)[0]!, "zero_", []),
  eye_: (args, kwargs) => {
    const [tensor] = parseArgs("eye_", ["tensor"], args, kwargs);
    if (!(tensor instanceof Tensor)) throw attributeError(`'${typeName(tensor!)}' object has no attribute 'ndimension'`);
    if (tensor.dim !== 2) throw new PyException("ValueError", "Only tensors with 2 dimensions are supported");
    return noGrad(tensor, "copy_", [E.eye(tensor.shape[0], tensor.shape[1], tensor.dtype)]);
  },
  xavier_uniform_: (args, kwargs) => {
    const [tensor, gain] = parseArgs("xavier_uniform_", ["tensor", "gain?"], args, kwargs);
    const a = Math.sqrt(3.0) * xavierStd(tensor!, gain);
    return noGrad(tensor!, "uniform_", [float(-a), float(a)]);
  },
  xavier_normal_: (args, kwargs) => {
    const [tensor, gain] = parseArgs("xavier_normal_", ["tensor", "gain?"], args, kwargs);
    return noGrad(tensor!, "normal_", [float(0), float(xavierStd(tensor!, gain))]);
  },
  kaiming_uniform_: (args, kwargs) => {
    const [tensor, std] = kaimingStd("kaiming_uniform_", args, kwargs);
    if (std === null) return tensor;
    const bound = Math.sqrt(3.0) * std;
    return noGrad(tensor, "uniform_", [float(-bound), float(bound)]);
  },
  kaiming_normal_: (args, kwargs) => {
    const [tensor, std] = kaimingStd("kaiming_normal_", args, kwargs);
    return std === null ? tensor : noGrad(tensor, "normal_", [0, float(std)]);
  },
};

export function createInitModule(): PyModule {
  const attributes = new Map<string, Value>(Object.entries(initFunctions).map(([n, impl]) => [n, new PyBuiltin(n, impl)]));
  return new PyModule("torch.nn.init", attributes, "/usr/lib/python3/dist-packages/torch/nn/init.py");
}
