// gather and scatter along one dimension with an index tensor: gather, scatter (a tensor or a
// value, reduce=), scatter_add. Backwards are gather and scatter again.

import { castScalar } from "../dtype";
import { runtimeError } from "../errors";
import { contiguousStrides, Tensor } from "../tensor";
import { gatherAlong } from "./gather_scatter";
import { scalarTensor } from "./kernels";
import { Scalar, scalarValue } from "./operand";
import { record } from "./record";
import { sumToShape } from "./reduction";
import { rowMajorValues } from "./strided_copy";
import { expand, normalizeDim } from "./view";

const shapeText = (shape: readonly number[]): string => `[${shape.join(", ")}]`;


function checkLongIndex(fn: string, index: Tensor): void {
  if (index.dtype !== "int64") throw runtimeError(`${fn}(): Expected dtype int64 for index`);
}

/** Every index value along `dim` must address `size` positions. */
function checkBounds(index: Tensor, dim: number, size: number): void {
  const values = rowMajorValues(index);
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0 || values[i] >= size) throw runtimeError(`index ${values[i]} is out of bounds for dimension ${dim} with size ${size}`);
  }
}

/** x.gather(dim, index) (GatherBackward0). */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.dim);
  checkLongIndex("gather", index);
  if (index.dim !== x.dim && !(index.dim <= 1 && x.dim <= 1)) throw runtimeError("Index tensor must have the same number of dimensions as input tensor");
  index.shape.forEach((s, k) => {
    if (k !== d && s > x.shape[k]) {
      throw runtimeError(`Size does not match at dimension ${k} expected index ${shapeText(index.shape)} to be smaller than self ${shapeText(x.shape)} apart from dimension ${d}`);
    }
  });
  checkBounds(index, d, x.dim === 0 ? 1 : x.shape[d]);
  return gatherAlong(x, d, index);
}

/**
 * Storage positions for a scatter: for each element of `index` (row-major), where it lands in a
 * contiguous tensor of `shape` and the row-major position in `src` (read with `srcShape`).
 */
function scatterPositions(index: Tensor, dim: number, shape: readonly number[], srcShape: readonly number[]): [Float64Array, Float64Array] {
  const values = rowMajorValues(index);
  const outStrides = contiguousStrides(shape);
  const srcStrides = contiguousStrides(srcShape);
  const to = new Float64Array(values.length);
  const from = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let rest = i;
    let o = 0;
    let s = 0;
    for (let k = index.dim - 1; k >= 0; k--) {
      const c = rest % index.shape[k];
      rest = Math.floor(rest / index.shape[k]);
      o += (k === dim ? values[i] : c) * outStrides[k];
      s += c * srcStrides[k];
    }
    to[i] = o;
    from[i] = s;
  }
  return [to, from];
}

export type ScatterReduce = "add" | "multiply";

function checkScatter(x: Tensor, d: number, index: Tensor, src: Tensor | null): void {
  checkLongIndex("scatter", index);
  if (src !== null && src.dtype !== x.dtype) throw runtimeError("scatter(): Expected self.dtype to be equal to src.dtype");
  if (index.dim !== x.dim && !(index.dim <= 1 && x.dim <= 1)) throw runtimeError("Index tensor must have the same number of dimensions as self tensor");
  const tooBig = index.shape.some((s, k) => (k !== d && s > x.shape[k]) || (src !== null && s > src.shape[k]));
  if (tooBig) {
    const srcText = src === null ? "" : ` and to be smaller size than src ${shapeText(src.shape)}`;
    throw runtimeError(`Expected index ${shapeText(index.shape)} to be smaller than self ${shapeText(x.shape)} apart from dimension ${d}${srcText}`);
  }
  checkBounds(index, d, x.dim === 0 ? 1 : x.shape[d]);
}

/** The scattered values as a new tensor: self's copy with src's elements written or combined in. */
function scatterValues(x: Tensor, d: number, index: Tensor, src: Tensor, combine: (old: number, v: number) => number): Tensor {
  const out = Tensor.fromStorage(rowMajorValues(x).slice(), x.shape, x.dtype);
  const [to, from] = scatterPositions(index, d, x.shape, src.shape);
  const data = out.storage.data;
  const values = rowMajorValues(src);
  for (let i = 0; i < to.length; i++) data[to[i]] = combine(data[to[i]], values[from[i]]);
  return out;
}

const combiners: Record<ScatterReduce | "set", (old: number, v: number) => number> = {
  set: (_old, v) => v,
  add: (old, v) => old + v,
  multiply: (old, v) => old * v,
};

/** x.scatter(dim, index, src | value, reduce=) (ScatterBackward0 / 1; no gradient with reduce). */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | Scalar, reduce?: ScatterReduce): Tensor {
  const d = normalizeDim(dim, x.dim);
  const srcTensor = src instanceof Tensor ? src : null;
  checkScatter(x, d, index, srcTensor);
  const values = srcTensor ?? expand(scalarTensor(castScalar(scalarValue(src as Scalar), x.dtype), x.dtype), index.shape);
  const out = scatterValues(x, d, index, values, combiners[reduce ?? "set"]);
  if (reduce !== undefined) {
    return record(out, { name: "NotImplemented", inputs: [x, srcTensor], formula: () => { throw runtimeError("derivative for aten::scatter is not implemented"); } });
  }
  return record(out, {
    name: srcTensor === null ? "ScatterBackward1" : "ScatterBackward0",
    inputs: [x, srcTensor],
    saved: [[index, "index"]],
    savedScalars: { dim: d },
    formula: (g, _saved, needs) => [
      needs[0] ? scatter(g, d, index, 0) : null,
      needs[1] ? srcGradient("ScatterBackward0", gather(g, d, index), srcTensor!) : null,
    ],
  });
}

/**
 * The engine's check on a returned gradient (validate_outputs): gather gives index's shape, which
 * only fits src when src's shape broadcasts to it.
 */
function srcGradient(node: string, grad: Tensor, src: Tensor): Tensor {
  if (grad.dim === src.dim && grad.shape.every((s, k) => s === src.shape[k])) return grad;
  const lead = grad.dim - src.dim;
  if (lead >= 0 && src.shape.every((s, k) => s === 1 || s === grad.shape[k + lead])) return sumToShape(grad, src.shape);
  throw runtimeError(`Function ${node} returned an invalid gradient at index 1 - got ${shapeText(grad.shape)} but expected shape compatible with ${shapeText(src.shape)}`);
}

/** x.scatter_add(dim, index, src) (ScatterAddBackward0). */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = normalizeDim(dim, x.dim);
  checkScatter(x, d, index, src);
  return record(scatterValues(x, d, index, src, combiners.add), {
    name: "ScatterAddBackward0",
    inputs: [x, src],
    saved: [[index, "index"]],
    savedScalars: { dim: d },
    formula: (g, _saved, needs) => [needs[0] ? g : null, needs[1] ? srcGradient("ScatterAddBackward0", gather(g, d, index), src) : null],
  });
}
