// torch.nn.functional beyond nn_functional.ts: one_hot, dropout, pad, normalize, pairwise_distance,
// the smaller activations (softsign, softmin, hardswish, mish, glu, prelu, ...) and the losses
// smooth_l1, huber, soft_margin, kl_div, margin_ranking and poisson_nll, with functional.py's
// argument handling.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { PyException } from "../../errors";
import { repr } from "../../repr";
import { asIndex, toArray, truthy } from "../../protocols";
import type { NativeImpl, Value } from "../../values";
import type { OpBindings } from "../binding";
import { scalarArg } from "../tensor_args";
import { tensorParam } from "./signatures";

const flag = (v: Value | undefined, fallback: boolean): boolean => (v === undefined ? fallback : truthy(v));
const numberArg = (v: Value | undefined, fn: string, fallback: number): number => {
  const s = scalarArg(v, fn);
  return s === null ? fallback : E.scalarValue(s);
};

type Op = (x: Tensor, values: (Value | undefined)[]) => Tensor;

/** `fn(input, ...)`, and with an `inplace?` parameter the in-place form when it is true. */
function unaryFunctional(name: string, params: readonly string[], op: Op): NativeImpl {
  return (args, kwargs) => {
    const [input, ...values] = parseArgs(name, ["input", ...params], args, kwargs);
    const x = tensorParam(input, name, "input", 1);
    const at = params.indexOf("inplace?");
    return at >= 0 && flag(values[at], false) ? E.applyInPlace(x, (t) => op(t, values)) : op(x, values);
  };
}

const activations: [string, readonly string[], Op][] = [
  ["softsign", [], (x) => E.div(x, E.addScalar(E.abs(x), 1))],
  ["tanhshrink", [], (x) => E.sub(x, E.tanh(x))],
  ["hardswish", ["inplace?"], (x) => E.hardswish(x)],
  ["hardsigmoid", ["inplace?"], (x) => E.hardsigmoid(x)],
  ["mish", ["inplace?"], (x) => E.mish(x)],
  ["celu", ["alpha?", "inplace?"], (x, [alpha]) => E.celu(x, numberArg(alpha, "celu", 1))],
  ["hardshrink", ["lambd?"], (x, [lambd]) => E.hardshrink(x, numberArg(lambd, "hardshrink", 0.5))],
  ["softshrink", ["lambd?"], (x, [lambd]) => E.softshrink(x, numberArg(lambd, "softshrink", 0.5))],
  ["threshold", ["threshold", "value", "inplace?"], (x, [t, v]) =>
    E.threshold(x, numberArg(t, "threshold", 0), numberArg(v, "threshold", 0))],
  ["glu", ["dim?"], (x, [dim]) => E.glu(x, dim === undefined ? -1 : asIndex(dim))],
  ["softmin", ["dim?", "_stacklevel?", "dtype?"], (x, [dim]) => E.softmax(E.neg(x), softmaxDim(x, dim))],
];

/** F._get_softmax_dim: an implicit dim is deprecated, and chosen from the input's rank. */
function softmaxDim(x: Tensor, dim: Value | undefined): number {
  if (dim !== undefined && dim !== null) return asIndex(dim);
  E.warn("UserWarning", "Implicit dimension choice for softmin has been deprecated. Change the call to include dim=X as an argument.");
  return x.dim === 0 || x.dim === 1 || x.dim === 3 ? 0 : 1;
}

const oneHot: NativeImpl = (args, kwargs) => {
  const [tensor, numClasses] = parseArgs("one_hot", ["tensor", "num_classes?"], args, kwargs);
  return E.oneHot(tensorParam(tensor, "one_hot", "tensor", 1), numClasses === undefined ? -1 : asIndex(numClasses));
};

const dropout: NativeImpl = (args, kwargs) => {
  const [input, p, training, inplace] = parseArgs("dropout", ["input", "p?", "training?", "inplace?"], args, kwargs);
  const rate = numberArg(p, "dropout", 0.5);
  if (!(rate >= 0 && rate <= 1)) throw new PyException("ValueError", `dropout probability has to be between 0 and 1, but got ${repr(p!)}`);
  const x = tensorParam(input, "dropout", "input", 1);
  const train = flag(training, true);
  return flag(inplace, false) ? E.applyInPlace(x, (t) => E.dropout(t, rate, train)) : E.dropout(x, rate, train);
};

const pad: NativeImpl = (args, kwargs) => {
  const [input, pads, mode, value] = parseArgs("pad", ["input", "pad", "mode?", "value?"], args, kwargs);
  if (mode !== undefined && mode !== "constant") {
    throw new PyException("NotImplementedError", `F.pad mode '${String(mode)}' is not supported here; only 'constant' is`);
  }
  const amounts = toArray(pads!).map((v) => asIndex(v));
  return E.constantPad(tensorParam(input, "pad", "input", 1), amounts, numberArg(value, "pad", 0));
};

