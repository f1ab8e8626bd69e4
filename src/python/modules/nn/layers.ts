// The layers tutorials build with: Linear (with PyTorch's default initialisation, drawing from the
// default generator in PyTorch's order), the activations, Flatten and Identity.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { getClassObjectAttribute, PyClass, PyInstance, setClassObjectAttribute } from "../../classes";
import { PyException } from "../../errors";
import { asIndex, truthy } from "../../protocols";
import { repr } from "../../repr";
import { Kwargs, PyFloat, Value } from "../../values";
import { scalarArg } from "../tensor_args";
import { tensorParam } from "../bindings/signatures";
import { moduleClass, moduleState } from "./module";
import { method, numberOf } from "./native_class";
import { makeParameter } from "./parameter";

interface LayerSpec {
  name: string;
  /** The torch.nn.modules submodule that defines it, for the class repr. */
  file: string;
  /** Constructor parameters (parseArgs names) and their defaults, stored as attributes. */
  options: readonly (readonly [string, Value])[];
  forward: (self: PyInstance, input: Tensor) => Tensor;
  extraRepr?: (self: PyInstance) => string;
  /** Work after the options are stored (Linear's parameters). */
  setup?: (self: PyInstance) => void;
}

const option = (self: PyInstance, name: string): Value => self.dict.get(name) ?? null;

function initOptions(self: PyInstance, spec: LayerSpec, args: Value[], kwargs: Kwargs): void {
  moduleState(self);
  const values = parseArgs(spec.name, spec.options.map(([n]) => `${n}?`), args, kwargs);
  // Only an absent argument takes the default: an explicit None (BatchNorm's momentum) is kept.
  spec.options.forEach(([n, fallback], i) => setClassObjectAttribute(self, n, values[i] === undefined ? fallback : values[i]!));
}

export function layerClass(spec: LayerSpec, extra: [string, Value][] = []): PyClass {
  return new PyClass(spec.name, [moduleClass], new Map<string, Value>([
    method("__init__", (self, args, kwargs) => {
      initOptions(self, spec, args, kwargs);
      spec.setup?.(self);
      return null;
    }),
    method("forward", (self, args, kwargs) => {
      const [input] = parseArgs("forward", ["input"], args, kwargs);
      return spec.forward(self, tensorParam(input, "forward", "input", 1));
    }),
    ...(spec.extraRepr ? [method("extra_repr", (self) => spec.extraRepr!(self))] : []),
    ...extra,
  ]), `torch.nn.modules.${spec.file}`);
}

/**
 * The start of Linear's and the convolutions' reset_parameters: a weight of `shape` filled by
 * init.kaiming_uniform_(w, a=sqrt(5)), with Python's arithmetic. Returns fan_in for the bias bound.
 */
export function setKaimingWeight(self: PyInstance, shape: readonly number[], dtype: E.DType = "float32"): number {
  const fanIn = shape.slice(1).reduce((n, s) => n * s, 1);
  const a = Math.sqrt(5);
  const gain = Math.sqrt(2.0 / (1 + a ** 2));
  const bound = Math.sqrt(3.0) * (gain / Math.sqrt(fanIn));
  setClassObjectAttribute(self, "weight", makeParameter(E.uniform_(Tensor.zeros(shape, dtype), -bound, bound)));
  return fanIn;
}

/** bias=False: the module's bias is registered as None; returns whether it keeps one. */
export function keepsBias(self: PyInstance): boolean {
  if (truthy(option(self, "bias"))) return true;
  self.dict.delete("bias");
  moduleState(self).parameters.set("bias", null);
  return false;
}

/** Linear.reset_parameters: the bias bound is 1/sqrt(fan_in), or 0 (still drawn) when fan_in is 0. */
function resetLinear(self: PyInstance): void {
  const outFeatures = asIndex(option(self, "out_features"));
  const fanIn = setKaimingWeight(self, [outFeatures, asIndex(option(self, "in_features"))]);
  if (!keepsBias(self)) return;
  const biasBound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  setClassObjectAttribute(self, "bias", makeParameter(E.uniform_(Tensor.zeros([outFeatures], "float32"), -biasBound, biasBound)));
}

const parameterOf = (self: PyInstance, name: string): Tensor | null => getClassObjectAttribute(self, name) as Tensor | null;

