// How engine ops become Python-callable: each family of ops contributes one OpBindings table.

import type { Tensor } from "../../engine";
import type { Kwargs, NativeImpl, Value } from "../values";

export type TensorMethod = (self: Tensor, args: Value[], kwargs: Kwargs) => Value;

export interface OpBindings {
  /** Tensor methods (`x.sum(1)`); each is also `torch.<name>(x, ...)` unless in `methodOnly`. */
  methods?: ReadonlyMap<string, TensorMethod>;
  /** Method names that torch does not expose as functions (in-place ops, `view`, ...). */
  methodOnly?: ReadonlySet<string>;
  /** torch functions that are not tensor methods (`torch.cat`, `torch.manual_seed`). */
  functions?: ReadonlyMap<string, NativeImpl>;
  /** torch.nn.functional functions. */
  nnFunctional?: ReadonlyMap<string, NativeImpl>;
}
