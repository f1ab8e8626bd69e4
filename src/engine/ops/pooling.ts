// 2-D pooling over the last two dimensions of a 3-D or 4-D tensor: max_pool2d with indices
// (MaxPool2DWithIndicesBackward0), avg_pool2d (AvgPool2DBackward0) and adaptive_avg_pool2d
// (AdaptiveAvgPool2DBackward0, or a mean for a 1×1 output, as ATen does), and their 1-D forms over
// a single row. Each backward is an op whose own backward is the forward again (or a gather of
// the indices), so higher orders work.

import { allocate } from "../dtype";
import { runtimeError } from "../errors";
import { numelOf, Tensor } from "../tensor";
import { Pair } from "./im2col";
import { notImplementedFor, roundingOf } from "./op_support";
import { record } from "./record";
import { mean } from "./reduction";
import { squeeze, unsqueeze } from "./view";

/** Where each output row (or column) reads: [start, end) inside the input, and its padded extent. */
interface Axis {
  start: Int32Array;
  end: Int32Array;
  padded: Int32Array;
}

/** The planes, in and out sizes, and the row and column windows of one pooling. */
interface Plan {
  planes: number;
  inH: number;
  inW: number;
  rows: Axis;
  cols: Axis;
  outShape: number[];
}

/** ATen's pooling_output_shape: the last window must start inside the input or its left padding. */
function pooledLength(size: number, kernel: number, pad: number, stride: number, dilation: number, ceil: boolean): number {
  const span = size + 2 * pad - dilation * (kernel - 1) - 1 + (ceil ? stride - 1 : 0);
  let length = Math.floor(span / stride) + 1;
  if (ceil && (length - 1) * stride >= size + pad) length--;
  return length;
}

function slidingAxis(size: number, length: number, kernel: number, stride: number, pad: number, dilation: number): Axis {
  const axis = { start: new Int32Array(length), end: new Int32Array(length), padded: new Int32Array(length) };
  for (let o = 0; o < length; o++) {
    const begin = o * stride - pad;
    const paddedEnd = Math.min(begin + (kernel - 1) * dilation + 1, size + pad);
    axis.padded[o] = paddedEnd - begin;
    let first = begin;
    while (first < 0) first += dilation;
    axis.start[o] = first;
    axis.end[o] = Math.min(paddedEnd, size);
  }
  return axis;
}

function adaptiveAxis(size: number, length: number): Axis {
  const axis = { start: new Int32Array(length), end: new Int32Array(length), padded: new Int32Array(length) };
  for (let o = 0; o < length; o++) {
    axis.start[o] = Math.floor((o * size) / length);
    axis.end[o] = Math.ceil(((o + 1) * size) / length);
    axis.padded[o] = axis.end[o] - axis.start[o];
  }
  return axis;
}

export interface PoolOptions {
  kernel: Pair;
  stride: Pair;
  padding: Pair;
  dilation: Pair;
  ceilMode: boolean;
}

function checkPoolInput(x: Tensor, kernelName: string): void {
  if ((x.dim !== 3 && x.dim !== 4) || x.numel === 0) throw runtimeError("non-empty 3D or 4D (batch mode) tensor expected for input");
  if (x.dtype !== "float32" && x.dtype !== "float64") throw runtimeError(notImplementedFor(kernelName, x.dtype));
}

