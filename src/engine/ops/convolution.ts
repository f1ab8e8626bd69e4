// conv1d/conv2d and their transposes (ConvolutionBackward0) and convolution_backward
// (ConvolutionBackwardBackward0). Three bilinear loops over a conv's "image" side (a conv's input,
// a transposed conv's output) and its "columns" side: the conv product (im2col, then one
// float64-accumulated product per sample and group), its adjoint (col2im) and the weight gradient.
// A transposed conv swaps the first two. The backward op's own backward is made of these ops
// again (_convolution_double_backward), so every order of derivative works with PyTorch's names.

import { runtimeError, warn } from "../errors";
import { Tensor } from "../tensor";
import { add } from "./arithmetic";
import { col2imInto, float64Values, im2colInto, Pair, storeAs, Window, windowOf } from "./im2col";
import { record, recordMany } from "./record";
import { notImplementedFor, scalarTypeName } from "./op_support";
import { expand, reshape, squeeze, unsqueeze } from "./view";
import { copyInto } from "./kernels";
import { narrow } from "./shape";

/** Per spatial dimension (1 or 2 of them), as conv1d/conv2d take them. */
export interface ConvOptions {
  stride: readonly number[];
  padding: readonly number[];
  /** Zero padding after the end only, applied by a ConstantPadNd before the conv (padding='same' with an even window). */
  extraPadding?: readonly number[];
  dilation: readonly number[];
  groups: number;
  /** conv_transpose: the weight is [in, out / groups, ...kernel] and the output the larger side. */
  transposed?: boolean;
  outputPadding?: readonly number[];
}

/**
 * A conv's sizes seen from the image side, with 1-D convs read as 2-D ones over a single row:
 * "in" is the image (a transposed conv's output), "out" the columns (a transposed conv's input).
 */
interface Geometry {
  batch: number;
  inChannels: number;
  outChannels: number;
  groups: number;
  window: Window;
  /** Input and output channels per group. */
  groupInputs: number;
  groupOutputs: number;
  /** Rows of a group's im2col matrix (its input channels × window), and its columns (output pixels). */
  rows: number;
  length: number;
  /** Pixels in one input plane. */
  plane: number;
  /** The image and column sides' shapes as the caller sees them (3-D for conv1d), and the weight's. */
  imageShape: readonly number[];
  columnShape: readonly number[];
  weightShape: readonly number[];
}

const asPair = (values: readonly number[], fill: number): Pair => (values.length === 1 ? [fill, values[0]] : [values[0], values[1]]);

/** The geometry of a conv's input, or of a transposed conv's output computed from its input. */
function geometry(input: Tensor, weight: Tensor, options: ConvOptions): Geometry {
  if (!options.transposed) return imageGeometry(input.shape, weight.shape, options);
  const extra = options.outputPadding ?? options.stride.map(() => 0);
  const size = input.shape.slice(2).map((s, d) =>
    (s - 1) * options.stride[d] - 2 * options.padding[d] + options.dilation[d] * (weight.shape[d + 2] - 1) + extra[d] + 1);
  return imageGeometry([input.shape[0], weight.shape[1] * options.groups, ...size], weight.shape, options);
}

function imageGeometry(image: readonly number[], weightShape: readonly number[], options: ConvOptions): Geometry {
  const spatial = weightShape.length - 2;
  const window = windowOf(asPair(image.slice(2), 1), asPair(weightShape.slice(2), 1), asPair(options.stride, 1),
    asPair(options.padding, 0), asPair(options.dilation, 1));
  const [batch, inChannels] = image;
  const outChannels = weightShape[0];
  const groupInputs = inChannels / options.groups;
  return {
    batch, inChannels, outChannels, groups: options.groups, window, groupInputs, groupOutputs: outChannels / options.groups,
    rows: groupInputs * window.kH * window.kW, length: window.outH * window.outW, plane: window.inH * window.inW,
    imageShape: image, weightShape,
    columnShape: [batch, outChannels, ...(spatial === 1 ? [window.outW] : [window.outH, window.outW])],
  };
}

/** Runs `body` per sample and group with where its input planes, output rows and weight rows start. */
function eachGroup(g: Geometry, body: (inputAt: number, outputAt: number, weightAt: number) => void): void {
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      body((n * g.inChannels + grp * g.groupInputs) * g.plane, (n * g.outChannels + grp * g.groupOutputs) * g.length, grp * g.groupOutputs * g.rows);
    }
  }
}

function checkParameter(name: string, values: readonly number[], spatial: number): void {
  if (values.length !== spatial) {
    throw runtimeError(`expected ${name} to be a single integer value or a list of ${spatial} values to match the convolution dimensions, but got ${name}=[${values.join(", ")}]`);
  }
}

