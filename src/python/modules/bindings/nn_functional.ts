// torch.nn.functional: activations, linear and the losses, with functional.py's own argument
// handling (reduction strings, size warnings and ValueErrors, inplace=). softmax is bound with the
// reductions.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { PyException } from "../../errors";
import { asIndex, truthy } from "../../protocols";
import { NativeImpl, PyFloat, Value } from "../../values";
import type { OpBindings } from "../binding";
import { scalarArg } from "../tensor_args";
import { tensorParam } from "./signatures";

const flag = (v: Value | undefined): boolean => v !== undefined && truthy(v);

/**
 * An activation; `inPlace` tells it that it computes the in-place form (ELU and leaky ReLU record
 * their in-place nodes, EluBackward1 and LeakyReluBackward1, which save the result instead).
 */
type ActivationOp = (x: Tensor, values: (Value | undefined)[], inPlace: boolean) => Tensor;

/** `fn(input, ..., inplace=False)`: the op, or its in-place form writing into input. */
function activation(name: string, params: readonly string[], op: ActivationOp): NativeImpl {
  return (args, kwargs) => {
    const [input, ...values] = parseArgs(name, ["input", ...params], args, kwargs);
    const x = tensorParam(input, name, "input", 1);
    const inplaceAt = params.indexOf("inplace?");
    if (inplaceAt >= 0 && flag(values[inplaceAt])) return E.applyInPlace(x, (original) => op(original, values, true));
    return op(x, values, false);
  };
}

/** The `name_` form: always in place. */
function inPlaceActivation(name: string, params: readonly string[], op: ActivationOp): NativeImpl {
  return (args, kwargs) => {
    const [input, ...values] = parseArgs(name, ["input", ...params], args, kwargs);
    return E.applyInPlace(tensorParam(input, name, "input", 1), (original) => op(original, values, true));
  };
}

const number = (v: Value | undefined, fn: string, fallback: number): E.Scalar => scalarArg(v, fn) ?? { value: fallback };

const activations: [string, readonly string[], ActivationOp][] = [
  ["relu", ["inplace?"], (x) => E.relu(x)],
  ["relu6", ["inplace?"], (x) => E.relu6(x)],
  ["leaky_relu", ["negative_slope?", "inplace?"], (x, [slope], inPlace) => E.leakyRelu(x, number(slope, "leaky_relu", 0.01), inPlace)],
  ["elu", ["alpha?", "inplace?"], (x, [alpha], inPlace) => E.elu(x, number(alpha, "elu", 1), 1, 1, inPlace)],
  ["selu", ["inplace?"], (x, _values, inPlace) => E.selu(x, inPlace)],
  ["silu", ["inplace?"], (x) => E.silu(x)],
  ["hardtanh", ["min_val?", "max_val?", "inplace?"], (x, [lo, hi]) =>
    E.hardtanh(x, number(lo, "hardtanh", -1), number(hi, "hardtanh", 1))],
];

function geluApproximation(v: Value | undefined): E.GeluApproximation {
  if (v === undefined || v === "none" || v === "tanh") return v ?? "none";
  throw E.runtimeError("approximate argument must be either none or tanh.");
}

function deprecated(name: string, op: (x: Tensor) => Tensor): NativeImpl {
  return (args, kwargs) => {
    E.warn("UserWarning", `nn.functional.${name} is deprecated. Use torch.${name} instead.`);
    const [input] = parseArgs(name, ["input"], args, kwargs);
    return op(tensorParam(input, name, "input", 1));
  };
}

const linear: NativeImpl = (args, kwargs) => {
  const [input, weight, bias] = parseArgs("linear", ["input", "weight", "bias?"], args, kwargs);
  return E.linear(
    tensorParam(input, "linear", "input", 1), tensorParam(weight, "linear", "weight", 2),
    bias === undefined || bias === null ? null : tensorParam(bias, "linear", "bias", 3));
};

// --- losses

