// torch.utils.data's map-style datasets: Dataset (the base user classes derive from),
// TensorDataset, Subset and random_split, as torch/utils/data/dataset.py defines them.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { PyClass, PyInstance } from "../../classes";
import { PyException } from "../../errors";
import { getItem, length, toArray } from "../../protocols";
import { Kwargs, PyFloat, PyList, PyTuple, Value } from "../../values";
import { generatorOf } from "../bindings/generator_object";
import { method } from "../nn/native_class";

const MODULE = "torch.utils.data.dataset";

function nativeClass(name: string, bases: PyClass[], methods: [string, Value][]): PyClass {
  return new PyClass(name, bases, new Map(methods), MODULE);
}

export const datasetClass = nativeClass("Dataset", [], [
  method("__getitem__", () => {
    throw new PyException("NotImplementedError", "");
  }),
]);

function tensorsOf(self: PyInstance): Tensor[] {
  return (self.dict.get("tensors") as PyTuple).items as Tensor[];
}

export const tensorDatasetClass = nativeClass("TensorDataset", [datasetClass], [
  method("__init__", (self, args) => {
    const tensors = args as Tensor[];
    if (tensors.some((t) => t.shape[0] !== tensors[0].shape[0])) throw new PyException("AssertionError", "Size mismatch between tensors");
    self.dict.set("tensors", new PyTuple(tensors));
    return null;
  }),
  method("__getitem__", (self, [index]) => new PyTuple(tensorsOf(self).map((t) => getItem(t, index)))),
  method("__len__", (self) => tensorsOf(self)[0].shape[0]),
]);

/** Subset(dataset, indices): `subset[i]` is `dataset[indices[i]]`. */
export const subsetClass = nativeClass("Subset", [datasetClass], [
  method("__init__", (self, args, kwargs) => {
    const [dataset, indices] = parseArgs("__init__", ["dataset", "indices"], args, kwargs);
    self.dict.set("dataset", dataset!);
    self.dict.set("indices", indices!);
    return null;
  }),
  method("__getitem__", (self, [index]) => {
    const dataset = self.dict.get("dataset")!;
    const indices = self.dict.get("indices")!;
    if (index instanceof PyList) return getItem(dataset, new PyList(index.items.map((i) => getItem(indices, i))));
    return getItem(dataset, getItem(indices, index));
  }),
  method("__len__", (self) => length(self.dict.get("indices")!)),
]);

function subset(dataset: Value, indices: number[]): PyInstance {
  return subsetClass.call([dataset, new PyList(indices)], null) as PyInstance;
}

/** Fractions summing to 1 become counts: floor(n * f), the remainder dealt out round-robin. */
function splitLengths(lengths: Value[], n: number, warn: (message: string) => void): number[] {
  const fractions = lengths.map((v) => (v instanceof PyFloat ? v.value : Number(v)));
  const total = fractions.reduce((a, b) => a + b, 0);
  if (!(Math.abs(total - 1) <= 1e-9 && total <= 1)) return fractions;
  const counts = fractions.map((f, i) => {
    if (f < 0 || f > 1) throw new PyException("ValueError", `Fraction at index ${i} is not between 0 and 1`);
    return Math.floor(n * f);
  });
  const remainder = n - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; i < remainder; i++) counts[i % counts.length]++;
  counts.forEach((c, i) => {
    if (c === 0) warn(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
  });
  return counts;
}

export function randomSplit(args: Value[], kwargs: Kwargs): Value {
  const [dataset, lengths, generator] = parseArgs("random_split", ["dataset", "lengths", "generator?"], args, kwargs);
  const n = length(dataset!);
  const counts = splitLengths(toArray(lengths!), n, (message) => E.warn("UserWarning", message));
  const total = counts.reduce((a, b) => a + b, 0);
  if (total !== n) throw new PyException("ValueError", "Sum of input lengths does not equal the length of the input dataset!");
  const order = Array.from(E.randperm(total, "int64", generatorOf("random_split", generator)).storage.data);
  let offset = 0;
  return new PyList(counts.map((count) => subset(dataset!, order.slice(offset, (offset += count)))));
}
