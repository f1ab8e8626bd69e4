// Convolution and pooling from Python: torch.conv1d/conv2d, their transposes and
// torch.nn.functional's conv, pool, unfold and fold, with functional.py's argument forms (an int
// or a tuple per spatial dimension, padding='same'/'valid', stride=None meaning the kernel size,
// return_indices).

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { asIndex, toArray, truthy } from "../../protocols";
import { NativeImpl, PyList, PyTuple, Value } from "../../values";
import type { OpBindings } from "../binding";
import { tensorParam } from "./signatures";

/** An int repeated `n` times, or a tuple/list of ints as given (ATen checks the length). */
export function intTuple(v: Value, n: number): number[] {
  if (v instanceof PyTuple || v instanceof PyList) return toArray(v).map((d) => asIndex(d));
  return new Array<number>(n).fill(asIndex(v));
}

const pair = (v: Value, n = 2): E.Pair => {
  const values = intTuple(v, n);
  return [values[0], values[values.length - 1]];
};

const given = (v: Value | undefined): v is Value => v !== undefined && v !== null;

const optionalTensor = (v: Value | undefined, fn: string, param: string, position: number): Tensor | null =>
  given(v) ? tensorParam(v, fn, param, position) : null;

/** Stride, padding (ints or 'same'/'valid') and dilation as at::_convolution_mode reads them. */
function convOptions(weight: Tensor, spatial: number, stride: Value, padding: Value, dilation: Value, groups: Value): E.ConvOptions {
  const strides = intTuple(stride, spatial);
  const dilations = intTuple(dilation, spatial);
  const base = { stride: strides, dilation: dilations, groups: asIndex(groups) };
  if (typeof padding !== "string") return { ...base, padding: intTuple(padding, spatial) };
  if (padding === "valid") return { ...base, padding: new Array<number>(spatial).fill(0) };
  if (padding !== "same") throw E.runtimeError(`Invalid padding string: '${padding}'`);
  if (strides.some((s) => s !== 1)) throw E.runtimeError("padding='same' is not supported for strided convolutions");
  return { ...base, ...E.samePadding(weight, dilations) };
}

/** F.conv1d/F.conv2d's body, shared with nn.Conv1d/nn.Conv2d's forward. */
export function convolve(
  spatial: 1 | 2, input: Tensor, weight: Tensor, bias: Tensor | null,
  stride: Value = 1, padding: Value = 0, dilation: Value = 1, groups: Value = 1,
): Tensor {
  return E.convNd(input, weight, bias, convOptions(weight, spatial, stride, padding, dilation, groups), spatial);
}

function conv(spatial: 1 | 2): NativeImpl {
  const name = `conv${spatial}d`;
  return (args, kwargs) => {
    const [input, weight, bias, stride, padding, dilation, groups] =
      parseArgs(name, ["input", "weight", "bias?", "stride?", "padding?", "dilation?", "groups?"], args, kwargs);
    return convolve(spatial, tensorParam(input, name, "input", 1), tensorParam(weight, name, "weight", 2),
      optionalTensor(bias, name, "bias", 3), stride, padding, dilation, groups);
  };
}

/** F.conv_transpose1d/F.conv_transpose2d's body, shared with nn.ConvTranspose1d/nn.ConvTranspose2d's forward. */
export function convolveTransposed(
  spatial: 1 | 2, input: Tensor, weight: Tensor, bias: Tensor | null,
  stride: Value = 1, padding: Value = 0, outputPadding: Value = 0, groups: Value = 1, dilation: Value = 1,
): Tensor {
  return E.convNd(input, weight, bias, {
    stride: intTuple(stride, spatial), padding: intTuple(padding, spatial), outputPadding: intTuple(outputPadding, spatial),
    dilation: intTuple(dilation, spatial), groups: asIndex(groups), transposed: true,
  }, spatial);
}