const sizeRepr = (t: Tensor): string => `torch.Size([${t.shape.join(", ")}])`;
const sameSize = (a: Tensor, b: Tensor): boolean => a.dim === b.dim && a.shape.every((s, d) => s === b.shape[d]);

/** _Reduction.get_enum / legacy_get_string: the reduction a loss was asked for. */
export function reductionArg(reduction: Value | undefined, sizeAverage: Value | undefined, reduce: Value | undefined): E.Reduction {
  const legacy = (v: Value | undefined): boolean => v === undefined || v === null || truthy(v);
  if ((sizeAverage !== undefined && sizeAverage !== null) || (reduce !== undefined && reduce !== null)) {
    const result: E.Reduction = legacy(sizeAverage) && legacy(reduce) ? "mean" : legacy(reduce) ? "sum" : "none";
    E.warn("UserWarning", `size_average and reduce args will be deprecated, please use reduction='${result}' instead.`);
    return result;
  }
  const value = reduction ?? "mean";
  if (value === "none" || value === "mean" || value === "sum") return value;
  if (value === "elementwise_mean") {
    E.warn("UserWarning", "reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.");
    return "mean";
  }
  throw new PyException("ValueError", `${typeof value === "string" ? value : String(value)} is not a valid value for reduction`);
}

const optionalTensor = (v: Value | undefined, fn: string, param: string, position: number): Tensor | null =>
  v === undefined || v === null ? null : tensorParam(v, fn, param, position);

/** mse_loss and l1_loss: a warning when sizes differ, then both broadcast to a common shape. */
function pointwiseLoss(name: string, op: (input: Tensor, target: Tensor, reduction: E.Reduction) => Tensor): NativeImpl {
  return (args, kwargs) => {
    const [input, target, sizeAverage, reduce, reduction] = parseArgs(name, ["input", "target", "size_average?", "reduce?", "reduction?"], args, kwargs);
    const x = tensorParam(input, name, "input", 1);
    const t = tensorParam(target, name, "target", 2);
    if (!sameSize(x, t)) {
      E.warn("UserWarning", `Using a target size (${sizeRepr(t)}) that is different to the input size (${sizeRepr(x)}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`);
    }
    // functional.py converts the legacy arguments before broadcasting, and checks `reduction` after.
    const legacy = sizeAverage !== undefined || reduce !== undefined ? reductionArg(reduction, sizeAverage, reduce) : undefined;
    const [spreadInput, spreadTarget] = E.broadcastPair(x, t);
    return op(spreadInput, spreadTarget, legacy ?? reductionArg(reduction, undefined, undefined));
  };
}

const binaryCrossEntropy: NativeImpl = (args, kwargs) => {
  const [input, target, weight, sizeAverage, reduce, reduction] = parseArgs("binary_cross_entropy",
    ["input", "target", "weight?", "size_average?", "reduce?", "reduction?"], args, kwargs);
  const mode = reductionArg(reduction, sizeAverage, reduce);
  const x = tensorParam(input, "binary_cross_entropy", "input", 1);
  const t = tensorParam(target, "binary_cross_entropy", "target", 2);
  if (!sameSize(x, t)) {
    throw new PyException("ValueError", `Using a target size (${sizeRepr(t)}) that is different to the input size (${sizeRepr(x)}) is deprecated. Please ensure they have the same size.`);
  }
  const w = optionalTensor(weight, "binary_cross_entropy", "weight", 3);
  return E.binaryCrossEntropy(x, t, w && E.broadcastPair(t, w)[1], mode);
};

const binaryCrossEntropyWithLogits: NativeImpl = (args, kwargs) => {
  const [input, target, weight, sizeAverage, reduce, reduction, posWeight] = parseArgs("binary_cross_entropy_with_logits",
    ["input", "target", "weight?", "size_average?", "reduce?", "reduction?", "pos_weight?"], args, kwargs);
  const mode = reductionArg(reduction, sizeAverage, reduce);
  const fn = "binary_cross_entropy_with_logits";
  const x = tensorParam(input, fn, "input", 1);
  const t = tensorParam(target, fn, "target", 2);
  if (!sameSize(x, t)) throw new PyException("ValueError", `Target size (${sizeRepr(t)}) must be the same as input size (${sizeRepr(x)})`);
  return E.binaryCrossEntropyWithLogits(x, t, optionalTensor(weight, fn, "weight", 3), optionalTensor(posWeight, fn, "pos_weight", 7), mode);
};