/** ATen's check_shape_forward, in its order. */
function checkForward(input: Tensor, weight: Tensor, bias: Tensor | null, options: ConvOptions): void {
  const spatial = weight.dim - 2;
  if (spatial < 1) throw runtimeError(`weight should have at least three dimensions`);
  checkParameter("stride", options.stride, spatial);
  checkParameter("padding", options.padding, spatial);
  checkParameter("dilation", options.dilation, spatial);
  if (input.dim !== weight.dim) {
    throw runtimeError(`Expected ${weight.dim}-dimensional input for ${weight.dim}-dimensional weight [${weight.shape.join(", ")}], but got ${input.dim}-dimensional input of size [${input.shape.join(", ")}] instead`);
  }
  if (input.dtype !== weight.dtype) throw runtimeError(`expected scalar type ${scalarTypeName(input.dtype)} but found ${scalarTypeName(weight.dtype)}`);
  if (bias && bias.dtype !== input.dtype) throw runtimeError(`Input type (${cTypeName(input)}) and bias type (${cTypeName(bias)}) should be the same`);
  if (input.dtype === "bool") throw runtimeError(notImplementedFor("slow_conv2d_cpu", "bool"));
  if (options.padding.some((p) => p < 0)) throw runtimeError("negative padding is not supported");
  if (options.stride.some((s) => s <= 0)) throw runtimeError("non-positive stride is not supported");
  if (options.dilation.some((d) => d <= 0)) throw runtimeError("dilation should be greater than zero");
  const { groups } = options;
  const weightSize = `[${weight.shape.join(", ")}]`;
  if (weight.shape[0] % groups !== 0) {
    throw runtimeError(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${weightSize}] instead`);
  }
  if (options.transposed) {
    checkTransposed(input, weight, bias, options);
    return;
  }
  if (input.shape[1] !== weight.shape[1] * groups) {
    throw runtimeError(`Given groups=${groups}, weight of size ${weightSize}, expected input[${input.shape.join(", ")}] to have ${weight.shape[1] * groups} channels, but got ${input.shape[1]} channels instead`);
  }
  if (bias && (bias.dim !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw runtimeError(`Given weight of size ${weightSize}, expected bias to be 1-dimensional with ${weight.shape[0]} elements, but got bias of size [${bias.shape.join(", ")}] instead`);
  }
  const padded = input.shape.slice(2).map((s, d) => s + 2 * options.padding[d]);
  const kernel = weight.shape.slice(2).map((k, d) => options.dilation[d] * (k - 1) + 1);
  if (padded.some((s, d) => s < kernel[d])) {
    throw runtimeError(`Calculated padded input size per channel: (${padded.join(" x ")}). Kernel size: (${kernel.join(" x ")}). Kernel size can't be greater than actual input size`);
  }
}

const cTypeName = (t: Tensor): string => ({ float32: "float", float64: "double", int64: "long" } as Record<string, string>)[t.dtype] ?? t.dtype;

/** Σ_r a[row·k + r]·b[r·m + col] for an (n×k)(k×m) product into out[outAt + row·m + col]. */
function gemmAdd(a: Float64Array, aAt: number, b: Float64Array, bAt: number, n: number, k: number, m: number, out: Float64Array, outAt: number): void {
  for (let row = 0; row < n; row++) {
    for (let r = 0; r < k; r++) {
      const factor = a[aAt + row * k + r];
      if (factor === 0) continue;
      const bRow = bAt + r * m;
      const outRow = outAt + row * m;
      for (let col = 0; col < m; col++) out[outRow + col] += factor * b[bRow + col];
    }
  }
}

/** The conv product: out[n, oc, l] = Σ W[oc, r]·cols_n[r, l], group by group, image to columns. */
function convolve(image: Tensor, weight: Tensor, g: Geometry): Float64Array {
  const { rows, length } = g;
  const src = float64Values(image);
  const weights = float64Values(weight);
  const out = new Float64Array(g.batch * g.outChannels * length);
  const cols = new Float64Array(rows * length);
  eachGroup(g, (inputAt, outputAt, weightAt) => {
    im2colInto(src, inputAt, g.groupInputs, g.window, cols);
    gemmAdd(weights, weightAt, cols, 0, g.groupOutputs, rows, length, out, outputAt);
  });
  return out;
}

/** The adjoint of convolve, columns to image: col2im(Wᵀ·columns) per sample and group. */
function scatter(columns: Tensor, weight: Tensor, g: Geometry): Float64Array {
  const { rows, length } = g;
  const grads = float64Values(columns);
  const weights = float64Values(weight);
  const out = new Float64Array(g.batch * g.inChannels * g.plane);
  const cols = new Float64Array(rows * length);
  eachGroup(g, (inputAt, outputAt, weightAt) => {
    cols.fill(0);
    for (let o = 0; o < g.groupOutputs; o++) {
      for (let r = 0; r < rows; r++) {
        const factor = weights[weightAt + o * rows + r];
        if (factor === 0) continue;
        const gradRow = outputAt + o * length;
        for (let l = 0; l < length; l++) cols[r * length + l] += factor * grads[gradRow + l];
      }
    }
    col2imInto(cols, 0, g.groupInputs, g.window, out, inputAt);
  });
  return out;
}