/** Tensor.norm's p: a number, or "fro" by default. */
const normOrder = (p: Value | undefined, fn: string): E.NormOrder => (p === undefined ? 2 : numberArg(p, fn, 2));

const normalize: NativeImpl = (args, kwargs) => {
  const [input, p, dim, eps] = parseArgs("normalize", ["input", "p?", "dim?", "eps?", "out?"], args, kwargs);
  const x = tensorParam(input, "normalize", "input", 1);
  const norms = E.norm(x, normOrder(p, "normalize"), dim === undefined ? 1 : asIndex(dim), true);
  const denominator = E.expand(E.clamp(norms, { value: numberArg(eps, "normalize", 1e-12) }, null), x.shape);
  return E.div(x, denominator);
};

const pairwiseDistance: NativeImpl = (args, kwargs) => {
  const [x1, x2, p, eps, keepdim] = parseArgs("pairwise_distance", ["x1", "x2", "p?", "eps?", "keepdim?"], args, kwargs);
  const a = tensorParam(x1, "pairwise_distance", "x1", 1);
  const b = tensorParam(x2, "pairwise_distance", "x2", 2);
  const difference = E.addScalar(E.sub(a, b), { value: numberArg(eps, "pairwise_distance", 1e-6) });
  return E.norm(difference, normOrder(p, "pairwise_distance"), Math.max(a.dim, b.dim) - 1, flag(keepdim, false));
};

const cosineSimilarity: NativeImpl = (args, kwargs) => {
  const [x1, x2, dim, eps] = parseArgs("cosine_similarity", ["x1", "x2", "dim?", "eps?"], args, kwargs);
  return E.cosineSimilarity(tensorParam(x1, "cosine_similarity", "x1", 1), tensorParam(x2, "cosine_similarity", "x2", 2),
    dim === undefined ? 1 : asIndex(dim), numberArg(eps, "cosine_similarity", 1e-8));
};

const cdist: NativeImpl = (args, kwargs) => {
  const [x1, x2, p] = parseArgs("cdist", ["x1", "x2", "p?", "compute_mode?"], args, kwargs);
  return E.cdist(tensorParam(x1, "cdist", "x1", 1), tensorParam(x2, "cdist", "x2", 2), numberArg(p, "cdist", 2));
};

const prelu: NativeImpl = (args, kwargs) => {
  const [input, weight] = parseArgs("prelu", ["input", "weight"], args, kwargs);
  return E.prelu(tensorParam(input, "prelu", "input", 1), tensorParam(weight, "prelu", "weight", 2));
};

// --- losses

/** _Reduction: the legacy size_average/reduce flags (with their warning) or the reduction string. */
function reductionOf(reduction: Value | undefined, sizeAverage: Value | undefined, reduce: Value | undefined): E.Reduction {
  const given = (v: Value | undefined): boolean => v !== undefined && v !== null;
  if (given(sizeAverage) || given(reduce)) {
    const on = (v: Value | undefined): boolean => !given(v) || truthy(v!);
    const result: E.Reduction = on(sizeAverage) && on(reduce) ? "mean" : on(reduce) ? "sum" : "none";
    E.warn("UserWarning", `size_average and reduce args will be deprecated, please use reduction='${result}' instead.`);
    return result;
  }
  const value = reduction ?? "mean";
  if (value === "none" || value === "mean" || value === "sum") return value;
  throw new PyException("ValueError", `${String(value)} is not a valid value for reduction`);
}

const sizeRepr = (t: Tensor): string => `torch.Size([${t.shape.join(", ")}])`;
const sameSize = (a: Tensor, b: Tensor): boolean => a.dim === b.dim && a.shape.every((s, d) => s === b.shape[d]);

type DistanceLoss = (input: Tensor, target: Tensor, reduction: E.Reduction, parameter: number) => Tensor;

/** smooth_l1_loss and huber_loss: a size warning, both broadcast, then the fused loss. */
function distanceLoss(name: string, parameter: string, legacy: boolean, op: DistanceLoss): NativeImpl {
  const params = legacy ? ["input", "target", "size_average?", "reduce?", "reduction?", `${parameter}?`] : ["input", "target", "reduction?", `${parameter}?`];
  return (args, kwargs) => {
    const values = parseArgs(name, params, args, kwargs);
    const x = tensorParam(values[0], name, "input", 1);
    const t = tensorParam(values[1], name, "target", 2);
    if (!sameSize(x, t)) {
      E.warn("UserWarning", `Using a target size (${sizeRepr(t)}) that is different to the input size (${sizeRepr(x)}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`);
    }
    const reduction = legacy ? reductionOf(values[4], values[2], values[3]) : reductionOf(values[2], undefined, undefined);
    const [a, b] = E.broadcastPair(x, t);
    return op(a, b, reduction, numberArg(values[params.length - 1], name, 1));
  };
}

