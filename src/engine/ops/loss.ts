// Loss functions (torch.nn.functional): mse, l1, binary cross-entropy (plain and with logits), nll
// and cross-entropy, with PyTorch's grad_fn names, float32 rounding steps and reductions. Fused
// losses record one node and their *_backward as nodes of their own, so double backward works.

import { allocate, isFloating } from "../dtype";
import { runtimeError, TorchError } from "../errors";
import { isGradEnabled } from "../grad_mode";
import { Tensor } from "../tensor";
import {
  abs, add, addScalar, compare, div, divScalar, log, logicalNot, mul, mulScalar, neg, notImplementedFor, pow,
  reduceGrad, roundingOf, scalarTypeName, sigmoid, sub, zerosLike,
} from "./elementwise";
import { logSigmoid } from "./activation";
import { broadcastShapes, mapKernel, scalarTensor, zipKernel } from "./kernels";
import { resultType } from "./operand";
import { where } from "./select";
import { record } from "./record";
import { mean, sum } from "./reduction";
import { logSoftmax } from "./softmax";
import { zip3Kernel } from "./ternary_kernel";
import { expand } from "./view";

export type Reduction = "none" | "mean" | "sum";

const reductionEnum: Record<Reduction, number> = { none: 0, mean: 1, sum: 2 };

/** apply_loss_reduction: the elementwise losses as they are, averaged or summed. */
function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === "none" ? loss : reduction === "mean" ? mean(loss) : sum(loss);
}

/** Divides by the element count for `mean`, as the fused backward kernels do. */
function perElement(t: Tensor, reduction: Reduction, count: number): Tensor {
  return reduction === "mean" ? divScalar(t, count) : t;
}

const EPSILON = 1e-12;

/** torch.broadcast_tensors for two: each expanded to the common shape, where it differs from it. */
export function broadcastPair(a: Tensor, b: Tensor): [Tensor, Tensor] {
  const shape = broadcastShapes(a.shape, b.shape);
  const spread = (t: Tensor): Tensor => (t.dim === shape.length && t.shape.every((s, d) => s === shape[d]) ? t : expand(t, shape));
  return [spread(a), spread(b)];
}

// --- mean squared error

export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction): Tensor {
  const dtype = resultType([input, target]);
  if (!isFloating(dtype)) throw runtimeError(notImplementedFor("mse_cpu", dtype));
  const r = roundingOf(dtype);
  const squares = zipKernel(input, target, dtype, dtype, (a, b) => { const d = r(a - b); return d * d; });
  return record(applyReduction(squares, reduction), {
    name: "MseLossBackward0",
    inputs: [input, target],
    saved: [[input, "self"], [target, "target"]],
    savedScalars: { reduction: reductionEnum[reduction] },
    formula: (g, [self, tgt], needs) => [
      needs[0] ? reduceGrad(mseLossBackward(g, self, tgt, reduction), input) : null,
      needs[1] ? reduceGrad(mseLossBackward(g, tgt, self, reduction), target) : null,
    ],
  });
}

/** mse_loss_backward: norm·(self − target)·grad, norm = 2 (or 2/numel for mean). */
function mseLossBackward(grad: Tensor, self: Tensor, target: Tensor, reduction: Reduction): Tensor {
  checkSameDType(self, [target, grad]);
  const dtype = self.dtype;
  const r = roundingOf(dtype);
  const norm = r(reduction === "mean" ? 2 / self.numel : 2);
  const result = zip3Kernel(self, target, grad, dtype, (a, b, g) => r(norm * r(r(a) - r(b))) * r(g));
  // mse_loss_double_backward: 2·grad (divided by numel for mean); the target's is its negation.
  const second = (gg: Tensor, go: Tensor): Tensor => perElement(mulScalar(mul(gg, go), 2), reduction, self.numel);
  return record(result, {
    name: "MseLossBackwardBackward0",
    inputs: [grad, self, target],
    saved: [[grad, "grad_output"], [self, "self"], [target, "target"]],
    formula: (gg, [go, s, t], needs) => [
      needs[0] ? reduceGrad(mseLossBackward(gg, s, t, reduction), grad) : null,
      needs[1] ? reduceGrad(second(gg, go), self) : null,
      needs[2] ? reduceGrad(neg(second(gg, go)), target) : null,
    ],
  });
}

