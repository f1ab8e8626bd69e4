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
import { reductionArg } from "./nn_functional";

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

/** torch.dropout(input, p, train): every argument required, no range check. */
const torchDropout: NativeImpl = (args, kwargs) => {
  const [input, p, train] = parseArgs("dropout", ["input", "p", "train"], args, kwargs);
  return E.dropout(tensorParam(input, "dropout", "input", 1), numberArg(p, "dropout", 0.5), truthy(train!));
};

const pad: NativeImpl = (args, kwargs) => {
  const [input, pads, mode, value] = parseArgs("pad", ["input", "pad", "mode?", "value?"], args, kwargs);
  const amounts = toArray(pads!).map((v) => asIndex(v));
  const x = tensorParam(input, "pad", "input", 1);
  if (mode === undefined || mode === "constant") return E.constantPad(x, amounts, numberArg(value, "pad", 0));
  if (mode === "reflect" || mode === "replicate") {
    if (!E.modePadSupported(x.dim, amounts.length)) throw new PyException("NotImplementedError", E.NON_CONSTANT_PAD_DIMS);
    return E.modePad(x, amounts, mode);
  }
  throw new PyException("NotImplementedError", `F.pad mode '${String(mode)}' is not supported here; constant, reflect and replicate are`);
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
    const reduction = legacy ? reductionArg(values[4], values[2], values[3]) : reductionArg(values[2], undefined, undefined);
    const [a, b] = E.broadcastPair(x, t);
    return op(a, b, reduction, numberArg(values[params.length - 1], name, 1));
  };
}

const softMarginLoss: NativeImpl = (args, kwargs) => {
  const [input, target, sizeAverage, reduce, reduction] = parseArgs("soft_margin_loss", ["input", "target", "size_average?", "reduce?", "reduction?"], args, kwargs);
  const mode = reductionArg(reduction, sizeAverage, reduce);
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
  const mode = batchmean ? "sum" : reductionArg(reduction, sizeAverage, reduce);
  const pointwise = flag(logTarget, false) ? E.mul(E.exp(t), E.sub(t, x)) : E.sub(E.xlogy(t, t), E.mul(t, x));
  const loss = reduced(pointwise, mode);
  return batchmean && x.dim !== 0 ? E.div(loss, x.shape[0]) : loss;
};

const marginRankingLoss: NativeImpl = (args, kwargs) => {
  const [input1, input2, target, margin, sizeAverage, reduce, reduction] = parseArgs("margin_ranking_loss",
    ["input1", "input2", "target", "margin?", "size_average?", "reduce?", "reduction?"], args, kwargs);
  const mode = reductionArg(reduction, sizeAverage, reduce);
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
  const mode = reductionArg(reduction, sizeAverage, reduce);
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

/** functional.py's gaussian_nll_loss: var clamped to eps without grad, then ½(log var + (x − t)²/var). */
const gaussianNllLoss: NativeImpl = (args, kwargs) => {
  const [input, target, variance, full, eps, reduction] = parseArgs("gaussian_nll_loss",
    ["input", "target", "var", "full?", "eps?", "reduction?"], args, kwargs);
  const fn = "gaussian_nll_loss";
  const x = tensorParam(input, fn, "input", 1);
  const t = tensorParam(target, fn, "target", 2);
  let v = tensorParam(variance, fn, "var", 3);
  if (!sameSize(v, x)) {
    const leading = (shape: readonly number[]): string => shape.slice(0, -1).join(",");
    if (leading(x.shape) === v.shape.join(",") && v.dim === x.dim - 1) v = E.unsqueeze(v, -1);
    else if (!(v.dim === x.dim && leading(x.shape) === leading(v.shape) && v.shape[v.dim - 1] === 1)) {
      throw new PyException("ValueError", "var is of incorrect size");
    }
  }
  const mode = reduction ?? "mean";
  if (mode !== "none" && mode !== "mean" && mode !== "sum") throw new PyException("ValueError", `${String(mode)} is not valid`);
  if (v.contiguousData().some((e) => e < 0)) throw new PyException("ValueError", "var has negative entry/entries");
  const floor = numberArg(eps, fn, 1e-6);
  v = E.clone(v);
  E.withGradMode(false, () => E.applyInPlace(v, (t) => E.clamp(t, { value: floor }, null)));
  let loss = E.mulScalar(E.add(E.log(v), E.div(E.pow(E.sub(x, t), 2), v)), { value: 0.5 });
  // `loss += float` in functional.py: add_ with a wrapped number, an AddBackward0.
  if (flag(full, false)) loss = E.add(loss, { value: 0.5 * Math.log(2 * Math.PI) });
  return reduced(loss, mode);
};

/** cosine_embedding_loss: 1 − cos for target 1, max(0, cos − margin) for target −1. */
const cosineEmbeddingLoss: NativeImpl = (args, kwargs) => {
  const [input1, input2, target, margin, sizeAverage, reduce, reduction] = parseArgs("cosine_embedding_loss",
    ["input1", "input2", "target", "margin?", "size_average?", "reduce?", "reduction?"], args, kwargs);
  const fn = "cosine_embedding_loss";
  const mode = reductionArg(reduction, sizeAverage, reduce);
  const [a, b, t] = [tensorParam(input1, fn, "input1", 1), tensorParam(input2, fn, "input2", 2), tensorParam(target, fn, "target", 3)];
  const dim = t.dim;
  if (dim === 1 && (a.dim !== 2 || b.dim !== 2)) {
    throw new PyException("RuntimeError", `1D target tensor expects 2D input tensors, but found inputs with sizes ${sizeRepr(a).slice(11, -1)} and ${sizeRepr(b).slice(11, -1)}.`);
  }
  const EPSILON = { value: 1e-12 };
  const prodSum = E.sum(E.mul(a, b), dim);
  const magnitude1 = E.addScalar(E.sum(E.mul(a, a), dim), EPSILON);
  const magnitude2 = E.addScalar(E.sum(E.mul(b, b), dim), EPSILON);
  const cos = E.div(prodSum, E.sqrt(E.mul(magnitude1, magnitude2)));
  const positive = E.rsub(cos, 1);
  const negative = E.clamp(E.subScalar(cos, { value: numberArg(margin, fn, 0) }), 0, null);
  const zeros = E.Tensor.zeros(cos.shape, cos.dtype);
  const output = E.add(E.where(E.compare("eq", t, 1), positive, zeros), E.where(E.compare("eq", t, -1), negative, zeros));
  return reduced(output, mode);
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
    ["gaussian_nll_loss", gaussianNllLoss],
    ["cosine_embedding_loss", cosineEmbeddingLoss],
  ]),
  functions: new Map<string, NativeImpl>([
    ["dropout", torchDropout],
    ["pairwise_distance", pairwiseDistance],
    ["prelu", prelu],
    ["cosine_similarity", cosineSimilarity],
    ["cdist", cdist],
  ]),
};
