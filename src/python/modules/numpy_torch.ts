// Tensors and arrays share memory both ways, as in PyTorch: torch.from_numpy(a) and t.numpy()
// hand over the same storage (writes through either are seen by the other).

import { isGradEnabled, Tensor } from "../../engine";
import { PyException, typeError } from "../errors";
import { typeName } from "../repr";
import type { Value } from "../values";
import type { OpBindings } from "./binding";
import { copyAs, NdArray, sharing } from "./numpy_array";
import { installArrayClasses } from "./numpy_methods";

/** A fresh tensor with an array's values and dtype (what torch.tensor(ndarray) copies), else null. */
export function numpyArrayAsTensor(v: Value): Tensor | null {
  return v instanceof NdArray ? copyAs(v.t, v.dtype) : null;
}

export const numpyTorchBindings: OpBindings = {
  methods: new Map([
    ["numpy", (self: Tensor) => {
      if (self.requiresGrad && isGradEnabled()) {
        throw new PyException("RuntimeError", "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
      }
      installArrayClasses();
      return new NdArray(sharing(self));
    }],
  ]),
  methodOnly: new Set(["numpy"]),
  functions: new Map([
    ["from_numpy", (args: Value[]) => {
      const a = args[0];
      if (!(a instanceof NdArray) || a.isScalar) throw typeError(`expected np.ndarray (got ${typeName(a ?? null)})`);
      return sharing(a.t);
    }],
  ]),
};
