// torch.return_types.max / min / sort / topk / ...: the named tuples of values and indices that
// max(dim), sort, topk and the like return. They unpack, index and have `.values` / `.indices`,
// and print as PyTorch does.

import type { Tensor } from "../../../engine";
import { PyClass, PyInstance } from "../../classes";
import { getItem, length } from "../../protocols";
import { repr } from "../../repr";
import { PyBuiltin, PyTuple, Value } from "../../values";

const FIELDS = ["values", "indices"] as const;

function fields(self: Value): PyTuple {
  const instance = self as PyInstance;
  return new PyTuple(FIELDS.map((name) => instance.dict.get(name)!));
}

function structSequence(name: string): PyClass {
  const methods: [string, (args: Value[]) => Value][] = [
    ["__repr__", ([self]) => `torch.return_types.${name}(\n${FIELDS.map((f) => `${f}=${repr((self as PyInstance).dict.get(f)!)}`).join(",\n")})`],
    ["__getitem__", ([self, index]) => getItem(fields(self), index)],
    ["__iter__", ([self]) => fields(self)],
    ["__len__", ([self]) => length(fields(self))],
  ];
  return new PyClass(name, [], new Map<string, Value>(methods.map(([n, impl]) => [n, new PyBuiltin(n, impl)])), "torch.return_types");
}

export type ReturnType = "max" | "min" | "sort" | "topk" | "kthvalue" | "median";

const classes = new Map<ReturnType, PyClass>();

/** `torch.return_types.max(values=..., indices=...)`. */
export function valuesAndIndices(kind: ReturnType, [values, indices]: readonly [Tensor, Tensor]): PyInstance {
  if (!classes.has(kind)) classes.set(kind, structSequence(kind));
  const result = new PyInstance(classes.get(kind)!);
  result.dict.set("values", values);
  result.dict.set("indices", indices);
  return result;
}