const softMarginLoss: NativeImpl = (args, kwargs) => {
  const [input, target, sizeAverage, reduce, reduction] = parseArgs("soft_margin_loss", ["input", "target", "size_average?", "reduce?", "reduction?"], args, kwargs);
  const mode = reductionOf(reduction, sizeAverage, reduce);
  return E.softMarginLoss(tensorParam(input, "soft_margin_loss", "input", 1), tensorParam(target, "soft_margin_loss", "target", 2), mode);
};

/** apply_loss_reduction for the composite losses. */
const reduced = (loss: Tensor, reduction: E.Reduction): Tensor =>
  (reduction === "none" ? loss : reduction === "mean" ? E.mean(loss) : E.sum(loss));

const KL_MEAN_WARNING = "reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release.";

const klDiv: NativeImpl = (args, kwargs) => {
  const [input, target, sizeAverage, reduce, reduction, logTarget] = parseArgs("kl_div",
    ["input", "target", "size_average?", "reduce?", "reduction?", "log_target?"], args, kwargs);
  const x = tensorParam(input, "kl_div", "input", 1);
  const t = tensorParam(target, "kl_div", "target", 2);
  const legacy = (sizeAverage !== undefined && sizeAverage !== null) || (reduce !== undefined && reduce !== null);
  if (!legacy && (reduction ?? "mean") === "mean") E.warn("UserWarning", KL_MEAN_WARNING);
  const batchmean = !legacy && reduction === "batchmean";
  const mode = batchmean ? "sum" : reductionOf(reduction, sizeAverage, reduce);
  const pointwise = flag(logTarget, false) ? E.mul(E.exp(t), E.sub(t, x)) : E.sub(E.xlogy(t, t), E.mul(t, x));
  const loss = reduced(pointwise, mode);
  return batchmean && x.dim !== 0 ? E.div(loss, x.shape[0]) : loss;
};

const marginRankingLoss: NativeImpl = (args, kwargs) => {
  const [input1, input2, target, margin, sizeAverage, reduce, reduction] = parseArgs("margin_ranking_loss",
    ["input1", "input2", "target", "margin?", "size_average?", "reduce?", "reduction?"], args, kwargs);
  const mode = reductionOf(reduction, sizeAverage, reduce);
  const fn = "margin_ranking_loss";
  const [a, b, t] = [tensorParam(input1, fn, "input1", 1), tensorParam(input2, fn, "input2", 2), tensorParam(target, fn, "target", 3)];
  if (a.dim !== b.dim || a.dim !== t.dim) {
    throw new PyException("RuntimeError", `margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: ${sizeRepr(a)}, input2: ${sizeRepr(b)}, target: ${sizeRepr(t)} `);
  }
  const hinge = E.addScalar(E.mul(E.neg(t), E.sub(a, b)), { value: numberArg(margin, fn, 0) });
  return reduced(E.clamp(hinge, 0, null), mode);
};

const poissonNllLoss: NativeImpl = (args, kwargs) => {
  const [input, target, logInput, full, sizeAverage, eps, reduce, reduction] = parseArgs("poisson_nll_loss",
    ["input", "target", "log_input?", "full?", "size_average?", "eps?", "reduce?", "reduction?"], args, kwargs);
  const mode = reductionOf(reduction, sizeAverage, reduce);
  const x = tensorParam(input, "poisson_nll_loss", "input", 1);
  const t = tensorParam(target, "poisson_nll_loss", "target", 2);
  let loss = flag(logInput, true)
    ? E.sub(E.exp(x), E.mul(t, x))
    : E.sub(x, E.mul(t, E.log(E.addScalar(x, { value: numberArg(eps, "poisson_nll_loss", 1e-8) }))));
  if (flag(full, false)) {
    const stirling = E.add(E.sub(E.mul(t, E.log(t)), t), E.mulScalar(E.log(E.mulScalar(t, { value: 2 * Math.PI })), { value: 0.5 }));
    loss = E.add(loss, E.where(E.compare("le", t, 1), 0, stirling));
  }
  return reduced(loss, mode);
};

export const bindings: OpBindings = {
  nnFunctional: new Map<string, NativeImpl>([
    ...activations.map(([name, params, op]): [string, NativeImpl] => [name, unaryFunctional(name, params, op)]),
    ["one_hot", oneHot],
    ["dropout", dropout],
    ["pad", pad],
    ["normalize", normalize],
    ["pairwise_distance", pairwiseDistance],
    ["cosine_similarity", cosineSimilarity],
    ["prelu", prelu],
    ["smooth_l1_loss", distanceLoss("smooth_l1_loss", "beta", true, E.smoothL1Loss)],
    ["huber_loss", distanceLoss("huber_loss", "delta", false, E.huberLoss)],
    ["soft_margin_loss", softMarginLoss],
    ["kl_div", klDiv],
    ["margin_ranking_loss", marginRankingLoss],
    ["poisson_nll_loss", poissonNllLoss],
  ]),
  functions: new Map<string, NativeImpl>([
    ["pairwise_distance", pairwiseDistance],
    ["prelu", prelu],
    ["cosine_similarity", cosineSimilarity],
    ["cdist", cdist],
  ]),
};
