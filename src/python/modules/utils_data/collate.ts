// default_collate (torch/utils/data/_utils/collate.py): a list of samples becomes one batch,
// tensors stacked along a new first dimension, numbers made tensors, containers collated per field.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { PyException } from "../../errors";
import { hashKey, length, toArray } from "../../protocols";
import { typeName } from "../../repr";
import { PyDict, PyFloat, PyList, PyTuple, Value } from "../../values";
import { tensorOf } from "../bindings/creation_factories";
import { numpyArrayAsTensor } from "../numpy_torch";

const ERROR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found";

export function defaultCollate(batch: Value[]): Value {
  const first = batch[0];
  if (first instanceof Tensor) return E.stack(batch as Tensor[], 0);
  if (numpyArrayAsTensor(first) !== null) return E.stack(batch.map((a) => numpyArrayAsTensor(a)!), 0);
  if (first instanceof PyFloat) return tensorOf(new PyList(batch), "float64");
  if (typeof first === "number" || typeof first === "boolean" || typeof first === "bigint") return tensorOf(new PyList(batch), undefined);
  if (typeof first === "string") return new PyList(batch);
  if (first instanceof PyDict) {
    const out = new PyDict();
    for (const [hash, [key]] of first.entries) {
      out.entries.set(hash, [key, defaultCollate(batch.map((sample) => (sample as PyDict).entries.get(hashKey(key))![1]))]);
    }
    return out;
  }
  if (first instanceof PyList || first instanceof PyTuple) {
    const size = length(first);
    if (batch.some((sample) => length(sample) !== size)) throw new PyException("RuntimeError", "each element in list of batch should be of equal size");
    const rows = batch.map(toArray);
    return new PyList(Array.from({ length: size }, (_, i) => defaultCollate(rows.map((row) => row[i]))));
  }
  throw new PyException("TypeError", `${ERROR} <class '${typeName(first)}'>`);
}
