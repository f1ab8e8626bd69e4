// Mask- and position-driven selection: masked_fill, masked_select, take, nonzero, count_nonzero.
// Forwards walk precomputed row-major positions; backwards are these same ops, so double backward works.

import { castScalar } from "../dtype";
import { runtimeError, TorchError } from "../errors";
import { Tensor } from "../tensor";
import { castTo, compare, scalarTypeName } from "./elementwise";
import { indexAdd } from "./index_ops";
import { broadcastShapes, broadcastStrides, scalarTensor } from "./kernels";
import { applyInPlace } from "./mutate";
import { Scalar, scalarValue } from "./operand";
import { record } from "./record";
import { sum, sumToShape } from "./reduction";
import { rowMajorValues } from "./strided_copy";
import { zip3Kernel } from "./ternary_kernel";
import { reshape } from "./view";

function indexError(message: string): TorchError {
  return new TorchError("IndexError", message);
}



/** masked_fill: value where mask, self elsewhere, in self's dtype (MaskedFillBackward0 / 1). */
export function maskedFill(x: Tensor, mask: Tensor, value: Scalar | Tensor): Tensor {
  if (value instanceof Tensor && value.dim !== 0) {
    throw runtimeError(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.dim} dimension(s).`);
  }
  const fill = value instanceof Tensor ? value : scalarTensor(castScalar(scalarValue(value), x.dtype), x.dtype);
  const dtype = x.dtype;
  const out = zip3Kernel(mask, x, fill, dtype, (m, a, v) => (m !== 0 ? castScalar(v, dtype) : a));
  const tensorValue = value instanceof Tensor ? value : null;
  return record(out, {
    name: tensorValue === null ? "MaskedFillBackward0" : "MaskedFillBackward1",
    inputs: [x, tensorValue],
    saved: [[mask, "mask"]],
    formula: (g, _saved, needs) => [
      needs[0] ? sumToShape(maskedFill(g, mask, 0), x.shape) : null,
      needs[1] ? sum(maskedSelect(g, mask)) : null,
    ],
  });
}

export function maskedFill_(x: Tensor, mask: Tensor, value: Scalar | Tensor): Tensor {
  return applyInPlace(x, (original) => maskedFill(original, mask, value));
}

/** The row-major positions of `mask`'s true elements once broadcast to `shape`. */
function truePositions(mask: Tensor, shape: readonly number[]): Float64Array {
  const spread = rowMajorValues(mask.view(shape, broadcastStrides(mask, shape), mask.offset));
  let count = 0;
  for (let i = 0; i < spread.length; i++) if (spread[i] !== 0) count++;
  const out = new Float64Array(count);
  for (let i = 0, k = 0; i < spread.length; i++) if (spread[i] !== 0) out[k++] = i;
  return out;
}

function checkMask(fn: string, mask: Tensor): void {
  if (mask.dtype !== "bool") throw runtimeError(`${fn}: expected BoolTensor or ByteTensor for mask`);
}

/** masked_select: the elements under a true mask, broadcast together, as one row (MaskedSelectBackward0). */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  checkMask("masked_select", mask);
  const shape = broadcastShapes(x.shape, mask.shape);
  const positions = truePositions(mask, shape);
  return takeRowMajor(x, x.view(shape, broadcastStrides(x, shape), x.offset), positions, [positions.length], "MaskedSelectBackward0",
    (g) => sumToShape(maskedScatterZeros(g, positions, shape), x.shape));
}

/** masked_select's backward: `g` laid back onto zeros at the selected positions (MaskedScatterBackward0). */
function maskedScatterZeros(g: Tensor, positions: Float64Array, shape: readonly number[]): Tensor {
  const out = Tensor.zeros(shape, g.dtype);
  const to = out.storage.data;
  const from = rowMajorValues(g);
  for (let k = 0; k < positions.length; k++) to[positions[k]] = from[k];
  return record(out, {
    name: "MaskedScatterBackward0",
    inputs: [g],
    formula: (gg) => [takeRowMajor(gg, gg, positions, [positions.length], "MaskedSelectBackward0", (ggg) => maskedScatterZeros(ggg, positions, shape))],
  });
}

/** The elements of `values` (`input` or a broadcast view of it) at row-major `positions`, recorded as `name`. */
function takeRowMajor(input: Tensor, values: Tensor, positions: Float64Array, shape: readonly number[], name: string, backward: (g: Tensor) => Tensor): Tensor {
  const data = rowMajorValues(values);
  const out = Tensor.zeros(shape, input.dtype);
  const to = out.storage.data;
  for (let k = 0; k < positions.length; k++) to[k] = data[positions[k]];
  return record(out, { name, inputs: [input], formula: (g) => [backward(g)] });
}

/** torch.take: elements by row-major position, negative ones from the end (TakeBackward0). */
export function take(x: Tensor, index: Tensor): Tensor {
  if (index.dtype !== "int64") throw runtimeError(`take(): Expected a long tensor for index, but got ${scalarTypeName(index.dtype)}`);
  const n = x.numel;
  const positions = Float64Array.from(rowMajorValues(index));
  for (let i = 0; i < positions.length; i++) {
    if (positions[i] < -n || positions[i] >= n) throw indexError(`out of range: tried to access index ${positions[i]} on a tensor of ${n} elements.`);
    if (positions[i] < 0) positions[i] += n;
  }
  const flat = Tensor.fromStorage(positions, [positions.length], "int64");
  return takeRowMajor(x, x, positions, index.shape, "TakeBackward0",
    (g) => reshape(indexAdd(Tensor.zeros([n], g.dtype), 0, flat, reshape(g, [-1])), x.shape));
}

/** nonzero: the coordinates of non-zero elements, one row each. */
export function nonzero(x: Tensor): Tensor {
  const positions = truePositions(compare("ne", x, 0), x.shape);
  const rank = x.dim;
  const out = Tensor.zeros([positions.length, rank], "int64");
  const to = out.storage.data;
  for (let k = 0; k < positions.length; k++) {
    let rest = positions[k];
    for (let d = rank - 1; d >= 0; d--) {
      to[k * rank + d] = rest % x.shape[d];
      rest = Math.floor(rest / x.shape[d]);
    }
  }
  return out;
}

/** nonzero(as_tuple=True): one index tensor per dimension (a 0-dim input counts as one). */
export function nonzeroTuple(x: Tensor): Tensor[] {
  const rows = nonzero(x.dim === 0 ? reshape(x, [1]) : x);
  const n = rows.shape[0];
  const rank = rows.shape[1];
  const data = rows.storage.data;
  return Array.from({ length: rank }, (_, d) => {
    const column = Tensor.zeros([n], "int64");
    for (let k = 0; k < n; k++) column.storage.data[k] = data[k * rank + d];
    return column;
  });
}

/** count_nonzero over all or some dims (int64). */
export function countNonzero(x: Tensor, dim?: number | readonly number[]): Tensor {
  const nonZero = castTo(compare("ne", x, 0), "int64");
  return dim === undefined ? sum(nonZero) : sum(nonZero, typeof dim === "number" ? dim : [...dim]);
}
