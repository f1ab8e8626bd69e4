// The tensor arithmetic the optimizers' single-tensor updates share, rounded in ATen's
// order, and their lazily created state tensors.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { floatMath } from "../../../engine/ops/op_support";
import { zip3Kernel } from "../../../engine/ops/ternary_kernel";
import { PyDict } from "../../values";
import { dictGet, dictSet } from "../nn/native_class";
import { float } from "./optimizer";

/** The state tensor `name`, created as zeros like the parameter on the first step. */
export function stateTensor(state: PyDict, name: string, like: Tensor): Tensor {
  let t = dictGet(state, name);
  if (!(t instanceof Tensor)) dictSet(state, name, (t = Tensor.zeros(like.shape, like.dtype)));
  return t;
}

/** self + value * t1 * t2 as ATen's addcmul kernel computes it: GCC contracts it to fma(value * t1, t2, self). */
export function addcmul(self: Tensor, t1: Tensor, t2: Tensor, value: number): Tensor {
  const { round, fma } = floatMath(self.dtype);
  const scalar = round(value);
  return zip3Kernel(self, t1, t2, self.dtype, (s, a, b) => fma(round(scalar * a), b, s));
}

/** self + value * t1 / t2, rounded after each step as addcdiv's kernel does. */
export const addcdiv = (self: Tensor, t1: Tensor, t2: Tensor, value: number): Tensor => E.add(self, E.div(E.mulScalar(t1, float(value)), t2));

/** A tensor's storage when it is dense float32 (the fused optimizer loops write it directly), else null. */
export const denseFloat32 = (t: Tensor): Float32Array | null => {
  const data = t.storage.data;
  return data instanceof Float32Array && t.offset === 0 && data.length === t.numel && t.isContiguous() ? data : null;
};