const flag = (self: PyInstance, name: string): boolean => truthy(option(self, name));

const inplaceRepr = (self: PyInstance): string => (flag(self, "inplace") ? "inplace=True" : "");

/** An activation with `inplace=`: the op, or its in-place form writing into the input. */
const activation = (op: (x: Tensor) => Tensor) => (self: PyInstance, x: Tensor): Tensor =>
  flag(self, "inplace") ? E.applyInPlace(x, op) : op(x);

const leakySlope = (self: PyInstance): E.Scalar => scalarArg(option(self, "negative_slope"), "leaky_relu") ?? { value: 0.01 };

/** F.softmax's _get_softmax_dim for a module built without dim. */
function softmaxDim(self: PyInstance, x: Tensor): number {
  const dim = option(self, "dim");
  if (dim !== null) return asIndex(dim);
  E.warn("UserWarning", "Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X as an argument.");
  return x.dim === 0 || x.dim === 1 || x.dim === 3 ? 0 : 1;
}

/** F.dropout on the CPU (_dropout_impl): input times a bernoulli mask scaled by 1/(1-p). */
function dropout(self: PyInstance, x: Tensor): Tensor {
  const p = numberOf(option(self, "p"));
  if (p === 0 || !flag(self, "training") || x.numel === 0) return x;
  return flag(self, "inplace") ? E.applyInPlace(x, (input) => E.dropout(input, p, true)) : E.dropout(x, p, true);
}

function checkProbability(self: PyInstance): void {
  const p = numberOf(option(self, "p"));
  if (!(p >= 0 && p <= 1)) throw new PyException("ValueError", `dropout probability has to be between 0 and 1, but got ${repr(option(self, "p"))}`);
}

export const layerClasses: PyClass[] = [
  layerClass({
    name: "Linear", file: "linear",
    options: [["in_features", null], ["out_features", null], ["bias", true], ["device", null], ["dtype", null]],
    setup: resetLinear,
    forward: (self, x) => E.linear(x, parameterOf(self, "weight")!, parameterOf(self, "bias")),
    extraRepr: (self) => `in_features=${repr(option(self, "in_features"))}, out_features=${repr(option(self, "out_features"))}, bias=${parameterOf(self, "bias") === null ? "False" : "True"}`,
  }),
  layerClass({ name: "Identity", file: "linear", options: [], forward: (_self, x) => x }),
  layerClass({ name: "ReLU", file: "activation", options: [["inplace", false]], forward: activation(E.relu), extraRepr: inplaceRepr }),
  layerClass({
    name: "LeakyReLU", file: "activation", options: [["negative_slope", new PyFloat(0.01)], ["inplace", false]],
    forward: (self, x) => (flag(self, "inplace") ? E.leakyRelu_(x, leakySlope(self)) : E.leakyRelu(x, leakySlope(self))),
    extraRepr: (self) => `negative_slope=${repr(option(self, "negative_slope"))}${flag(self, "inplace") ? ", inplace=True" : ""}`,
  }),
  layerClass({
    name: "Dropout", file: "dropout", options: [["p", new PyFloat(0.5)], ["inplace", false]],
    setup: checkProbability, forward: dropout,
    extraRepr: (self) => `p=${repr(option(self, "p"))}, inplace=${repr(option(self, "inplace"))}`,
  }),
  layerClass({ name: "Tanh", file: "activation", options: [], forward: (_self, x) => E.tanh(x) }),
  layerClass({ name: "Sigmoid", file: "activation", options: [], forward: (_self, x) => E.sigmoid(x) }),
  layerClass({
    name: "Softmax", file: "activation", options: [["dim", null]],
    forward: (self, x) => E.softmax(x, softmaxDim(self, x)),
    extraRepr: (self) => `dim=${repr(option(self, "dim"))}`,
  }),
  layerClass({
    name: "Flatten", file: "flatten", options: [["start_dim", 1], ["end_dim", -1]],
    forward: (self, x) => E.flatten(x, numberOf(option(self, "start_dim")), numberOf(option(self, "end_dim"))),
    extraRepr: (self) => `start_dim=${repr(option(self, "start_dim"))}, end_dim=${repr(option(self, "end_dim"))}`,
  }),
];
