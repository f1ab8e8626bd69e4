// embedding(weight, indices): rows of the weight picked by an integer index (EmbeddingBackward0),
// whose gradient adds each output row back into the row it came from, except the padding row.

import { TorchError } from "../errors";
import { Tensor } from "../tensor";
import { mul } from "./arithmetic";
import { record } from "./record";
import { reshape } from "./view";

const TYPE_NAMES: Record<string, string> = { float32: "torch.FloatTensor", float64: "torch.DoubleTensor", bool: "torch.BoolTensor" };

function checkIndices(indices: Tensor): void {
  if (indices.dtype === "int64" || indices.dtype === "int32") return;
  throw new TorchError("RuntimeError", "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; "
    + `but got ${TYPE_NAMES[indices.dtype] ?? indices.dtype} instead (while checking arguments for embedding)`);
}

/** 1 for the rows that take gradient, 0 for those that came from the padding row. */
function paddingMask(rows: ArrayLike<number>, paddingIdx: number, dtype: Tensor["dtype"]): Tensor {
  const mask = Tensor.zeros([rows.length, 1], dtype);
  const data = mask.storage.data;
  for (let i = 0; i < rows.length; i++) data[i] = rows[i] === paddingIdx ? 0 : 1;
  return mask;
}

/** F.embedding's forward; `paddingIdx` is already non-negative, or -1 for none. */
export function embedding(weight: Tensor, indices: Tensor, paddingIdx = -1): Tensor {
  checkIndices(indices);
  if (weight.dim !== 2) throw new TorchError("RuntimeError", "'weight' must be 2-D");
  const [numWeights, width] = weight.shape;
  const rows = indices.contiguousData();
  for (let i = 0; i < rows.length; i++) {
    if (rows[i] < 0 || rows[i] >= numWeights) throw new TorchError("IndexError", "index out of range in self");
  }
  const out = Tensor.zeros([...indices.shape, width], weight.dtype);
  const from = weight.storage.data;
  const to = out.storage.data;
  const [rowStride, colStride] = weight.strides;
  for (let i = 0; i < rows.length; i++) {
    const base = weight.offset + rows[i] * rowStride;
    for (let j = 0; j < width; j++) to[i * width + j] = from[base + j * colStride];
  }
  return record(out, {
    name: "EmbeddingBackward0",
    inputs: [weight],
    saved: [[indices, "indices"]],
    savedScalars: { weight_sym_argsize_0: numWeights, padding_idx: paddingIdx, scale_grad_by_freq: 0, sparse: 0 },
    formula: (g) => [embeddingDenseBackward(g, indices, numWeights, paddingIdx)],
  });
}

/**
 * embedding_dense_backward (EmbeddingDenseBackwardBackward0): each gradient row added into the
 * table row it came from, the padding row left at zero. Its own gradient looks the rows up again.
 */
export function embeddingDenseBackward(grad: Tensor, indices: Tensor, numWeights: number, paddingIdx: number): Tensor {
  const rows = indices.contiguousData();
  const width = grad.shape[grad.dim - 1];
  const out = Tensor.zeros([numWeights, width], grad.dtype);
  const to = out.storage.data;
  const from = reshape(grad, [rows.length, width]).contiguousData();
  for (let i = 0; i < rows.length; i++) {
    if (rows[i] === paddingIdx) continue;
    const base = rows[i] * width;
    for (let j = 0; j < width; j++) to[base + j] += from[i * width + j];
  }
  return record(out, {
    name: "EmbeddingDenseBackwardBackward0",
    inputs: [grad],
    saved: [[indices, "indices"]],
    savedScalars: { num_weights: numWeights, padding_idx: paddingIdx },
    formula: (gg) => {
      const picked = reshape(embedding(gg, indices), grad.shape);
      return [paddingIdx < 0 ? picked : mul(picked, reshape(paddingMask(rows, paddingIdx, gg.dtype), [...indices.shape, 1]))];
    },
  });
}