function convTranspose(spatial: 1 | 2): NativeImpl {
  const name = `conv_transpose${spatial}d`;
  return (args, kwargs) => {
    const [input, weight, bias, stride, padding, outputPadding, groups, dilation] = parseArgs(name,
      ["input", "weight", "bias?", "stride?", "padding?", "output_padding?", "groups?", "dilation?"], args, kwargs);
    return convolveTransposed(spatial, tensorParam(input, name, "input", 1), tensorParam(weight, name, "weight", 2),
      optionalTensor(bias, name, "bias", 3), stride, padding, outputPadding, groups, dilation);
  };
}

/** F.max_pool2d's options; a missing or empty stride is the kernel size. */
export function maxPool2d(input: Tensor, kernelSize: Value, stride: Value | undefined, padding: Value = 0, dilation: Value = 1, ceilMode: Value = false): [Tensor, Tensor] {
  const kernel = pair(kernelSize);
  return E.maxPool2dWithIndices(input, {
    kernel, stride: strideOr(stride, kernel), padding: pair(padding), dilation: pair(dilation), ceilMode: truthy(ceilMode),
  });
}

function strideOr(stride: Value | undefined, kernel: E.Pair): E.Pair {
  if (!given(stride) || ((stride instanceof PyTuple || stride instanceof PyList) && stride.items.length === 0)) return kernel;
  return pair(stride);
}

/** F.avg_pool2d's options, shared with nn.AvgPool2d. */
export function avgPool2d(
  input: Tensor, kernelSize: Value, stride: Value | undefined, padding: Value = 0, ceilMode: Value = false,
  countIncludePad: Value = true, divisorOverride: Value = null,
): Tensor {
  const kernel = pair(kernelSize);
  return E.avgPool2d(input, {
    kernel, stride: strideOr(stride, kernel), padding: pair(padding), ceilMode: truthy(ceilMode),
    countIncludePad: truthy(countIncludePad), divisorOverride: given(divisorOverride) ? asIndex(divisorOverride) : null,
  });
}

/** F.avg_pool1d's options, shared with nn.AvgPool1d. */
export function avgPool1d(input: Tensor, kernelSize: Value, stride: Value | undefined, padding: Value = 0, ceilMode: Value = false, countIncludePad: Value = true): Tensor {
  const [kernel] = intTuple(kernelSize, 1);
  const [, strided] = strideOr(stride, [1, kernel]);
  return E.avgPool1d(input, kernel, strided, intTuple(padding, 1)[0], truthy(ceilMode), truthy(countIncludePad));
}

const avgPool1dFunction: NativeImpl = (args, kwargs) => {
  const [input, kernel, stride, padding, ceil, countPad] = parseArgs("avg_pool1d",
    ["input", "kernel_size", "stride?", "padding?", "ceil_mode?", "count_include_pad?"], args, kwargs);
  return avgPool1d(tensorParam(input, "avg_pool1d", "input", 1), kernel!, stride, padding, ceil, countPad);
};

const adaptiveAvgPool1d: NativeImpl = (args, kwargs) => {
  const [input, size] = parseArgs("adaptive_avg_pool1d", ["input", "output_size"], args, kwargs);
  return E.adaptiveAvgPool1d(tensorParam(input, "adaptive_avg_pool1d", "input", 1), intTuple(size!, 1)[0]);
};

/** The result of a pooling that may return indices. */
const withIndices = ([out, indices]: [Tensor, Tensor], returnIndices: Value | undefined): Value =>
  given(returnIndices) && truthy(returnIndices) ? new PyTuple([out, indices]) : out;

/** F.max_pool1d's options, shared with nn.MaxPool1d. */
export function maxPool1d(input: Tensor, kernelSize: Value, stride: Value | undefined, padding: Value = 0, dilation: Value = 1, ceilMode: Value = false): [Tensor, Tensor] {
  const [kernel] = intTuple(kernelSize, 1);
  const [, strided] = strideOr(stride, [1, kernel]);
  return E.maxPool1dWithIndices(input, kernel, strided, intTuple(padding, 1)[0], intTuple(dilation, 1)[0], truthy(ceilMode));
}

