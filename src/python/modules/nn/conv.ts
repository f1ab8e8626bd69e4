// Convolution and pooling modules: Conv1d/Conv2d and ConvTranspose1d/2d (with _ConvNd's checks,
// reset_parameters and extra_repr), and the 1-D and 2-D MaxPool, AvgPool and AdaptiveAvgPool,
// each calling the torch.nn.functional body the bindings use.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { getClassObjectAttribute, PyInstance, setClassObjectAttribute } from "../../classes";
import { notImplemented, valueError } from "../../errors";
import { asIndex, truthy } from "../../protocols";
import { repr, str } from "../../repr";
import { PyTuple, Value } from "../../values";
import { adaptiveSize, avgPool1d, avgPool2d, convolve, convolveTransposed, intTuple, maxPool1d, maxPool2d } from "../bindings/convolution";
import { keepsBias, layerClass, setKaimingWeight } from "./layers";
import { makeParameter } from "./parameter";
import { dtypeOf } from "../dtypes";

const option = (self: PyInstance, name: string): Value => self.dict.get(name) ?? null;

const tupleOf = (v: Value, n: number): PyTuple => new PyTuple(intTuple(v, n));

/** _ConvNd.reset_parameters: Linear's weight init, then a bias within ±1/sqrt(fan_in), not drawn when fan_in is 0. */
function resetParameters(self: PyInstance, shape: readonly number[], outChannels: number): void {
  const dtype = dtypeOf(option(self, "dtype")) ?? "float32";
  const fanIn = setKaimingWeight(self, shape, dtype);
  if (!keepsBias(self)) return;
  const bias = Tensor.zeros([outChannels], dtype);
  if (fanIn !== 0) E.uniform_(bias, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
  setClassObjectAttribute(self, "bias", makeParameter(bias));
}

const PADDING_MODES = ["zeros", "reflect", "replicate", "circular"];

/** _ConvNd.__init__ (and _ConvTransposeNd's): the checks, the options as tuples, then the parameters. */
function setupConv(spatial: 1 | 2, transposed: boolean): (self: PyInstance) => void {
  return (self) => {
    if (transposed && option(self, "padding_mode") !== "zeros") {
      throw valueError(`Only "zeros" padding mode is supported for ConvTranspose${spatial}d`);
    }
    const groups = asIndex(option(self, "groups"));
    const inChannels = asIndex(option(self, "in_channels"));
    const outChannels = asIndex(option(self, "out_channels"));
    if (groups <= 0) throw valueError("groups must be a positive integer");
    if (inChannels % groups !== 0) throw valueError("in_channels must be divisible by groups");
    if (outChannels % groups !== 0) throw valueError("out_channels must be divisible by groups");
    const mode = option(self, "padding_mode");
    if (typeof mode !== "string" || !PADDING_MODES.includes(mode)) {
      throw valueError(`padding_mode must be one of {'reflect', 'replicate', 'circular', 'zeros'}, but got padding_mode=${repr(mode)}`);
    }
    if (mode !== "zeros") throw notImplemented(`padding_mode=${repr(mode)} is not supported by Autograd Lens yet`);
    const padding = option(self, "padding");
    const stride = tupleOf(option(self, "stride"), spatial);
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid") throw valueError(`Invalid padding string ${repr(padding)}, should be one of {'same', 'valid'}`);
      if (padding === "same" && stride.items.some((s) => s !== 1)) throw valueError("padding='same' is not supported for strided convolutions");
    }
    const kernel = tupleOf(option(self, "kernel_size"), spatial);
    setClassObjectAttribute(self, "kernel_size", kernel);
    setClassObjectAttribute(self, "stride", stride);
    setClassObjectAttribute(self, "padding", typeof padding === "string" ? padding : tupleOf(padding, spatial));
    setClassObjectAttribute(self, "dilation", tupleOf(option(self, "dilation"), spatial));
    setClassObjectAttribute(self, "output_padding", tupleOf(transposed ? option(self, "output_padding") : 0, spatial));
    setClassObjectAttribute(self, "transposed", transposed);
    const channels = transposed ? [inChannels, outChannels / groups] : [outChannels, inChannels / groups];
    resetParameters(self, [...channels, ...(kernel.items as number[])], outChannels);
  };
}

const parameterOf = (self: PyInstance, name: string): Tensor | null => getClassObjectAttribute(self, name) as Tensor | null;

const allEqual = (v: Value, value: number): boolean => v instanceof PyTuple && v.items.every((x) => x === value);

/** _ConvNd.extra_repr: only the options that differ from their defaults after the stride. */
function convRepr(self: PyInstance): string {
  const parts = [`${str(option(self, "in_channels"))}, ${str(option(self, "out_channels"))}, kernel_size=${str(option(self, "kernel_size"))}, stride=${str(option(self, "stride"))}`];
  if (!allEqual(option(self, "padding"), 0)) parts.push(`padding=${str(option(self, "padding"))}`);
  if (!allEqual(option(self, "dilation"), 1)) parts.push(`dilation=${str(option(self, "dilation"))}`);
  if (!allEqual(option(self, "output_padding"), 0)) parts.push(`output_padding=${str(option(self, "output_padding"))}`);
  if (option(self, "groups") !== 1) parts.push(`groups=${str(option(self, "groups"))}`);
  if (parameterOf(self, "bias") === null) parts.push("bias=False");
  if (option(self, "padding_mode") !== "zeros") parts.push(`padding_mode=${str(option(self, "padding_mode"))}`);
  return parts.join(", ");
}

const CONV_OPTIONS: readonly (readonly [string, Value])[] = [
  ["in_channels", null], ["out_channels", null], ["kernel_size", null], ["stride", 1], ["padding", 0], ["dilation", 1],
  ["groups", 1], ["bias", true], ["padding_mode", "zeros"], ["device", null], ["dtype", null],
];