// --- mean absolute error: a composite of differentiable ops in PyTorch too.

export function l1Loss(input: Tensor, target: Tensor, reduction: Reduction): Tensor {
  const loss = abs(sub(input, target));
  return reduction === "none" ? loss : reduction === "mean" ? mean(loss) : sum(loss);
}

// --- binary cross-entropy on probabilities

function checkSameDType(input: Tensor, others: readonly (Tensor | null)[]): void {
  for (const t of others) {
    if (t && t.dtype !== input.dtype) {
      throw runtimeError(`Found dtype ${scalarTypeName(t.dtype)} but expected ${scalarTypeName(input.dtype)}`);
    }
  }
}

/** Arguments autograd has no formula for may not require grad (check_no_requires_grad). */
function checkNotDifferentiable(fn: string, args: Record<string, Tensor | null>): void {
  if (!isGradEnabled()) return;
  for (const [name, t] of Object.entries(args)) {
    if (t && t.requiresGrad) {
      throw runtimeError(`The function '${fn}' is not differentiable with respect to argument '${name}'. This input cannot have requires_grad True.`);
    }
  }
}

function weighted(loss: Tensor, weight: Tensor | null): Tensor {
  return weight ? zipKernel(loss, weight, loss.dtype, loss.dtype, (l, w) => l * w) : loss;
}

export function binaryCrossEntropy(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction): Tensor {
  checkSameDType(input, [target, weight]);
  const dtype = input.dtype;
  if (!isFloating(dtype)) throw runtimeError(notImplementedFor("binary_cross_entropy", dtype));
  checkNotDifferentiable("binary_cross_entropy", { weight });
  const r = roundingOf(dtype);
  const losses = zipKernel(input, target, dtype, dtype, (x, t) => {
    if (!(x >= 0 && x <= 1)) throw runtimeError("all elements of input should be between 0 and 1");
    return r(r(t - 1) * Math.max(r(Math.log(r(1 - x))), -100)) - r(t * Math.max(r(Math.log(x)), -100));
  });
  return record(applyReduction(weighted(losses, weight), reduction), {
    name: "BinaryCrossEntropyBackward0",
    inputs: [input, target],
    saved: [[input, "self"], [target, "target"], ...(weight ? [[weight, "weight"] as const] : [])],
    savedScalars: { reduction: reductionEnum[reduction] },
    formula: (g, [self, tgt, w], needs) => [
      needs[0] ? bceBackward(g, self, tgt, w ?? null, reduction) : null,
      needs[1] ? bceTargetBackward(g, self, w ?? null, reduction) : null,
    ],
  });
}

/** binary_cross_entropy_backward: grad·(x − t)/max((1 − x)·x, ε), weighted, /numel for mean. */
function bceBackward(grad: Tensor, self: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction): Tensor {
  const dtype = self.dtype;
  const r = roundingOf(dtype);
  const eps = r(EPSILON);
  let result = zip3Kernel(grad, self, target, dtype, (g, x, t) => r(g * r(x - t)) / Math.max(r(r(1 - x) * x), eps));
  result = weighted(result, weight);
  if (reduction === "mean") result = mapKernel(result, dtype, (v) => v / self.numel);
  const weigh = (t: Tensor): Tensor => (weight ? mul(t, weight) : t);
  return record(result, {
    name: "BinaryCrossEntropyBackwardBackward0",
    inputs: [grad, self, target],
    saved: [[grad, "grad_output"], [self, "self"], [target, "target"]],
    formula: (gg, [go, x, t], needs) => [
      needs[0] ? reduceGrad(applyReduction(mul(weigh(div(sub(x, t), bceDenominator(x))), gg), reduction), grad) : null,
      needs[1] ? reduceGrad(perElement(weigh(mul(bceCurvature(x, t), mul(gg, go))), reduction, x.numel), self) : null,
      needs[2] ? reduceGrad(perElement(weigh(div(neg(mul(gg, go)), bceDenominator(x))), reduction, x.numel), target) : null,
    ],
  });
}