const nllLoss: NativeImpl = (args, kwargs) => {
  const [input, target, weight, sizeAverage, ignoreIndex, reduce, reduction] = parseArgs("nll_loss",
    ["input", "target", "weight?", "size_average?", "ignore_index?", "reduce?", "reduction?"], args, kwargs);
  return E.nllLoss(tensorParam(input, "nll_loss", "input", 1), tensorParam(target, "nll_loss", "target", 2), {
    weight: optionalTensor(weight, "nll_loss", "weight", 3),
    reduction: reductionArg(reduction, sizeAverage, reduce),
    ignoreIndex: ignoreIndex === undefined ? -100 : asIndex(ignoreIndex),
  });
};

const crossEntropy: NativeImpl = (args, kwargs) => {
  const [input, target, weight, sizeAverage, ignoreIndex, reduce, reduction, labelSmoothing] = parseArgs("cross_entropy",
    ["input", "target", "weight?", "size_average?", "ignore_index?", "reduce?", "reduction?", "label_smoothing?"], args, kwargs);
  const smoothing = labelSmoothing === undefined ? 0 : labelSmoothing instanceof PyFloat ? labelSmoothing.value : Number(labelSmoothing);
  return E.crossEntropy(tensorParam(input, "cross_entropy", "input", 1), tensorParam(target, "cross_entropy", "target", 2), {
    weight: optionalTensor(weight, "cross_entropy", "weight", 3),
    reduction: reductionArg(reduction, sizeAverage, reduce),
    ignoreIndex: ignoreIndex === undefined ? -100 : asIndex(ignoreIndex),
    labelSmoothing: smoothing,
  });
};

export const bindings: OpBindings = {
  // torch.selu and torch.selu_ exist beside F.selu.
  functions: new Map<string, NativeImpl>([
    ["selu", activation("selu", [], (x) => E.selu(x))],
    ["selu_", inPlaceActivation("selu_", [], (x) => E.selu(x, true))],
  ]),
  nnFunctional: new Map<string, NativeImpl>([
    ...activations.map(([name, params, op]) => [name, activation(name, params, op)] as [string, NativeImpl]),
    ...activations.map(([name, params, op]) =>
      [`${name}_`, inPlaceActivation(`${name}_`, params.filter((p) => p !== "inplace?"), op)] as [string, NativeImpl]),
    ["gelu", (args, kwargs) => {
      const [input, approximate] = parseArgs("gelu", ["input", "approximate?"], args, kwargs);
      return E.gelu(tensorParam(input, "gelu", "input", 1), geluApproximation(approximate));
    }],
    ["softplus", (args, kwargs) => {
      const [input, beta, threshold] = parseArgs("softplus", ["input", "beta?", "threshold?"], args, kwargs);
      return E.softplus(tensorParam(input, "softplus", "input", 1), number(beta, "softplus", 1), number(threshold, "softplus", 20));
    }],
    ["logsigmoid", (args, kwargs) => E.logSigmoid(tensorParam(parseArgs("logsigmoid", ["input"], args, kwargs)[0], "logsigmoid", "input", 1))],
    ["sigmoid", deprecated("sigmoid", E.sigmoid)],
    ["tanh", deprecated("tanh", E.tanh)],
    ["linear", linear],
    ["mse_loss", pointwiseLoss("mse_loss", E.mseLoss)],
    ["l1_loss", pointwiseLoss("l1_loss", E.l1Loss)],
    ["binary_cross_entropy", binaryCrossEntropy],
    ["binary_cross_entropy_with_logits", binaryCrossEntropyWithLogits],
    ["nll_loss", nllLoss],
    ["cross_entropy", crossEntropy],
  ]),
};