type MaxPool = (input: Tensor, kernelSize: Value, stride: Value | undefined, padding?: Value, dilation?: Value, ceilMode?: Value) => [Tensor, Tensor];

function maxPoolFunction(fn: string, pool: MaxPool): NativeImpl {
  return (args, kwargs) => {
    const [input, kernel, stride, padding, dilation, ceil, indices] = parseArgs(fn,
      ["input", "kernel_size", "stride?", "padding?", "dilation?", "ceil_mode?", "return_indices?"], args, kwargs);
    return withIndices(pool(tensorParam(input, fn, "input", 1), kernel!, stride, padding, dilation, ceil), indices);
  };
}

const maxPool1dFunction = maxPoolFunction("max_pool1d", maxPool1d);
const maxPool2dFunction = maxPoolFunction("max_pool2d", maxPool2d);

const avgPool2dFunction: NativeImpl = (args, kwargs) => {
  const fn = "avg_pool2d";
  const [input, kernel, stride, padding, ceil, countPad, divisor] = parseArgs(fn,
    ["input", "kernel_size", "stride?", "padding?", "ceil_mode?", "count_include_pad?", "divisor_override?"], args, kwargs);
  return avgPool2d(tensorParam(input, fn, "input", 1), kernel!, stride, padding, ceil, countPad, divisor);
};

/** adaptive_avg_pool2d's output size: an int, or a pair whose None entries keep the input's size. */
export function adaptiveSize(input: Tensor, size: Value): E.Pair {
  const items = size instanceof PyTuple || size instanceof PyList ? toArray(size) : [size, size];
  const [h, w] = items.map((v, i) => (v === null ? input.shape[input.dim - 2 + i] : asIndex(v)));
  return [h, w];
}

const adaptiveAvgPool2d: NativeImpl = (args, kwargs) => {
  const [input, size] = parseArgs("adaptive_avg_pool2d", ["input", "output_size"], args, kwargs);
  const x = tensorParam(input, "adaptive_avg_pool2d", "input", 1);
  return E.adaptiveAvgPool2d(x, adaptiveSize(x, size!));
};

function windowArgs(values: (Value | undefined)[]): [E.Pair, E.Pair, E.Pair] {
  const [dilation, padding, stride] = values;
  return [pair(dilation ?? 1), pair(padding ?? 0), pair(stride ?? 1)];
}

const unfold: NativeImpl = (args, kwargs) => {
  const [input, kernel, ...rest] = parseArgs("unfold", ["input", "kernel_size", "dilation?", "padding?", "stride?"], args, kwargs);
  return E.im2col(tensorParam(input, "unfold", "input", 1), pair(kernel!), ...windowArgs(rest));
};

const fold: NativeImpl = (args, kwargs) => {
  const [input, size, kernel, ...rest] = parseArgs("fold", ["input", "output_size", "kernel_size", "dilation?", "padding?", "stride?"], args, kwargs);
  return E.col2im(tensorParam(input, "fold", "input", 1), pair(size!), pair(kernel!), ...windowArgs(rest));
};

/** The ones torch exposes too (torch.conv2d, torch.max_pool2d, ...). */
const alsoInTorch: [string, NativeImpl][] = [
  ["conv1d", conv(1)],
  ["conv2d", conv(2)],
  ["conv_transpose1d", convTranspose(1)],
  ["conv_transpose2d", convTranspose(2)],
  ["max_pool1d", maxPool1dFunction],
  ["max_pool2d", maxPool2dFunction],
  ["avg_pool1d", avgPool1dFunction],
  ["adaptive_avg_pool1d", adaptiveAvgPool1d],
];

export const bindings: OpBindings = {
  functions: new Map(alsoInTorch),
  nnFunctional: new Map<string, NativeImpl>([
    ...alsoInTorch,
    ["avg_pool2d", avgPool2dFunction],
    ["adaptive_avg_pool2d", adaptiveAvgPool2d],
    ["unfold", unfold],
    ["fold", fold],
  ]),
};