// The double-backward formulas use (x + ε) and (1 − x + ε) where the kernel clamps the product at ε.
const plusEps = (t: Tensor): Tensor => addScalar(t, { value: EPSILON });
const bceDenominator = (x: Tensor): Tensor => mul(plusEps(x), plusEps(sub(1, x)));

/** d²bce/dx² up to the weight: (x² − 2xt + t) / ((x + ε)²(1 − x + ε)²). */
function bceCurvature(x: Tensor, t: Tensor): Tensor {
  const numerator = add(sub(mul(x, x), mul(mulScalar(x, 2), t)), t);
  return div(numerator, mul(pow(plusEps(x), 2), pow(plusEps(sub(1, x)), 2)));
}

/** binary_cross_entropy_target_backward: −logit(x)·grad = (log(1 − x) − log x)·grad, weighted, /numel for mean. */
function bceTargetBackward(grad: Tensor, self: Tensor, weight: Tensor | null, reduction: Reduction): Tensor {
  const g = mul(sub(log(sub(1, self)), log(self)), grad);
  return perElement(weight ? mul(g, weight) : g, reduction, self.numel);
}

// --- binary cross-entropy on logits

export function binaryCrossEntropyWithLogits(
  input: Tensor, target: Tensor, weight: Tensor | null, posWeight: Tensor | null, reduction: Reduction,
): Tensor {
  // PyTorch's composite writes float results into integer tensors in place, and refuses.
  const integral = [target, input].find((t) => !isFloating(t.dtype));
  if (integral) throw runtimeError(`result type Float can't be cast to the desired output type ${scalarTypeName(integral.dtype)}`);
  checkNotDifferentiable("binary_cross_entropy_with_logits", { weight, pos_weight: posWeight });
  const dtype = resultType([input, target]);
  const r = roundingOf(dtype);
  // (1 − t)·x + max + log(e^−max + e^(−x−max)), max = max(−x, 0); pos_weight scales the log term.
  const logTerm = (x: number, m: number): number => r(Math.log(r(r(Math.exp(-m)) + r(Math.exp(r(-x - m))))));
  const losses = zip3Kernel(input, target, posWeight ?? scalarTensor(1, dtype), dtype, (x, t, pw) => {
    const m = Math.max(-x, 0);
    const linear = r(r(1 - t) * x);
    if (!posWeight) return r(linear + m) + logTerm(x, m);
    const logWeight = r(r(r(pw - 1) * t) + 1);
    return linear + r(logWeight * r(logTerm(x, m) + m));
  });
  const weigh = (t: Tensor): Tensor => (weight ? mul(t, weight) : t);
  return record(applyReduction(weighted(losses, weight), reduction), {
    name: "BinaryCrossEntropyWithLogitsBackward0",
    inputs: [input, target],
    saved: [[input, "self"], [target, "target"]],
    savedScalars: { reduction: reductionEnum[reduction] },
    formula: (g, [x, t], needs) => {
      let selfGrad: Tensor | null = null;
      if (needs[0]) {
        const scaled = posWeight ? mul(posWeight, t) : null;
        const base = scaled ? sub(mul(sub(addScalar(scaled, 1), t), sigmoid(x)), scaled) : sub(sigmoid(x), t);
        selfGrad = reduceGrad(perElement(weigh(mul(base, g)), reduction, x.numel), input);
      }
      let targetGrad: Tensor | null = null;
      if (needs[1]) {
        const base = posWeight ? sub(logSigmoid(neg(x)), mul(logSigmoid(x), posWeight)) : neg(x);
        targetGrad = reduceGrad(perElement(weigh(mul(base, g)), reduction, x.numel), target);
      }
      return [selfGrad, targetGrad];
    },
  });
}