const CONV_TRANSPOSE_OPTIONS: readonly (readonly [string, Value])[] = [
  ["in_channels", null], ["out_channels", null], ["kernel_size", null], ["stride", 1], ["padding", 0], ["output_padding", 0],
  ["groups", 1], ["bias", true], ["dilation", 1], ["padding_mode", "zeros"], ["device", null], ["dtype", null],
];

function convClass(spatial: 1 | 2) {
  return layerClass({
    name: `Conv${spatial}d`, file: "conv", options: CONV_OPTIONS, setup: setupConv(spatial, false), extraRepr: convRepr,
    forward: (self, x) => convolve(spatial, x, parameterOf(self, "weight")!, parameterOf(self, "bias"),
      option(self, "stride"), option(self, "padding"), option(self, "dilation"), option(self, "groups")),
  });
}

function convTransposeClass(spatial: 1 | 2) {
  return layerClass({
    name: `ConvTranspose${spatial}d`, file: "conv", options: CONV_TRANSPOSE_OPTIONS, setup: setupConv(spatial, true), extraRepr: convRepr,
    forward: (self, x) => convolveTransposed(spatial, x, parameterOf(self, "weight")!, parameterOf(self, "bias"),
      option(self, "stride"), option(self, "padding"), option(self, "output_padding"), option(self, "groups"), option(self, "dilation")),
  });
}

/** MaxPool's stride=None is its kernel size, stored so. */
const strideDefaultsToKernel = (self: PyInstance): void => {
  if (option(self, "stride") === null) setClassObjectAttribute(self, "stride", option(self, "kernel_size"));
};

/** `name=value, ...` for the options a pooling's extra_repr lists. */
const optionsRepr = (...names: string[]) => (self: PyInstance): string => names.map((n) => `${n}=${str(option(self, n))}`).join(", ");

const maxPoolRepr = optionsRepr("kernel_size", "stride", "padding", "dilation", "ceil_mode");

const MAX_POOL_OPTIONS: readonly (readonly [string, Value])[] = [
  ["kernel_size", null], ["stride", null], ["padding", 0], ["dilation", 1], ["return_indices", false], ["ceil_mode", false],
];

/** The output, or (output, indices) with return_indices: layerClass types forward as returning a
 * Tensor, but its method hands any value back to Python unchanged. */
const pooled = (self: PyInstance, result: [Tensor, Tensor]): Tensor =>
  truthy(option(self, "return_indices")) ? (new PyTuple(result) as unknown as Tensor) : result[0];

const MAX_POOL_1D = layerClass({
  name: "MaxPool1d", file: "pooling", options: MAX_POOL_OPTIONS, setup: strideDefaultsToKernel, extraRepr: maxPoolRepr,
  forward: (self, x) => pooled(self, maxPool1d(x, option(self, "kernel_size"), option(self, "stride"),
    option(self, "padding"), option(self, "dilation"), option(self, "ceil_mode"))),
});

const MAX_POOL_2D = layerClass({
  name: "MaxPool2d", file: "pooling", options: MAX_POOL_OPTIONS, setup: strideDefaultsToKernel, extraRepr: maxPoolRepr,
  forward: (self, x) => pooled(self, maxPool2d(x, option(self, "kernel_size"), option(self, "stride"),
    option(self, "padding"), option(self, "dilation"), option(self, "ceil_mode"))),
});

const AVG_POOL_2D = layerClass({
  name: "AvgPool2d", file: "pooling",
  options: [["kernel_size", null], ["stride", null], ["padding", 0], ["ceil_mode", false], ["count_include_pad", true], ["divisor_override", null]],
  setup: strideDefaultsToKernel,
  extraRepr: optionsRepr("kernel_size", "stride", "padding"),
  forward: (self, x) => avgPool2d(x, option(self, "kernel_size"), option(self, "stride"), option(self, "padding"),
    option(self, "ceil_mode"), option(self, "count_include_pad"), option(self, "divisor_override")),
});

const AVG_POOL_1D = layerClass({
  name: "AvgPool1d", file: "pooling",
  options: [["kernel_size", null], ["stride", null], ["padding", 0], ["ceil_mode", false], ["count_include_pad", true]],
  setup: (self) => {
    strideDefaultsToKernel(self);
    for (const name of ["kernel_size", "stride", "padding"]) setClassObjectAttribute(self, name, tupleOf(option(self, name), 1));
  },
  extraRepr: optionsRepr("kernel_size", "stride", "padding"),
  forward: (self, x) => avgPool1d(x, option(self, "kernel_size"), option(self, "stride"), option(self, "padding"),
    option(self, "ceil_mode"), option(self, "count_include_pad")),
});

const ADAPTIVE_AVG_POOL_1D = layerClass({
  name: "AdaptiveAvgPool1d", file: "pooling", options: [["output_size", null]], extraRepr: optionsRepr("output_size"),
  forward: (self, x) => E.adaptiveAvgPool1d(x, intTuple(option(self, "output_size"), 1)[0]),
});

const ADAPTIVE_AVG_POOL_2D = layerClass({
  name: "AdaptiveAvgPool2d", file: "pooling", options: [["output_size", null]],
  extraRepr: optionsRepr("output_size"),
  forward: (self, x) => E.adaptiveAvgPool2d(x, adaptiveSize(x, option(self, "output_size"))),
});

export const convClasses = [
  convClass(1), convClass(2), convTransposeClass(1), convTransposeClass(2), MAX_POOL_1D, MAX_POOL_2D, AVG_POOL_1D, AVG_POOL_2D, ADAPTIVE_AVG_POOL_1D, ADAPTIVE_AVG_POOL_2D,
];
