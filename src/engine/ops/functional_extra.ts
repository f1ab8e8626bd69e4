// torch.nn.functional's one_hot, dropout and constant pad.

import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { bernoulli_ } from "../random/ops";
import { divScalar, mul } from "./arithmetic";
import { full } from "./creation";
import { copyInto } from "./kernels";
import { record } from "./record";
import { narrow } from "./shape";
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