// --- negative log-likelihood and cross-entropy

interface NllOptions {
  weight: Tensor | null;
  reduction: Reduction;
  ignoreIndex: number;
}

function checkNll(input: Tensor, target: Tensor, weight: Tensor | null): void {
  if (input.dim < 1) throw new TorchError("ValueError", `Expected 1 or more dimensions (got ${input.dim})`);
  if (input.dim !== 1 && input.shape[0] !== target.shape[0]) {
    throw new TorchError("ValueError", `Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0]}).`);
  }
  if (input.dim > 2) throw runtimeError("Autograd Lens supports nll_loss and cross_entropy on 1-D and 2-D input only, so far");
  if (target.dim > 1) throw runtimeError("0D or 1D target tensor expected, multi-target not supported");
  if (input.dim === 1 && target.dim !== 0) {
    throw runtimeError(`size mismatch (got input: [${input.shape.join(", ")}], target: [${target.shape.join(", ")}])`);
  }
  const classes = input.shape[input.dim - 1];
  if (weight && (weight.dim !== 1 || weight.numel !== classes)) {
    throw runtimeError(`weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: [${weight.shape.join(", ")}]`);
  }
  if (target.dtype !== "int64") throw runtimeError(`expected scalar type Long but found ${scalarTypeName(target.dtype)}`);
  if (!isFloating(input.dtype)) throw runtimeError(notImplementedFor("nll_loss_out_frame", input.dtype));
}

/** The class of each sample, or null where it is ignore_index; IndexError when out of range. */
function targetClasses(target: Tensor, classes: number, ignoreIndex: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i < target.numel; i++) {
    const c = target.at(i);
    if (c === ignoreIndex) {
      out.push(null);
      continue;
    }
    if (c < 0 || c >= classes) throw new TorchError("IndexError", `Target ${c} is out of bounds.`);
    out.push(c);
  }
  return out;
}

/** nll_loss's sums: partial sums cascaded every 16 samples, as PyTorch's kernel adds them. */
class CascadeSum {
  private readonly levels = new Float64Array(8);
  constructor(private readonly r: (v: number) => number) {}

  add(index: number, value: number): void {
    const r = this.r;
    this.levels[0] = r(this.levels[0] + value);
    for (let j = 0; j + 1 < this.levels.length; j++) {
      if ((index & (15 * 16 ** j)) !== 0) break;
      this.levels[j + 1] = r(this.levels[j + 1] + this.levels[j]);
      this.levels[j] = 0;
    }
  }

  total(): number {
    let total = 0;
    for (const v of this.levels) total = this.r(total + v);
    return total;
  }
}

export function nllLoss(input: Tensor, target: Tensor, options: NllOptions): Tensor {
  const { weight, reduction, ignoreIndex } = options;
  checkNll(input, target, weight);
  checkNotDifferentiable("nll_loss", { weight });
  const dtype = input.dtype;
  const r = roundingOf(dtype);
  const classes = input.shape[input.dim - 1];
  const picked = targetClasses(target, classes, ignoreIndex);
  const value = (i: number, c: number): number => input.at(i * classes + c);
  const weightOf = (c: number): number => (weight ? weight.at(c) : 1);
  let result: Tensor;
  let totalWeight: number;
  if (reduction === "none" && input.dim === 2) {
    const out = allocate(dtype, picked.length);
    picked.forEach((c, i) => { out[i] = c === null ? 0 : -value(i, c) * weightOf(c); });
    result = Tensor.fromStorage(out, [picked.length], dtype);
    totalWeight = 0;
  } else {
    const losses = new CascadeSum(r);
    const weights = new CascadeSum(r);
    let ignored = 0;
    picked.forEach((c, i) => {
      if (c === null) {
        ignored++;
        return;
      }
      losses.add(i, -r(value(i, c) * weightOf(c)));
      weights.add(i, weightOf(c));
    });
    totalWeight = weight ? weights.total() : picked.length - ignored;
    const total = losses.total();
    result = scalarTensor(reduction === "mean" ? r(total / totalWeight) : total, dtype);
  }
  const nll = { weight, reduction, ignoreIndex };
  return record(result, {
    name: "NllLossBackward0",
    inputs: [input],
    savedScalars: { reduction: reductionEnum[reduction], ignore_index: ignoreIndex },
    formula: (g) => [nllLossBackward(g, input, target, nll, totalWeight)],
  });
}

