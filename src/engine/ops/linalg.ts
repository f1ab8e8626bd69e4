// Matrix products: `@` / torch.matmul for 1-D and 2-D operands (dot, mv, mm).

import { allocate, isFloating, promoteTypes } from "../dtype";
import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { record } from "./record";
import { mul } from "./elementwise";
import { transpose, unsqueeze, reshape } from "./view";

function mmKernel(a: Tensor, b: Tensor): Tensor {
  const [n, k] = a.shape;
  const m = b.shape[1];
  if (b.shape[0] !== k) {
    throw runtimeError(`mat1 and mat2 shapes cannot be multiplied (${n}x${k} and ${b.shape[0]}x${m})`);
  }
  const dtype = promoteTypes(a.dtype, b.dtype);
  const out = allocate(dtype, n * m);
  const round = dtype === "float32" ? Math.fround : (v: number) => v;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc = round(acc + round(a.at(i * k + p) * b.at(p * m + j)));
      out[i * m + j] = acc;
    }
  }
  return Tensor.fromStorage(out, [n, m], dtype);
}

export function mm(a: Tensor, b: Tensor): Tensor {
  return record(mmKernel(a, b), {
    name: "MmBackward0",
    inputs: [a, b],
    saved: [[a, "self"], [b, "mat2"]],
    formula: (g, [self, mat2]) => [mm(g, transpose(mat2, 0, 1)), mm(transpose(self, 0, 1), g)],
  });
}

export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.shape[1] !== v.shape[0]) {
    throw runtimeError(`size mismatch, got input (${a.shape[0]}), mat (${a.shape[0]}x${a.shape[1]}), vec (${v.shape[0]})`);
  }
  const result = mmKernel(a, v.view([v.shape[0], 1], [v.strides[0], 0], v.offset));
  return record(result.view([a.shape[0]], [1], 0), {
    name: "MvBackward0",
    inputs: [a, v],
    saved: [[a, "self"], [v, "vec"]],
    formula: (g, [self, vec]) => [mul(unsqueeze(g, 1), unsqueeze(vec, 0)), mv(transpose(self, 0, 1), g)],
  });
}

export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.shape[0] !== b.shape[0]) {
    throw runtimeError(`inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
  }
  const result = mmKernel(a.view([1, a.shape[0]], [0, a.strides[0]], a.offset), b.view([b.shape[0], 1], [b.strides[0], 0], b.offset));
  return record(result.view([], [], 0), {
    name: "DotBackward0",
    inputs: [a, b],
    saved: [[a, "self"], [b, "tensor"]],
    formula: (g, [self, other]) => [mul(other, g), mul(self, g)],
  });
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.dim === 0 || b.dim === 0) {
    throw runtimeError(`both arguments to matmul need to be at least 1D, but they are ${a.dim}D and ${b.dim}D`);
  }
  if (!isFloating(a.dtype) && a.dtype !== b.dtype) throw runtimeError("expected scalar type Long but found Float");
  if (a.dim === 1 && b.dim === 1) return dot(a, b);
  if (a.dim === 2 && b.dim === 1) return mv(a, b);
  if (a.dim === 1 && b.dim === 2) return reshape(mm(unsqueeze(a, 0), b), [b.shape[1]]);
  if (a.dim === 2 && b.dim === 2) return mm(a, b);
  throw runtimeError("Autograd Lens supports matmul of 1-D and 2-D tensors only, so far");
}