/** pool2d_shape_check, with its wording. */
function slidingPlan(x: Tensor, o: PoolOptions): Plan {
  const [kH, kW] = o.kernel;
  if (o.stride[0] === 0 || o.stride[1] === 0) throw runtimeError("stride should not be zero");
  if (kH <= 0 || kW <= 0) throw runtimeError(`kernel size should be greater than zero, but got kH: ${kH} kW: ${kW}`);
  if (o.stride[0] < 0 || o.stride[1] < 0) throw runtimeError(`stride should be greater than zero, but got dH: ${o.stride[0]} dW: ${o.stride[1]}`);
  if (o.dilation[0] <= 0 || o.dilation[1] <= 0) {
    throw runtimeError(`dilation should be greater than zero, but got dilationH: ${o.dilation[0]} dilationW: ${o.dilation[1]}`);
  }
  if (o.padding[0] > Math.floor(kH / 2) || o.padding[1] > Math.floor(kW / 2)) {
    throw runtimeError(`pad should be at most half of kernel size, but got pad=${o.padding[0] > Math.floor(kH / 2) ? o.padding[0] : o.padding[1]} and kernel_size=${o.padding[0] > Math.floor(kH / 2) ? kH : kW}`);
  }
  const [inH, inW] = x.shape.slice(-2);
  const outH = pooledLength(inH, kH, o.padding[0], o.stride[0], o.dilation[0], o.ceilMode);
  const outW = pooledLength(inW, kW, o.padding[1], o.stride[1], o.dilation[1], o.ceilMode);
  const channels = x.shape[x.dim - 3];
  if (outH < 1 || outW < 1) {
    throw runtimeError(`Given input size: (${channels}x${inH}x${inW}). Calculated output size: (${channels}x${outH}x${outW}). Output size is too small`);
  }
  return {
    planes: x.numel / (inH * inW), inH, inW,
    rows: slidingAxis(inH, outH, kH, o.stride[0], o.padding[0], o.dilation[0]),
    cols: slidingAxis(inW, outW, kW, o.stride[1], o.padding[1], o.dilation[1]),
    outShape: [...x.shape.slice(0, -2), outH, outW],
  };
}

// --- max pooling

/** cpu_max_pool: the first maximum of each window (NaN wins), and its index inside the plane. */
export function maxPool2dWithIndices(x: Tensor, options: PoolOptions): [Tensor, Tensor] {
  checkPoolInput(x, "max_pool2d");
  const plan = slidingPlan(x, options);
  const { rows, cols, inH, inW } = plan;
  const [dH, dW] = options.dilation;
  const src = x.contiguousData();
  const outPlane = rows.start.length * cols.start.length;
  const values = allocate(x.dtype, plan.planes * outPlane);
  const indices = allocate("int64", values.length);
  let at = 0;
  for (let p = 0; p < plan.planes; p++) {
    const plane = p * inH * inW;
    for (let oy = 0; oy < rows.start.length; oy++) {
      for (let ox = 0; ox < cols.start.length; ox++, at++) {
        let best = rows.start[oy] * inW + cols.start[ox];
        let max = -Infinity;
        for (let y = rows.start[oy]; y < rows.end[oy]; y += dH) {
          for (let xi = cols.start[ox]; xi < cols.end[ox]; xi += dW) {
            const v = src[plane + y * inW + xi];
            if (v > max || Number.isNaN(v)) {
              max = v;
              best = y * inW + xi;
            }
          }
        }
        values[at] = max;
        indices[at] = best;
      }
    }
  }
  const output = Tensor.fromStorage(values, plan.outShape, x.dtype);
  const indexTensor = Tensor.fromStorage(indices, plan.outShape, "int64");
  record(output, {
    name: "MaxPool2DWithIndicesBackward0",
    inputs: [x],
    saved: [[x, "self"], [indexTensor, "result1"]],
    formula: (g, [self, idx]) => [maxPoolBackward(g, self.shape, idx)],
  });
  return [output, indexTensor];
}

/** max_pool2d_with_indices_backward: each output's gradient added at its maximum's position. */
function maxPoolBackward(grad: Tensor, inputShape: readonly number[], indices: Tensor): Tensor {
  const plane = inputShape[inputShape.length - 2] * inputShape[inputShape.length - 1];
  const outPlane = indices.shape[indices.dim - 2] * indices.shape[indices.dim - 1];
  const g = grad.contiguousData();
  const idx = indices.contiguousData();
  const out = allocate(grad.dtype, numelOf(inputShape));
  const r = roundingOf(grad.dtype);
  for (let i = 0; i < g.length; i++) {
    const target = Math.floor(i / outPlane) * plane + idx[i];
    out[target] = r(out[target] + g[i]);
  }
  return record(Tensor.fromStorage(out, inputShape, grad.dtype), {
    name: "MaxPool2DWithIndicesBackwardBackward0",
    inputs: [grad],
    saved: [[indices, "indices"]],
    formula: (gg, [idx2]) => [gatherPlanes(gg, idx2)],
  });
}

