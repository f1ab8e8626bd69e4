// Triangles and diagonals of matrices: tril/triu, diagonal (a view), diag, diag_embed, trace.
// Each has its own derivatives.yaml entry; the backwards embed into or read back the diagonal.

import { allocate } from "../dtype";
import { runtimeError, TorchError } from "../errors";
import { Tensor } from "../tensor";
import { mapKernel } from "./kernels";
import { record } from "./record";
import { indexFill } from "./index_ops";
import { arange } from "./creation";
import { stridedCopy } from "./strided_copy";
import { asView, normalizeDim, view } from "./view";


/** tril (`lower`) or triu of the last two dimensions (TrilBackward0 / TriuBackward0). */
export function triangle(x: Tensor, diagonal: number, lower: boolean): Tensor {
  // PyTorch reaches dimension -2 first: fewer than two dimensions fail as an out-of-range dim.
  if (x.dim === 0) throw new TorchError("IndexError", "Dimension specified as -2 but tensor has no dimensions");
  normalizeDim(-2, x.dim);
  const rows = x.shape[x.dim - 2];
  const cols = x.shape[x.dim - 1];
  const out = mapKernel(x, x.dtype, (v) => v);
  const data = out.storage.data;
  for (let base = 0; base < data.length; base += rows * cols) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        if (lower ? j - i > diagonal : j - i < diagonal) data[base + i * cols + j] = 0;
      }
    }
  }
  return record(out, {
    name: lower ? "TrilBackward0" : "TriuBackward0",
    inputs: [x],
    savedScalars: { diagonal },
    formula: (g) => [triangle(g, diagonal, lower)],
  });
}

interface DiagonalPlan {
  d1: number;
  d2: number;
  place: (t: Tensor) => Tensor;
}

/** Where diagonal(offset, dim1, dim2) lies in a tensor of `shape`: the view that reads it. */
function diagonalPlan(shape: readonly number[], offset: number, dim1: number, dim2: number): DiagonalPlan {
  const d1 = normalizeDim(dim1, shape.length);
  const d2 = normalizeDim(dim2, shape.length);
  if (d1 === d2) throw runtimeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const length = Math.max(offset >= 0 ? Math.min(shape[d1], shape[d2] - offset) : Math.min(shape[d1] + offset, shape[d2]), 0);
  const place = (t: Tensor): Tensor => {
    const keep = t.shape.map((_, k) => k).filter((k) => k !== d1 && k !== d2);
    const start = length === 0 ? 0 : offset >= 0 ? offset * t.strides[d2] : -offset * t.strides[d1];
    return t.view(
      [...keep.map((k) => t.shape[k]), length],
      [...keep.map((k) => t.strides[k]), t.strides[d1] + t.strides[d2]],
      t.offset + start);
  };
  return { d1, d2, place };
}

/** x.diagonal(offset, dim1, dim2): a view (DiagonalBackward0). */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const plan = diagonalPlan(x.shape, offset, dim1, dim2);
  const forward = (t: Tensor): Tensor => diagonal(t, offset, plan.d1, plan.d2);
  return asView(x, record(plan.place(x), {
    name: "DiagonalBackward0",
    inputs: [x],
    savedScalars: { offset, dim1: plan.d1, dim2: plan.d2 },
    formula: (g) => [diagonalEmbed(g, x.shape, offset, plan.d1, plan.d2, "DiagonalBackwardBackward0")],
  }), forward);
}

/** `g` written along a diagonal of zeros shaped `shape`; its gradient reads the diagonal back. */
function diagonalEmbed(g: Tensor, shape: readonly number[], offset: number, dim1: number, dim2: number, name: string): Tensor {
  const out = Tensor.zeros(shape, g.dtype);
  stridedCopy(diagonalPlan(shape, offset, dim1, dim2).place(out), g);
  return record(out, { name, inputs: [g], formula: (gg) => [diagonal(gg, offset, dim1, dim2)] });
}

/** torch.diag_embed: the last dimension becomes a diagonal of a new (dim1, dim2) plane. */
export function diagEmbed(x: Tensor, offset = 0, dim1 = -2, dim2 = -1): Tensor {
  const rank = x.dim + 1;
  const d1 = normalizeDim(dim1, rank);
  const d2 = normalizeDim(dim2, rank);
  if (d1 === d2) throw runtimeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const n = (x.dim === 0 ? 1 : x.shape[x.dim - 1]) + Math.abs(offset);
  const rest = x.shape.slice(0, -1);
  const shape: number[] = [];
  for (let k = 0, r = 0; k < rank; k++) shape.push(k === d1 || k === d2 ? n : rest[r++]);
  return diagonalEmbed(x, shape, offset, d1, d2, "DiagEmbedBackward0");
}

/** torch.diag: a vector's diagonal matrix, or a matrix's diagonal as a new vector (DiagBackward0). */
export function diag(x: Tensor, k = 0): Tensor {
  if (x.dim !== 1 && x.dim !== 2) throw runtimeError("matrix or a vector expected");
  if (x.dim === 1) {
    const n = x.shape[0] + Math.abs(k);
    const out = Tensor.zeros([n, n], x.dtype);
    stridedCopy(diagonalPlan(out.shape, k, 0, 1).place(out), x);
    return record(out, { name: "DiagBackward0", inputs: [x], savedScalars: { diagonal: k }, formula: (g) => [diag(g, k)] });
  }
  const line = diagonalPlan(x.shape, k, 0, 1).place(x);
  const out = Tensor.zeros(line.shape, x.dtype);
  stridedCopy(out, line);
  // diag_backward: diag again, unless the matrix was not square.
  const square = x.shape[0] === x.shape[1];
  return record(out, {
    name: "DiagBackward0",
    inputs: [x],
    savedScalars: { diagonal: k },
    formula: (g) => [square ? diag(g, k) : diagonalEmbed(g, x.shape, k, 0, 1, "DiagonalBackwardBackward0")],
  });
}

/** torch.trace: the sum of a matrix's diagonal, accumulated in double; integers give int64. */
export function trace(x: Tensor): Tensor {
  if (x.dim !== 2) throw runtimeError(`trace: expected a matrix, but got tensor with dim ${x.dim}`);
  const line = diagonalPlan(x.shape, 0, 0, 1).place(x);
  const dtype = x.dtype === "float32" || x.dtype === "float64" ? x.dtype : "int64";
  let total = 0;
  for (let i = 0; i < line.shape[0]; i++) total += line.at(i);
  const out = Tensor.fromStorage(allocate(dtype, 1), [], dtype);
  out.storage.data[0] = total;
  return record(out, {
    name: "TraceBackward0",
    inputs: [x],
    // trace_backward: the gradient index-filled along the flat diagonal, then viewed as the matrix.
    formula: (g) => [view(indexFill(Tensor.zeros([x.numel], g.dtype), 0, arange(0, x.numel, x.shape[1] + 1, "int64"), g), x.shape)],
  });
}
