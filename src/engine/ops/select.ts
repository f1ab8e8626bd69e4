// torch.where: elementwise choice between two operands by a bool condition.

import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { gradTarget, reduceGrad, scalarTypeName } from "./elementwise";
import { asTensor, Operand, resultType } from "./operand";
import { record } from "./record";
import { zip3Kernel } from "./ternary_kernel";

export function where(condition: Tensor, a: Operand, b: Operand): Tensor {
  if (condition.dtype !== "bool") {
    throw runtimeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${scalarTypeName(condition.dtype)}`);
  }
  const dtype = resultType([a, b]);
  const ta = asTensor(a, dtype);
  const tb = asTensor(b, dtype);
  const result = zip3Kernel(condition, ta, tb, dtype, (c, x, y) => (c ? x : y));
  const targetA = gradTarget(ta);
  const targetB = gradTarget(tb);
  return record(result, {
    name: "WhereBackward0",
    inputs: [a instanceof Tensor ? a : null, b instanceof Tensor ? b : null],
    saved: [[condition, "condition"]],
    formula: (g, [c], needs) => [
      needs[0] ? reduceGrad(where(c, g, 0), targetA) : null,
      needs[1] ? reduceGrad(where(c, 0, g), targetB) : null,
    ],
  });
}

/** torch.where(condition) alone: the indices of true elements, one int64 tensor per dimension. */
export function nonzeroIndices(condition: Tensor): Tensor[] {
  const rank = condition.dim;
  const found: number[][] = Array.from({ length: rank }, () => []);
  for (let i = 0; i < condition.numel; i++) {
    if (condition.at(i) === 0) continue;
    let rest = i;
    for (let d = rank - 1; d >= 0; d--) {
      found[d].push(rest % condition.shape[d]);
      rest = Math.floor(rest / condition.shape[d]);
    }
  }
  return found.map((indices) => Tensor.fromStorage(Float64Array.from(indices), [indices.length], "int64"));
}