/** nll_loss_backward: −weight[t]·grad at each sample's target class (÷ total weight for mean), zero elsewhere. */
function nllLossBackward(grad: Tensor, input: Tensor, target: Tensor, options: NllOptions, totalWeight: number): Tensor {
  const { weight, reduction, ignoreIndex } = options;
  const dtype = input.dtype;
  const r = roundingOf(dtype);
  const classes = input.shape[input.dim - 1];
  const result = Tensor.zeros(input.shape, dtype);
  const out = result.storage.data;
  const perSample = reduction === "none" && input.dim === 2;
  const shared = perSample ? 0 : -(reduction === "mean" ? r(grad.item() / totalWeight) : grad.item());
  targetClasses(target, classes, ignoreIndex).forEach((c, i) => {
    if (c === null) return;
    const w = weight ? weight.at(c) : 1;
    out[i * classes + c] = perSample ? r(-w * grad.at(i)) : r(w * shared);
  });
  return record(result, {
    name: "NllLossBackwardBackward0",
    inputs: [grad, input],
    formula: (gg, _saved, needs) => [
      needs[0] ? reduceGrad(nllLoss(gg, target, options), grad) : null,
      needs[1] ? zerosLike(gg) : null,
    ],
  });
}

export interface CrossEntropyOptions extends NllOptions {
  labelSmoothing: number;
}

/** cross_entropy: log_softmax then nll_loss for class indices; −Σ target·log_softmax for probabilities. */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions): Tensor {
  const classDim = input.dim === 1 ? 0 : 1;
  const classes = input.shape[classDim];
  const smoothing = options.labelSmoothing;
  if (target.dim === input.dim && target.shape.every((size, d) => size === input.shape[d])) {
    if (!isFloating(target.dtype)) {
      throw runtimeError(`Expected floating point type for target with class probabilities, got ${scalarTypeName(target.dtype)}`);
    }
    const logProbs = logSoftmax(input, classDim);
    const smoothed = smoothing > 0 ? addScalar(mulScalar(target, { value: 1 - smoothing }), { value: smoothing / classes }) : target;
    const products = options.weight ? mul(mul(logProbs, smoothed), options.weight) : mul(logProbs, smoothed);
    if (options.reduction === "none") return neg(sum(products, classDim));
    const total = neg(sum(products));
    return options.reduction === "sum" ? total : divScalar(total, Math.trunc(input.numel / classes));
  }
  const logProbs = logSoftmax(input, classDim);
  const nll = nllLoss(logProbs, target, options);
  if (smoothing <= 0) return nll;
  if (options.weight) throw runtimeError("Autograd Lens supports label_smoothing without class weights only, so far");
  const ignored = compare("eq", target, options.ignoreIndex);
  const smooth = where(ignored, 0, neg(sum(logProbs, classDim)));
  const reduced = options.reduction === "none" ? smooth
    : options.reduction === "sum" ? sum(smooth) : div(sum(smooth), sum(logicalNot(ignored)));
  return add(mulScalar(nll, { value: 1 - smoothing }), mulScalar(reduced, { value: smoothing / classes }));
}