/** The weight gradient: Σ_n columns_n·im2col(image_n)ᵀ per group. */
function weightGradient(columns: Tensor, image: Tensor, g: Geometry): Tensor {
  const { rows, length } = g;
  const src = float64Values(image);
  const grads = float64Values(columns);
  const out = new Float64Array(g.outChannels * rows);
  const cols = new Float64Array(rows * length);
  eachGroup(g, (inputAt, outputAt, weightAt) => {
    im2colInto(src, inputAt, g.groupInputs, g.window, cols);
    for (let o = 0; o < g.groupOutputs; o++) {
      const gradRow = outputAt + o * length;
      for (let r = 0; r < rows; r++) {
        let acc = 0;
        for (let l = 0; l < length; l++) acc += grads[gradRow + l] * cols[r * length + l];
        out[weightAt + o * rows + r] += acc;
      }
    }
  });
  return storeAs(out, g.weightShape, image);
}

/** Σ over the batch and pixels of each channel of an [N, C, ...] tensor. */
function biasGradient(gradOutput: Tensor): Tensor {
  const channels = gradOutput.shape[1];
  const plane = gradOutput.numel / (gradOutput.shape[0] * channels);
  const grads = float64Values(gradOutput);
  const out = new Float64Array(channels);
  for (let i = 0; i < grads.length; i++) out[Math.floor(i / plane) % channels] += grads[i];
  return storeAs(out, [channels], gradOutput);
}

/** The forward: the conv product or, transposed, its adjoint; then the bias per channel. */
function forward(input: Tensor, weight: Tensor, bias: Tensor | null, g: Geometry, transposed: boolean): Tensor {
  const out = transposed ? scatter(input, weight, g) : convolve(input, weight, g);
  const shape = transposed ? g.imageShape : g.columnShape;
  if (bias) {
    const b = float64Values(bias);
    const plane = out.length / (shape[0] * shape[1]);
    for (let i = 0; i < out.length; i++) out[i] += b[Math.floor(i / plane) % shape[1]];
  }
  return storeAs(out, shape, input);
}

/** check_shape_forward's transposed branch, and slow_conv_transpose2d's shape checks. */
function checkTransposed(input: Tensor, weight: Tensor, bias: Tensor | null, options: ConvOptions): void {
  const weightSize = `[${weight.shape.join(", ")}]`;
  if (input.shape[1] !== weight.shape[0]) {
    throw runtimeError(`Given transposed=1, weight of size ${weightSize}, expected input[${input.shape.join(", ")}] to have ${weight.shape[0]} channels, but got ${input.shape[1]} channels instead`);
  }
  const outChannels = weight.shape[1] * options.groups;
  if (bias && (bias.dim !== 1 || bias.shape[0] !== outChannels)) {
    throw runtimeError(`Given transposed=1, weight of size ${weightSize}, expected bias to be 1-dimensional with ${outChannels} elements, but got bias of size [${bias.shape.join(", ")}] instead`);
  }
  const [opH, opW] = asPair(options.outputPadding ?? options.stride.map(() => 0), 0);
  const [sH, sW] = asPair(options.stride, 1);
  const [dH, dW] = asPair(options.dilation, 1);
  if ((opH >= sH && opH >= dH) || (opW >= sW && opW >= dW)) {
    throw runtimeError(`output padding must be smaller than either stride or dilation, but got output_padding_height: ${opH} output_padding_width: ${opW} stride_height: ${sH} stride_width: ${sW} dilation_height: ${dH} dilation_width: ${dW}`);
  }
  const { imageShape } = geometry(input, weight, options);
  if (imageShape.slice(2).some((s) => s < 1)) {
    throw runtimeError(`Given input size per channel: (${input.shape.slice(2).join(" x ")}). Calculated output size per channel: (${imageShape.slice(2).join(" x ")}). Output size is too small`);
  }
}

/** at::convolution on batched input: ConvolutionBackward0. */
export function convolution(input: Tensor, weight: Tensor, bias: Tensor | null, options: ConvOptions): Tensor {
  checkForward(input, weight, bias, options);
  const g = geometry(input, weight, options);
  return record(forward(input, weight, bias, g, options.transposed ?? false), {
    name: "ConvolutionBackward0",
    inputs: [input, weight, bias],
    saved: [[input, "input"], [weight, "weight"]],
    savedScalars: { groups: options.groups },
    formula: (grad, [x, w], needs) => convolutionBackward(grad, x, w, options, needs),
  });
}

