// The losses beyond loss.ts with fused kernels of their own: smooth L1, Huber and soft margin.
// Inputs arrive broadcast to a common shape (as functional.py's expand does).

import { isFloating } from "../dtype";
import { runtimeError } from "../errors";
import { withGradMode } from "../grad_mode";
import { Tensor } from "../tensor";
import { addScalar, div, divScalar, mul, mulScalar, neg, reduceGrad, sub } from "./elementwise";
import { exp, unary } from "./elementwise";
import { compare } from "./comparison";
import { zipKernel } from "./kernels";
import { notImplementedFor, roundingOf } from "./op_support";
import { resultType } from "./operand";
import { record } from "./record";
import { mean, sum } from "./reduction";
import { where } from "./select";
import type { Reduction } from "./loss";

const reductionEnum: Record<Reduction, number> = { none: 0, mean: 1, sum: 2 };

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === "none" ? loss : reduction === "mean" ? mean(loss) : sum(loss);
}

/** The gradient's scale: 1/numel for a mean, applied first as the backward kernels do. */
const normed = (g: Tensor, reduction: Reduction, numel: number): Tensor =>
  (reduction === "mean" ? mulScalar(g, { value: 1 / numel }) : g);

interface DistanceLoss {
  gradFn: string;
  kernel: string;
  /** Loss of one element from z = |input − target|. */
  forward: (r: (v: number) => number) => (z: number) => number;
  /** d loss / d input times the normed grad, from x = input − target. */
  backward: (normedGrad: Tensor, x: Tensor) => Tensor;
  savedScalars: Record<string, number>;
}

function distanceLoss(input: Tensor, target: Tensor, reduction: Reduction, op: DistanceLoss): Tensor {
  const dtype = resultType([input, target]);
  if (!isFloating(dtype)) throw runtimeError(notImplementedFor(op.kernel, dtype));
  const r = roundingOf(dtype);
  const perElement = op.forward(r);
  const losses = zipKernel(input, target, dtype, dtype, (a, b) => perElement(Math.abs(r(a - b))));
  const numel = losses.numel;
  const gradFor = (g: Tensor, self: Tensor, other: Tensor): Tensor => op.backward(normed(g, reduction, numel), sub(self, other));
  return record(reduce(losses, reduction), {
    name: op.gradFn, inputs: [input, target], saved: [[input, "self"], [target, "target"]],
    savedScalars: { ...op.savedScalars, reduction: reductionEnum[reduction] },
    formula: (g, [self, tgt], needs) => [
      needs[0] ? reduceGrad(gradFor(g, self, tgt), input) : null,
      needs[1] ? reduceGrad(gradFor(g, tgt, self), target) : null,
    ],
  });
}

export function smoothL1Loss(input: Tensor, target: Tensor, reduction: Reduction, beta: number): Tensor {
  if (beta < 0) throw runtimeError("smooth_l1_loss does not support negative values for beta.");
  return distanceLoss(input, target, reduction, {
    gradFn: "SmoothL1LossBackward0", kernel: "smooth_l1_cpu", savedScalars: { beta },
    forward: (r) => { const b = r(beta); return (z) => (z < b ? r(r(0.5 * z) * z) / b : z - r(0.5 * b)); },
    backward: (ng, x) => where(compare("lt", x, -beta), neg(ng),
      where(compare("gt", x, beta), ng, divScalar(mul(x, ng), { value: beta }))),
  });
}

export function huberLoss(input: Tensor, target: Tensor, reduction: Reduction, delta: number): Tensor {
  if (!(delta > 0)) throw runtimeError("huber_loss does not support non-positive values for delta.");
  return distanceLoss(input, target, reduction, {
    gradFn: "HuberLossBackward0", kernel: "huber_cpu", savedScalars: { delta },
    forward: (r) => { const d = r(delta); return (z) => (z < d ? r(0.5 * z) * z : d * r(z - r(0.5 * d))); },
    backward: (ng, x) => where(compare("lt", x, -delta), mulScalar(ng, { value: -delta }),
      where(compare("gt", x, delta), mulScalar(ng, { value: delta }), mul(x, ng))),
  });
}

/** soft_margin_loss: log(1 + exp(−input·target)), computed with PyTorch's own op sequence. */
export function softMarginLoss(input: Tensor, target: Tensor, reduction: Reduction): Tensor {
  const losses = withGradMode(false, () => unary("log1p", exp(mul(neg(input), target))));
  const numel = losses.numel;
  return record(reduce(losses, reduction), {
    name: "SoftMarginLossBackward0", inputs: [input], saved: [[input, "self"], [target, "target"]],
    savedScalars: { reduction: reductionEnum[reduction] },
    // soft_margin_loss_backward: −norm·target·z/(1 + z)·grad with z = exp(−target·input).
    formula: (g, [self, tgt]) => {
      const z = exp(mul(neg(tgt), self));
      return [reduceGrad(mul(div(mul(mulScalar(tgt, { value: reduction === "mean" ? -1 / numel : -1 }), z), addScalar(z, 1)), g), input)];
    },
  });
}