/** max_pool_double_backward: the gradient read back at each maximum's position. */
function gatherPlanes(x: Tensor, indices: Tensor): Tensor {
  const plane = x.shape[x.dim - 2] * x.shape[x.dim - 1];
  const outPlane = indices.shape[indices.dim - 2] * indices.shape[indices.dim - 1];
  const src = x.contiguousData();
  const idx = indices.contiguousData();
  const out = allocate(x.dtype, idx.length);
  for (let i = 0; i < out.length; i++) out[i] = src[Math.floor(i / outPlane) * plane + idx[i]];
  return record(Tensor.fromStorage(out, indices.shape, x.dtype), {
    name: "GatherBackward0",
    inputs: [x],
    saved: [[indices, "index"]],
    formula: (g, [idx2]) => [maxPoolBackward(g, x.shape, idx2)],
  });
}

/** Checks a 1-D pooling's input rank, as at::checkDimRange words it. */
function checkRowInput(x: Tensor, op: string): void {
  if (x.dim !== 2 && x.dim !== 3) {
    throw runtimeError(`Expected 2 to 3 dimensions, but got ${x.dim}-dimensional tensor for argument #1 'self' (while checking arguments for ${op})`);
  }
}

/** The 1-D poolings: their 2-D form over a single row (unsqueeze(-2), then squeeze(-2)). */
const overRow = (x: Tensor, op: (row: Tensor) => Tensor): Tensor => squeeze(op(unsqueeze(x, -2)), -2);

/** F.max_pool1d(..., return_indices=True). */
export function maxPool1dWithIndices(x: Tensor, kernel: number, stride: number, padding: number, dilation: number, ceilMode: boolean): [Tensor, Tensor] {
  if (x.dim !== 2 && x.dim !== 3) {
    throw runtimeError(`max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[${x.shape.join(", ")}]`);
  }
  const [values, indices] = maxPool2dWithIndices(unsqueeze(x, -2), {
    kernel: [1, kernel], stride: [1, stride], padding: [0, padding], dilation: [1, dilation], ceilMode,
  });
  return [squeeze(values, -2), squeeze(indices, -2)];
}

// --- average pooling

/** An average window's sum (or gradient) divided as the kernel divides it, for output (oy, ox). */
type Divide = (value: number, oy: number, ox: number) => number;

/** Sums each window in the input's precision, then divides (integers truncate). */
function averageWindows(x: Tensor, plan: Plan, divide: Divide): Tensor {
  const { rows, cols, inH, inW } = plan;
  const src = x.contiguousData();
  const out = allocate(x.dtype, plan.planes * rows.start.length * cols.start.length);
  const r = roundingOf(x.dtype);
  const integral = x.dtype === "int64";
  let at = 0;
  for (let p = 0; p < plan.planes; p++) {
    const plane = p * inH * inW;
    for (let oy = 0; oy < rows.start.length; oy++) {
      for (let ox = 0; ox < cols.start.length; ox++, at++) {
        let sum = 0;
        for (let y = rows.start[oy]; y < rows.end[oy]; y++) {
          for (let xi = cols.start[ox]; xi < cols.end[ox]; xi++) sum = r(sum + src[plane + y * inW + xi]);
        }
        const quotient = divide(sum, oy, ox);
        out[at] = integral ? Math.trunc(quotient) : quotient;
      }
    }
  }
  return Tensor.fromStorage(out, plan.outShape, x.dtype);
}

/** The adjoint of averageWindows: each gradient, divided, spread over its window. */
function spreadWindows(grad: Tensor, inputShape: readonly number[], plan: Plan, divide: Divide): Tensor {
  const { rows, cols, inH, inW } = plan;
  const g = grad.contiguousData();
  const out = allocate(grad.dtype, numelOf(inputShape));
  const r = roundingOf(grad.dtype);
  let at = 0;
  for (let p = 0; p < plan.planes; p++) {
    const plane = p * inH * inW;
    for (let oy = 0; oy < rows.start.length; oy++) {
      for (let ox = 0; ox < cols.start.length; ox++, at++) {
        const share = r(divide(g[at], oy, ox));
        for (let y = rows.start[oy]; y < rows.end[oy]; y++) {
          for (let xi = cols.start[ox]; xi < cols.end[ox]; xi++) {
            const target = plane + y * inW + xi;
            out[target] = r(out[target] + share);
          }
        }
      }
    }
  }
  return Tensor.fromStorage(out, inputShape, grad.dtype);
}