/** at::convolution_backward: [grad_input, grad_weight, grad_bias], null where not asked for. */
function convolutionBackward(gradOutput: Tensor, input: Tensor, weight: Tensor, options: ConvOptions, needs: readonly boolean[]): (Tensor | null)[] {
  const g = geometry(input, weight, options);
  const results = [
    needs[0] ? storeAs(options.transposed ? convolve(gradOutput, weight, g) : scatter(gradOutput, weight, g), input.shape, input) : null,
    needs[1] ? (options.transposed ? weightGradient(input, gradOutput, g) : weightGradient(gradOutput, input, g)) : null,
    needs[2] ? biasGradient(gradOutput) : null,
  ];
  const outputs = results.map((r) => r ?? Tensor.zeros([0], gradOutput.dtype));
  recordMany(outputs, {
    name: "ConvolutionBackwardBackward0",
    inputs: [gradOutput, input, weight],
    saved: [[gradOutput, "grad_output"], [input, "input"], [weight, "weight"]],
    savedScalars: { groups: options.groups },
    formula: ([ggI, ggW, ggB], [gO, x, w], wants) => convolutionDoubleBackward(ggI, ggW, ggB, gO, x, w, options, wants),
  });
  return results.map((r, i) => (r === null ? null : outputs[i]));
}

/** _convolution_double_backward: the bilinear pieces of the backward, differentiated again. */
function convolutionDoubleBackward(
  ggI: Tensor | null, ggW: Tensor | null, ggB: Tensor | null, gO: Tensor, input: Tensor, weight: Tensor,
  options: ConvOptions, needs: readonly boolean[],
): (Tensor | null)[] {
  let ggO: Tensor | null = null;
  if (needs[0]) {
    const terms: Tensor[] = [];
    if (ggI) terms.push(convolution(ggI, weight, null, options));
    if (ggW) terms.push(convolution(input, ggW, null, options));
    if (ggB) terms.push(expand(reshape(ggB, [1, ggB.shape[0], ...gO.shape.slice(2).map(() => 1)]), gO.shape));
    ggO = terms.length === 0 ? null : terms.reduce((a, b) => add(a, b));
  }
  const gI = needs[1] && ggW ? convolutionBackward(gO, input, ggW, options, [true, false, false])[0] : null;
  const gW = needs[2] && ggI ? convolutionBackward(gO, ggI, weight, options, [false, true, false])[1] : null;
  return [ggO, gI, gW];
}

/**
 * F.conv1d/F.conv2d/F.conv_transpose1d/2d: unbatched input is run as a batch of one (unsqueeze,
 * then squeeze), and padding after the end only is a ConstantPadNd first, as _convolution_mode does.
 */
export function convNd(input: Tensor, weight: Tensor, bias: Tensor | null, options: ConvOptions, spatial: 1 | 2): Tensor {
  if (input.dim !== spatial + 1 && input.dim !== spatial + 2) {
    const name = `conv${options.transposed ? "_transpose" : ""}${spatial}d`;
    throw runtimeError(`Expected ${spatial + 1}D (unbatched) or ${spatial + 2}D (batched) input to ${name}, but got input of size: [${input.shape.join(", ")}]`);
  }
  const { extraPadding, ...symmetric } = options;
  const batched = input.dim === spatial + 2 ? input : unsqueeze(input, 0);
  const padded = extraPadding && extraPadding.some((p) => p > 0) ? padAfter(batched, extraPadding) : batched;
  const output = convolution(padded, weight, bias, symmetric);
  return batched === input ? output : squeeze(output, 0);
}

/** constant_pad_nd with zeros after the end of the trailing dimensions (ConstantPadNdBackward0). */
function padAfter(x: Tensor, extra: readonly number[]): Tensor {
  const lead = x.dim - extra.length;
  const out = Tensor.zeros(x.shape.map((s, d) => (d < lead ? s : s + extra[d - lead])), x.dtype);
  copyInto(out.view(x.shape, out.strides, 0), x);
  return record(out, {
    name: "ConstantPadNdBackward0",
    inputs: [x],
    formula: (g) => [extra.reduce((acc, _, i) => narrow(acc, lead + i, 0, x.shape[lead + i]), g)],
  });
}

/** padding='same': the total padding each dimension needs, split with the odd one after the end. */
export function samePadding(weight: Tensor, dilation: readonly number[]): { padding: number[]; extraPadding: number[] } {
  const total = weight.shape.slice(2).map((k, d) => dilation[d] * (k - 1));
  if (total.some((t) => t % 2 !== 0)) {
    warn("UserWarning", "Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created", true);
  }
  return { padding: total.map((t) => Math.floor(t / 2)), extraPadding: total.map((t) => t % 2) };
}
