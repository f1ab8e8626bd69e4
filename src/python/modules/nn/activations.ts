// The activation modules beyond layers.ts's: GELU, ELU, SELU, SiLU, Softplus, Hardtanh, ReLU6,
// LogSigmoid, LogSoftmax and Softmin, each with 1.13's extra_repr.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { PyInstance } from "../../classes";
import { PyException } from "../../errors";
import { asIndex, truthy } from "../../protocols";
import { repr, str } from "../../repr";
import { PyFloat, Value } from "../../values";
import { scalarArg } from "../tensor_args";
import { layerClass } from "./layers";

/** A constructor option as layerClass stored it. */
export const option = (self: PyInstance, name: string): Value => self.dict.get(name) ?? null;

const inplace = (self: PyInstance): boolean => truthy(option(self, "inplace"));

/** `inplace=True` alone, or after other options (", inplace=True"), as the modules print it. */
const inplaceRepr = (self: PyInstance): string => (inplace(self) ? "inplace=True" : "");
const inplaceSuffix = (self: PyInstance): string => (inplace(self) ? ", inplace=True" : "");

/** The op, or its in-place form writing into the input when the module was built with inplace=True. */
const maybeInPlace = (op: (self: PyInstance, x: Tensor, inPlace: boolean) => Tensor) => (self: PyInstance, x: Tensor): Tensor =>
  inplace(self) ? E.applyInPlace(x, (t) => op(self, t, true)) : op(self, x, false);

const scalarOption = (self: PyInstance, name: string, fn: string): E.Scalar => scalarArg(option(self, name), fn) ?? 0;

/** F._get_softmax_dim for a module built without dim, with the function's name in the warning. */
function implicitDim(self: PyInstance, x: Tensor, fn: string): number {
  const dim = option(self, "dim");
  if (dim !== null) return asIndex(dim);
  E.warn("UserWarning", `Implicit dimension choice for ${fn} has been deprecated. Change the call to include dim=X as an argument.`);
  return x.dim === 0 || x.dim === 1 || x.dim === 3 ? 0 : 1;
}

const dimRepr = (self: PyInstance): string => `dim=${str(option(self, "dim"))}`;

/** F.gelu checks the approximation when called, not when the module is built. */
function approximation(self: PyInstance): E.GeluApproximation {
  const approximate = option(self, "approximate");
  if (approximate !== "none" && approximate !== "tanh") throw new PyException("RuntimeError", "approximate argument must be either none or tanh.");
  return approximate;
}

const hardtanh = (self: PyInstance, x: Tensor): Tensor =>
  E.hardtanh(x, scalarOption(self, "min_val", "hardtanh"), scalarOption(self, "max_val", "hardtanh"));

export const activationClasses = [
  layerClass({
    name: "GELU", file: "activation", options: [["approximate", "none"]],
    forward: (self, x) => E.gelu(x, approximation(self)),
    extraRepr: (self) => `approximate=${repr(option(self, "approximate"))}`,
  }),
  layerClass({
    name: "ELU", file: "activation", options: [["alpha", new PyFloat(1)], ["inplace", false]],
    forward: maybeInPlace((self, x, inPlace) => E.elu(x, scalarOption(self, "alpha", "elu"), 1, 1, inPlace)),
    extraRepr: (self) => `alpha=${str(option(self, "alpha"))}${inplaceSuffix(self)}`,
  }),
  layerClass({ name: "SELU", file: "activation", options: [["inplace", false]], forward: maybeInPlace((_self, x, inPlace) => E.selu(x, inPlace)), extraRepr: inplaceRepr }),
  layerClass({ name: "SiLU", file: "activation", options: [["inplace", false]], forward: maybeInPlace((_self, x) => E.silu(x)), extraRepr: inplaceRepr }),
  layerClass({
    name: "Softplus", file: "activation", options: [["beta", 1], ["threshold", 20]],
    forward: (self, x) => E.softplus(x, scalarOption(self, "beta", "softplus"), scalarOption(self, "threshold", "softplus")),
    extraRepr: (self) => `beta=${str(option(self, "beta"))}, threshold=${str(option(self, "threshold"))}`,
  }),
  layerClass({
    name: "Hardtanh", file: "activation", options: [["min_val", new PyFloat(-1)], ["max_val", new PyFloat(1)], ["inplace", false]],
    forward: maybeInPlace(hardtanh),
    extraRepr: (self) => `min_val=${str(option(self, "min_val"))}, max_val=${str(option(self, "max_val"))}${inplaceSuffix(self)}`,
  }),
  layerClass({
    name: "ReLU6", file: "activation", options: [["inplace", false]],
    // ReLU6 is a Hardtanh(0., 6.): the bounds are attributes too.
    setup: (self) => {
      self.dict.set("min_val", new PyFloat(0));
      self.dict.set("max_val", new PyFloat(6));
    },
    forward: maybeInPlace(hardtanh), extraRepr: inplaceRepr,
  }),
  layerClass({ name: "LogSigmoid", file: "activation", options: [], forward: (_self, x) => E.logSigmoid(x) }),
  layerClass({
    name: "LogSoftmax", file: "activation", options: [["dim", null]],
    forward: (self, x) => E.logSoftmax(x, implicitDim(self, x, "log_softmax")), extraRepr: dimRepr,
  }),
  layerClass({
    name: "Softmin", file: "activation", options: [["dim", null]],
    forward: (self, x) => E.softmax(E.neg(x), implicitDim(self, x, "softmin")), extraRepr: dimRepr,
  }),
];
