// Comparing whole tensors (allclose, isclose, equal) and one-sided clamps, as tutorials check results.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { broadcastShapes } from "../../../engine/ops/kernels";
import { parseArgs } from "../../args";
import { typeError } from "../../errors";
import { toArray, truthy } from "../../protocols";
import { Kwargs, PyFloat, PyList, PyTuple, Value } from "../../values";
import type { OpBindings, TensorMethod } from "../binding";
import { scalarArg, tensorParam } from "../tensor_args";

function real(v: Value | undefined, fallback: number): number {
  return v === undefined || v === null ? fallback : v instanceof PyFloat ? v.value : Number(v);
}

/** |a - b| <= atol + rtol·|b| elementwise, with PyTorch's handling of infinities and NaN. */
function isclose(a: Tensor, b: Tensor, rtol: number, atol: number, equalNan: boolean): Tensor {
  const dtype = E.resultType([a, b]);
  const x = E.castTo(E.detach(a), dtype);
  const y = E.castTo(E.detach(b), dtype);
  const shape = broadcastShapes(x.shape, y.shape);
  const out = E.zeros([...shape], "bool");
  const xs = E.expand(x, shape);
  const ys = E.expand(y, shape);
  const data = out.storage.data;
  for (let i = 0; i < out.numel; i++) {
    const p = xs.at(i);
    const q = ys.at(i);
    data[i] = p === q || (equalNan && Number.isNaN(p) && Number.isNaN(q))
      || (Number.isFinite(p) && Number.isFinite(q) && Math.abs(p - q) <= atol + rtol * Math.abs(q)) ? 1 : 0;
  }
  return out;
}

const closeArgs = (fn: string, self: Tensor, args: Value[], kwargs: Kwargs) => {
  const [other, rtol, atol, equalNan] = parseArgs(fn, ["other", "rtol?", "atol?", "equal_nan?"], args, kwargs);
  return isclose(self, tensorParam(other, fn, "other", 2), real(rtol, 1e-5), real(atol, 1e-8), equalNan !== undefined && truthy(equalNan));
};

const allclose: TensorMethod = (self, args, kwargs) => {
  const close = closeArgs("allclose", self, args, kwargs);
  for (let i = 0; i < close.numel; i++) if (!close.at(i)) return false;
  return true;
};

const equal: TensorMethod = (self, args, kwargs) => {
  const other = tensorParam(parseArgs("equal", ["other"], args, kwargs)[0], "equal", "other", 2);
  if (self.dim !== other.dim || self.shape.some((s, d) => s !== other.shape[d])) return false;
  for (let i = 0; i < self.numel; i++) if (self.at(i) !== other.at(i)) return false;
  return true;
};

const clampSide = (side: "min" | "max"): TensorMethod => (self, args, kwargs) => {
  const [bound] = parseArgs(`clamp_${side}`, [side], args, kwargs);
  if (bound instanceof Tensor) return side === "min" ? E.clampTensor(self, bound, null) : E.clampTensor(self, null, bound);
  const scalar = scalarArg(bound, `clamp_${side}`);
  return side === "min" ? E.clamp(self, scalar, null) : E.clamp(self, null, scalar);
};

/** isnan / isinf / isfinite: a bool tensor, never differentiable. */
const classify = (test: (v: number) => boolean): TensorMethod => (self) => {
  const out = E.zeros([...self.shape], "bool");
  for (let i = 0; i < self.numel; i++) out.storage.data[i] = test(self.at(i)) ? 1 : 0;
  return out;
};

/** torch.gradient(input, *, spacing=1, dim=None, edge_order=1). */
const gradient: TensorMethod = (self, args, kwargs) => {
  const [spacing, dim, edgeOrder] = parseArgs("gradient", ["spacing?", "dim?", "edge_order?"], args, kwargs);
  if (edgeOrder !== undefined && Number(edgeOrder) !== 1) throw typeError("Autograd Lens supports torch.gradient with edge_order=1 only");
  const toSpacing = (v: Value): E.Spacing => (v instanceof Tensor ? v : real(v, 1));
  const spacings = spacing === undefined || spacing === null ? [1]
    : spacing instanceof PyTuple || spacing instanceof PyList ? toArray(spacing).map(toSpacing) : [toSpacing(spacing)];
  const dims = dim === undefined || dim === null ? null
    : dim instanceof PyTuple || dim instanceof PyList ? toArray(dim).map((d) => Number(d)) : [Number(dim)];
  return new PyTuple(E.numericGradient(self, spacings, dims));
};

export const bindings: OpBindings = {
  functions: new Map([["gradient", (args: Value[], kwargs: Kwargs) => gradient(tensorParam(args[0], "gradient", "input", 1), args.slice(1), kwargs)]]),
  methods: new Map<string, TensorMethod>([
    ["isnan", classify(Number.isNaN)],
    ["isinf", classify((v) => v === Infinity || v === -Infinity)],
    ["isfinite", classify(Number.isFinite)],
    ["allclose", allclose],
    ["isclose", (self, args, kwargs) => closeArgs("isclose", self, args, kwargs)],
    ["equal", equal],
    ["clamp_min", clampSide("min")],
    ["clamp_max", clampSide("max")],
  ]),
};