export interface AvgPoolOptions extends Omit<PoolOptions, "dilation"> {
  countIncludePad: boolean;
  divisorOverride: number | null;
}

/** avg_pool2d's divide_factor: the override, the padded window's area, or the area inside the input. */
function avgDivide(plan: Plan, o: AvgPoolOptions): Divide {
  const { rows, cols } = plan;
  if (o.divisorOverride !== null) {
    const fixed = o.divisorOverride;
    return (v) => v / fixed;
  }
  if (o.countIncludePad) return (v, oy, ox) => v / (rows.padded[oy] * cols.padded[ox]);
  return (v, oy, ox) => v / ((rows.end[oy] - rows.start[oy]) * (cols.end[ox] - cols.start[ox]));
}

export function avgPool2d(x: Tensor, options: AvgPoolOptions): Tensor {
  if (x.dim !== 3 && x.dim !== 4) throw runtimeError("non-empty 3D or 4D (batch mode) tensor expected for input");
  if (options.divisorOverride === 0) throw runtimeError("divisor must be not zero");
  const plan = slidingPlan(x, { ...options, dilation: [1, 1] });
  const divide = avgDivide(plan, options);
  return record(averageWindows(x, plan, divide), {
    name: "AvgPool2DBackward0",
    inputs: [x],
    saved: [[x, "self"]],
    formula: (g) => [avgPoolBackward(g, x, plan, divide, options)],
  });
}

/** F.avg_pool1d: avg_pool2d over a single row. */
export function avgPool1d(x: Tensor, kernel: number, stride: number, padding: number, ceilMode: boolean, countIncludePad: boolean): Tensor {
  checkRowInput(x, "avg_pool1d");
  return overRow(x, (row) => avgPool2d(row, { kernel: [1, kernel], stride: [1, stride], padding: [0, padding], ceilMode, countIncludePad, divisorOverride: null }));
}

function avgPoolBackward(grad: Tensor, input: Tensor, plan: Plan, divide: Divide, options: AvgPoolOptions): Tensor {
  return record(spreadWindows(grad, input.shape, plan, divide), {
    name: "AvgPool2DBackwardBackward0",
    inputs: [grad],
    formula: (gg) => [avgPool2d(gg, options)],
  });
}

/** F.adaptive_avg_pool2d: a mean over the last two dims for a 1×1 output, else variable windows. */
export function adaptiveAvgPool2d(x: Tensor, outputSize: Pair): Tensor {
  if ((x.dim !== 3 && x.dim !== 4) || x.shape.slice(x.dim - 3).some((s) => s === 0)) {
    throw runtimeError(`adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${x.shape.length === 0 ? "[]" : `[${x.shape.join(", ")}]`}`);
  }
  if (outputSize[0] === 1 && outputSize[1] === 1) return mean(x, [-1, -2], true);
  const [inH, inW] = x.shape.slice(-2);
  const plan: Plan = {
    planes: x.numel / (inH * inW), inH, inW,
    rows: adaptiveAxis(inH, outputSize[0]), cols: adaptiveAxis(inW, outputSize[1]),
    outShape: [...x.shape.slice(0, -2), outputSize[0], outputSize[1]],
  };
  // ATen divides by the window's height, then by its width, rounding in between.
  const r = roundingOf(x.dtype);
  const divide: Divide = (v, oy, ox) => r(v / plan.rows.padded[oy]) / plan.cols.padded[ox];
  return record(averageWindows(x, plan, divide), {
    name: "AdaptiveAvgPool2DBackward0",
    inputs: [x],
    saved: [[x, "self"]],
    formula: (g) => [record(spreadWindows(g, x.shape, plan, divide), {
      name: "AdaptiveAvgPool2DBackwardBackward0",
      inputs: [g],
      formula: (gg) => [adaptiveAvgPool2d(gg, outputSize)],
    })],
  });
}

/** F.adaptive_avg_pool1d: adaptive_avg_pool2d over a single row. */
export function adaptiveAvgPool1d(x: Tensor, outputSize: number): Tensor {
  checkRowInput(x, "adaptive_avg_pool1d");
  return overRow(x, (row) => adaptiveAvgPool2d(row, [1, outputSize]));
}
