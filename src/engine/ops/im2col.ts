// Sliding windows over 2-D images: the window geometry that convolution and pooling share, the
// im2col/col2im loops (each other's adjoint), and F.unfold/F.fold as differentiable ops built on
// them (Im2ColBackward0/Col2ImBackward0, each the other's backward).

import { allocate, Storage } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { record } from "./record";

/** A window sliding over an H×W plane; 1-D ops use H = 1 with a 1×1 window along it. */
export interface Window {
  inH: number;
  inW: number;
  kH: number;
  kW: number;
  sH: number;
  sW: number;
  /** Zero padding on each side. */
  pH: number;
  pW: number;
  dH: number;
  dW: number;
  outH: number;
  outW: number;
}

export type Pair = readonly [number, number];

/** How many windows fit along one dimension. */
function sweepLength(size: number, kernel: number, stride: number, padding: number, dilation: number): number {
  return Math.floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;
}

export function windowOf(size: Pair, kernel: Pair, stride: Pair, padding: Pair, dilation: Pair): Window {
  return {
    inH: size[0], inW: size[1], kH: kernel[0], kW: kernel[1], sH: stride[0], sW: stride[1],
    pH: padding[0], pW: padding[1], dH: dilation[0], dW: dilation[1],
    outH: sweepLength(size[0], kernel[0], stride[0], padding[0], dilation[0]),
    outW: sweepLength(size[1], kernel[1], stride[1], padding[1], dilation[1]),
  };
}

/**
 * Copies `channels` planes starting at `src[from]` into columns: cols[(c·kH + i)·kW + j][oy·outW + ox]
 * is the pixel window (oy, ox) sees at (i, j), 0 in the padding.
 */
export function im2colInto(src: Float64Array, from: number, channels: number, w: Window, cols: Float64Array): void {
  const length = w.outH * w.outW;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const plane = from + c * w.inH * w.inW;
    for (let i = 0; i < w.kH; i++) {
      for (let j = 0; j < w.kW; j++, row++) {
        const base = row * length;
        for (let oy = 0; oy < w.outH; oy++) {
          const y = oy * w.sH - w.pH + i * w.dH;
          const inside = y >= 0 && y < w.inH;
          for (let ox = 0; ox < w.outW; ox++) {
            const x = ox * w.sW - w.pW + j * w.dW;
            cols[base + oy * w.outW + ox] = inside && x >= 0 && x < w.inW ? src[plane + y * w.inW + x] : 0;
          }
        }
      }
    }
  }
}

/** The adjoint of im2colInto: adds every column entry back onto the pixel it was read from. */
export function col2imInto(cols: Float64Array, from: number, channels: number, w: Window, out: Float64Array, to: number): void {
  const length = w.outH * w.outW;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const plane = to + c * w.inH * w.inW;
    for (let i = 0; i < w.kH; i++) {
      for (let j = 0; j < w.kW; j++, row++) {
        const base = from + row * length;
        for (let oy = 0; oy < w.outH; oy++) {
          const y = oy * w.sH - w.pH + i * w.dH;
          if (y < 0 || y >= w.inH) continue;
          for (let ox = 0; ox < w.outW; ox++) {
            const x = ox * w.sW - w.pW + j * w.dW;
            if (x >= 0 && x < w.inW) out[plane + y * w.inW + x] += cols[base + oy * w.outW + ox];
          }
        }
      }
    }
  }
}

/** A tensor's values in row-major order as float64, so the loops here see one array type. */
export function float64Values(t: Tensor): Float64Array {
  const data = t.contiguousData();
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

/** Stores float64 sums into a fresh tensor of `dtype` (a Float32Array store rounds once). */
export function storeAs(values: Float64Array, shape: readonly number[], like: Tensor): Tensor {
  const out: Storage = allocate(like.dtype, values.length);
  out.set(values);
  return Tensor.fromStorage(out, shape, like.dtype);
}

/** F.unfold: [N, C, H, W] to [N, C·kH·kW, L] (or unbatched, [C, H, W] to [C·kH·kW, L]). */
export function im2col(x: Tensor, kernel: Pair, dilation: Pair, padding: Pair, stride: Pair): Tensor {
  if ((x.dim !== 3 && x.dim !== 4) || x.shape.slice(x.dim - 3).includes(0)) {
    throw runtimeError(`Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [${x.shape.join(", ")}]`);
  }
  const batched = x.dim === 4;
  const [n, c, h, wd] = batched ? x.shape : [1, ...x.shape];
  const w = windowOf([h, wd], kernel, stride, padding, dilation);
  if (w.outH < 1 || w.outW < 1) {
    throw runtimeError(`Given input with spatial size (${h}, ${wd}), kernel_size=(${kernel.join(", ")}), dilation=(${dilation.join(", ")}), padding=(${padding.join(", ")}), calculated shape of the array of sliding blocks as (${w.outH}, ${w.outW}), but its components must be at least one.`);
  }
  const rows = c * w.kH * w.kW;
  const length = w.outH * w.outW;
  const src = float64Values(x);
  const cols = new Float64Array(n * rows * length);
  const sample = new Float64Array(rows * length);
  for (let b = 0; b < n; b++) {
    im2colInto(src, b * c * h * wd, c, w, sample);
    cols.set(sample, b * rows * length);
  }
  return record(storeAs(cols, batched ? [n, rows, length] : [rows, length], x), {
    name: "Im2ColBackward0",
    inputs: [x],
    formula: (g) => [col2im(g, [h, wd], kernel, dilation, padding, stride)],
  });
}

/** F.fold: [N, C·kH·kW, L] to [N, C, H, W] (or unbatched), overlapping entries summed. */
export function col2im(x: Tensor, outputSize: Pair, kernel: Pair, dilation: Pair, padding: Pair, stride: Pair): Tensor {
  if ((x.dim !== 2 && x.dim !== 3) || x.shape.slice(x.dim - 2).includes(0)) {
    throw runtimeError(`Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: [${x.shape.join(", ")}]`);
  }
  const batched = x.dim === 3;
  const [n, rows, length] = batched ? x.shape : [1, ...x.shape];
  const perChannel = kernel[0] * kernel[1];
  if (rows % perChannel !== 0) {
    throw runtimeError(`Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${rows} and kernel_size=(${kernel.join(", ")}).`);
  }
  const w = windowOf(outputSize, kernel, stride, padding, dilation);
  if (w.outH * w.outW !== length) {
    throw runtimeError(`Given output_size=(${outputSize.join(", ")}), kernel_size=(${kernel.join(", ")}), dilation=(${dilation.join(", ")}), padding=(${padding.join(", ")}), stride=(${stride.join(", ")}), expected size of input's dimension 2 to match the calculated number of sliding blocks ${w.outH} * ${w.outW} = ${w.outH * w.outW}, but got input.size(2)=${length}.`);
  }
  const c = rows / perChannel;
  const plane = outputSize[0] * outputSize[1];
  const src = float64Values(x);
  const out = new Float64Array(n * c * plane);
  for (let b = 0; b < n; b++) col2imInto(src, b * rows * length, c, w, out, b * c * plane);
  return record(storeAs(out, batched ? [n, c, ...outputSize] : [c, ...outputSize], x), {
    name: "Col2ImBackward0",
    inputs: [x],
    formula: (g) => [im2col(g, kernel, dilation, padding, stride)],
  });
}
