// torch.float32 and friends: one object per dtype, so `x.dtype == torch.float32` is identity.

import { DType } from "../../engine";
import { PyNamespace, Value } from "../values";

const all: DType[] = ["float32", "float64", "int64", "int32", "bool"];

export const dtypeObjects = new Map<DType, PyNamespace>(
  all.map((d) => [d, new PyNamespace("dtype", new Map<string, Value>([["is_floating_point", d.startsWith("float")]]), `torch.${d}`)]),
);

/** Names torch exposes for each dtype, aliases included (`torch.float` is float32). */
export const dtypeAliases: [string, DType][] = [
  ["float32", "float32"], ["float", "float32"], ["float64", "float64"], ["double", "float64"],
  ["int64", "int64"], ["long", "int64"], ["int32", "int32"], ["int", "int32"], ["bool", "bool"],
];

export function dtypeOf(v: Value): DType | null {
  for (const [d, o] of dtypeObjects) if (o === v) return d;
  return null;
}
