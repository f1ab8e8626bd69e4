// torch.nn.functional's one_hot, dropout and pad (constant, reflect and replicate).

import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { bernoulli_ } from "../random/ops";
import { divScalar, mul } from "./arithmetic";
import { full } from "./creation";
import { copyInto } from "./kernels";
import { record } from "./record";
import { narrow } from "./shape";
import { indexAdd, indexSelect } from "./index_ops";
import { detach } from "./view";

export function oneHot(x: Tensor, numClasses: number): Tensor {
  if (x.dtype !== "int64") throw runtimeError("one_hot is only applicable to index tensor.");
  const values = x.contiguousData();
  let classes = numClasses;
  if (classes === -1) {
    if (x.numel === 0) throw runtimeError("Can not infer total number of classes from empty tensor.");
    classes = 0;
    for (let i = 0; i < x.numel; i++) classes = Math.max(classes, values[i] + 1);
  }
  let smallest = Infinity;
  let largest = -Infinity;
  for (let i = 0; i < x.numel; i++) {
    smallest = Math.min(smallest, values[i]);
    largest = Math.max(largest, values[i]);
  }
  if (smallest < 0) throw runtimeError("Class values must be non-negative.");
  if (largest >= classes) throw runtimeError("Class values must be smaller than num_classes.");
  const out = Tensor.zeros([...x.shape, classes], "int64");
  for (let i = 0; i < x.numel; i++) out.storage.data[i * classes + values[i]] = 1;
  return out;
}

/** _dropout on the CPU: input times a bernoulli(1 − p) mask divided by 1 − p (MulBackward0). */
export function dropout(x: Tensor, p: number, training: boolean): Tensor {
  if (p === 0 || !training || x.numel === 0) return x;
  if (p === 1) return mul(x, Tensor.zeros([], x.dtype));
  const noise = bernoulli_(Tensor.zeros(x.shape, x.dtype), 1 - p);
  return mul(x, divScalar(noise, { value: 1 - p }));
}

/** constant_pad_nd: pads of (left, right) pairs from the last dim backwards; negative ones crop. */
export function constantPad(x: Tensor, pads: readonly number[], value: number): Tensor {
  if (pads.length % 2 !== 0) throw runtimeError("Padding length must be divisible by 2");
  if (pads.length / 2 > x.dim) throw runtimeError("Padding length too large");
  const shape = [...x.shape];
  let source = detach(x);
  let target: Tensor | null = null;
  const spans: [number, number, number][] = [];
  for (let i = 0; i < pads.length / 2; i++) {
    const d = x.dim - 1 - i;
    const [left, right] = [pads[2 * i], pads[2 * i + 1]];
    shape[d] = x.shape[d] + left + right;
    if (shape[d] < 0) {
      throw runtimeError(`The input size ${x.shape[d]}, plus negative padding ${left} and ${right} resulted in a negative output size, which is invalid. Check dimension ${d} of your input.`);
    }
    const kept = x.shape[d] + Math.min(left, 0) + Math.min(right, 0);
    source = narrow(source, d, Math.max(-left, 0), Math.max(kept, 0));
    spans.push([d, Math.max(left, 0), Math.max(kept, 0)]);
  }
  const out = full(shape, value, x.dtype);
  target = out;
  for (const [d, start, length] of spans) target = narrow(target, d, start, length);
  if (source.numel > 0) copyInto(target, source);
  return record(out, {
    name: "ConstantPadNdBackward0", inputs: [x],
    formula: (g) => [constantPad(g, pads.map((p) => -p), 0)],
  });
}

export type PadMode = "reflect" | "replicate";

/** PyTorch raises this as NotImplementedError; the bindings check first and raise it so. */
export const NON_CONSTANT_PAD_DIMS = "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now";

/** Whether reflect/replicate padding handles this many pads for an input of this rank. */
export const modePadSupported = (rank: number, pads: number): boolean =>
  pads % 2 !== 0 || (pads >= 2 && pads <= 6 && (rank === pads / 2 + 1 || rank === pads / 2 + 2));

/** Where each output position along a padded dim reads from: mirrored (reflect) or clamped (replicate). */
function padSources(size: number, left: number, right: number, mode: PadMode): Tensor {
  const sources = Array.from({ length: size + left + right }, (_v, k) => {
    const i = k - left;
    if (mode === "replicate") return Math.min(Math.max(i, 0), size - 1);
    return i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i;
  });
  return Tensor.fromStorage(Float64Array.from(sources), [sources.length], "int64");
}

/** F.pad's reflect and replicate modes: index_select along each padded dim, one ReflectionPad/ReplicationPad node. */
export function modePad(x: Tensor, pads: readonly number[], mode: PadMode): Tensor {
  if (pads.length % 2 !== 0) throw runtimeError("Padding length must be divisible by 2");
  const count = pads.length / 2;
  if (!modePadSupported(x.dim, pads.length)) {
    throw runtimeError(NON_CONSTANT_PAD_DIMS);
  }
  const steps: [number, Tensor, number][] = [];
  let out = detach(x);
  for (let i = 0; i < count; i++) {
    const d = x.dim - 1 - i;
    const [left, right] = [pads[2 * i], pads[2 * i + 1]];
    if (mode === "reflect" && (left >= x.shape[d] || right >= x.shape[d])) {
      // The 1-D kernel names the input by its sizes, the 2-D one by its rank.
      const input = count === 1 ? `[${x.shape.join(", ")}]` : `${x.dim}`;
      throw runtimeError(`Argument #${4 + 2 * i}: Padding size should be less than the corresponding input dimension, but got: padding (${left}, ${right}) at dimension ${d} of input ${input}`);
    }
    const sources = padSources(x.shape[d], left, right, mode);
    steps.push([d, sources, out.shape[d]]);
    out = indexSelect(out, d, sources);
  }
  const name = `${mode === "reflect" ? "Reflection" : "Replication"}Pad${count}DBackward0`;
  return record(out, {
    name, inputs: [x],
    // Each padded position's gradient goes back to the element it copied, summed (index_add).
    formula: (g) => {
      let grad = g;
      for (let k = steps.length - 1; k >= 0; k--) {
        const [d, sources, size] = steps[k];
        const shape = [...grad.shape];
        shape[d] = size;
        grad = indexAdd(Tensor.zeros(shape, grad.dtype), d, sources, grad);
      }
      return [grad];
    },
  });
}
