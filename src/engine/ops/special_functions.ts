// Unary special functions (erfinv, lgamma, digamma, polygamma, sinc, deg2rad, rad2deg), one
// table entry each in elementwise.ts's shape, and nan_to_num.

import { DType, isFloating } from "../dtype";
import { Tensor } from "../tensor";
import type { BackwardFormula } from "../autograd/node";
import { div, mul, mulScalar, pow, sub } from "./arithmetic";
import { compare } from "./comparison";
import { exp, unary } from "./elementwise";
import { mapKernel, scalarTensor } from "./kernels";
import { record, sharedFormula } from "./record";
import { roundingOf } from "./op_support";
import { where } from "./select";
import { digamma as digammaValue, erfinv as erfinvValue, lgamma as lgammaValue, polygamma as polygammaValue } from "./special_math";

const f32 = Math.fround;
const PI_180 = Math.PI / 180;
const PI_180_F = f32(PI_180);
const DEG_PER_RAD = 180 / Math.PI;
const DEG_PER_RAD_F = f32(DEG_PER_RAD);
const PI_F = f32(Math.PI);
const SQRT_PI = Math.sqrt(Math.PI);

interface SpecialOp {
  gradFn: string;
  forward: (x: number) => number;
  /** PyTorch's float overload where it computes in float rather than rounding a double result. */
  float32?: (x: number) => number;
  saves: "self" | "result";
  backward: (grad: Tensor, saved: Tensor) => Tensor;
}

/** sinc's kernel: sin(πx)/(πx), 1 at 0, with πx rounded to the dtype first. */
function sincOf(r: (v: number) => number, pi: number): (x: number) => number {
  return (x) => {
    if (x === 0) return 1;
    const product = r(pi * x);
    return r(Math.sin(product)) / product;
  };
}

export const specialOps = {
  deg2rad: { gradFn: "Deg2RadBackward0", forward: (x) => x * PI_180, float32: (x) => x * PI_180_F, saves: "self",
    backward: (g) => mulScalar(g, { value: PI_180 }) },
  rad2deg: { gradFn: "Rad2DegBackward0", forward: (x) => x * DEG_PER_RAD, float32: (x) => x * DEG_PER_RAD_F, saves: "self",
    backward: (g) => mulScalar(g, { value: DEG_PER_RAD }) },
  sinc: { gradFn: "SincBackward0", forward: sincOf((v) => v, Math.PI), float32: sincOf(f32, PI_F), saves: "self",
    // sinc_backward: (πx cos πx − sin πx) / (πx²), zero where πx² is 0.
    backward: (g, self) => {
      const selfPi = mulScalar(self, { value: Math.PI });
      const squaredPi = mulScalar(mul(self, self), { value: Math.PI });
      const out = div(mul(g, sub(mul(selfPi, unary("cos", selfPi)), unary("sin", selfPi))), squaredPi);
      return where(compare("eq", squaredPi, { value: 0 }), scalarTensor(0, g.dtype), out);
    } },
  erfinv: { gradFn: "ErfinvBackward0", forward: (x) => erfinvValue(x), float32: (x) => erfinvValue(x, f32), saves: "self",
    backward: (g, self) => mul(mulScalar(exp(pow(erfinv(self), 2)), { value: 0.5 * SQRT_PI }), g) },
  lgamma: { gradFn: "LgammaBackward0", forward: lgammaValue, saves: "self",
    backward: (g, self) => mul(g, digamma(self)) },
  digamma: { gradFn: "DigammaBackward0", forward: (x) => digammaValue(x), float32: (x) => digammaValue(f32(x), f32), saves: "self",
    backward: (g, self) => mul(g, polygamma(1, self)) },
} satisfies Record<string, SpecialOp>;

export type SpecialOpName = keyof typeof specialOps;

const specialFormula = ({ backward }: SpecialOp): BackwardFormula => (g, [s]) => [backward(g, s)];

/** Integer and bool inputs compute in the default float dtype, as PyTorch's float-only kernels do. */
const floatResult = (dtype: DType): DType => (isFloating(dtype) ? dtype : "float32");

export function special(name: SpecialOpName, x: Tensor): Tensor {
  const op: SpecialOp = specialOps[name];
  const outDtype = floatResult(x.dtype);
  const result = mapKernel(x, outDtype, (outDtype === "float32" && op.float32) || op.forward);
  return record(result, {
    name: op.gradFn, inputs: [x], saved: [[op.saves === "self" ? x : result, op.saves]],
    formula: sharedFormula(op, specialFormula),
  });
}

export const erfinv = (x: Tensor): Tensor => special("erfinv", x);
export const digamma = (x: Tensor): Tensor => special("digamma", x);

/** polygamma(n, x): the n-th derivative of digamma (digamma itself for n = 0, still PolygammaBackward0). */
export function polygamma(n: number, x: Tensor): Tensor {
  const outDtype = floatResult(x.dtype);
  const round = roundingOf(outDtype);
  const result = mapKernel(x, outDtype, (v) => (n === 0 ? digammaValue(v, round) : round(polygammaValue(n, v))));
  return record(result, {
    name: "PolygammaBackward0", inputs: [x], saved: [[x, "self"]], savedScalars: { n },
    formula: (g, [self]) => [mul(g, polygamma(n + 1, self))],
  });
}

/** nan_to_num: NaN, +inf and -inf replaced; the infinities default to the dtype's extremes. */
export function nanToNum(x: Tensor, nan: number, posinf: number | null, neginf: number | null): Tensor {
  if (!isFloating(x.dtype)) return mapKernel(x, x.dtype, (v) => v);
  const largest = x.dtype === "float32" ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const high = posinf ?? largest;
  const low = neginf ?? -largest;
  const result = mapKernel(x, x.dtype, (v) => (Number.isNaN(v) ? nan : v === Infinity ? high : v === -Infinity ? low : v));
  return record(result, {
    name: "NanToNumBackward0", inputs: [x], saved: [[x, "self"]],
    formula: (g, [self]) => [mul(g, mapKernel(self, "bool", (v) => (Number.isFinite(v) ? 1 : 0)))],
  });
}
