// torch.return_types.max / min / sort / topk / ...: the named tuples of values and indices that
// max(dim), sort, topk and the like return. They unpack, index and have `.values` / `.indices`,
// and print as PyTorch does.

import type { Tensor } from "../../../engine";
import { PyClass, PyInstance } from "../../classes";
import { getItem, length } from "../../protocols";
import { repr } from "../../repr";
import { PyBuiltin, PyTuple, Value } from "../../values";

function structSequence(name: string, fieldNames: readonly string[]): PyClass {
  const fields = (self: Value): PyTuple => new PyTuple(fieldNames.map((f) => (self as PyInstance).dict.get(f)!));
  const methods: [string, (args: Value[]) => Value][] = [
    ["__repr__", ([self]) => `torch.return_types.${name}(\n${fieldNames.map((f) => `${f}=${repr((self as PyInstance).dict.get(f)!)}`).join(",\n")})`],
    ["__getitem__", ([self, index]) => getItem(fields(self), index)],
    ["__iter__", ([self]) => fields(self)],
    ["__len__", ([self]) => length(fields(self))],
  ];
  return new PyClass(name, [], new Map<string, Value>(methods.map(([n, impl]) => [n, new PyBuiltin(n, impl)])), "torch.return_types");
}

export type ReturnType = "max" | "min" | "sort" | "topk" | "kthvalue" | "median" | "cummax" | "cummin";

const classes = new Map<string, PyClass>();

/** `torch.return_types.<kind>(field=..., ...)`, its class made once per kind. */
function namedTensors(kind: string, fieldNames: readonly string[], tensors: readonly Tensor[]): PyInstance {
  let cls = classes.get(kind);
  if (!cls) classes.set(kind, (cls = structSequence(kind, fieldNames)));
  const result = new PyInstance(cls);
  fieldNames.forEach((f, i) => result.dict.set(f, tensors[i]));
  return result;
}

/** `torch.return_types.max(values=..., indices=...)`. */
export function valuesAndIndices(kind: ReturnType, pair: readonly [Tensor, Tensor]): PyInstance {
  return namedTensors(kind, ["values", "indices"], pair);
}

/** `torch.return_types.aminmax(min=..., max=...)`. */
export function minAndMax(pair: readonly [Tensor, Tensor]): PyInstance {
  return namedTensors("aminmax", ["min", "max"], pair);
}
