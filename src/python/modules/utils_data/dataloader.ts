// torch.utils.data.DataLoader in its single-process form (torch/utils/data/dataloader.py and
// sampler.py of 1.13), drawing from the random generators exactly when PyTorch does: every
// iter(loader) draws a base seed, and a shuffling sampler draws its own seed on the first batch.

import * as E from "../../../engine";
import { parseArgs } from "../../args";
import { callValue, PyClass, PyInstance } from "../../classes";
import { PyException } from "../../errors";
import { asIndex, getItem, iterate, length, truthy } from "../../protocols";
import { Kwargs, PyIterator, PyList, STOP, Value } from "../../values";
import { generatorOf } from "../bindings/generator_object";
import { method } from "../nn/native_class";
import { defaultCollate } from "./collate";

const INT64_LIMIT = 2n ** 63n;

/** `torch.empty((), dtype=torch.int64).random_(generator=gen).item()`: 63 random bits. */
function drawSeed(gen: E.Generator): bigint {
  return gen.random64() % INT64_LIMIT;
}

type Indices = () => Value | typeof STOP;

/** RandomSampler.__iter__: a permutation from the given generator, or from a fresh one seeded off the default. */
function shuffled(n: number, given: E.Generator | null): Indices {
  const gen = given ?? new E.Generator(drawSeed(E.defaultGenerator));
  const order = E.randperm(n, "int64", gen).storage.data;
  let i = 0;
  return () => {
    if (i < n) return order[i++];
    // The sampler's trailing `randperm(n)[:num_samples % n]` still draws from the generator.
    if (i++ === n) E.randperm(n, "int64", gen);
    return STOP;
  };
}

/** The loader's own generator= (null for the default one). */
function loaderGenerator(self: PyInstance): E.Generator | null {
  const given = self.dict.get("generator")!;
  return given === null ? null : generatorOf("DataLoader", given);
}

function sequential(n: number): Indices {
  let i = 0;
  return () => (i < n ? i++ : STOP);
}

/** The sampler's indices, started on the first request as a Python generator starts. */
function samplerIndices(self: PyInstance): Indices {
  let next: Indices | null = null;
  return () => {
    if (next === null) {
      const sampler = self.dict.get("sampler")!;
      const n = () => length(self.dict.get("dataset")!);
      if (sampler !== null) next = iterate(sampler);
      else next = truthy(self.dict.get("shuffle")!) ? shuffled(n(), loaderGenerator(self)) : sequential(n());
    }
    return next();
  };
}

function fetch(self: PyInstance, indices: Value[]): Value {
  const dataset = self.dict.get("dataset")!;
  const samples = new PyList(indices.map((i) => getItem(dataset, i)));
  const collate = self.dict.get("collate_fn")!;
  return collate === null ? defaultCollate(samples.items) : callValue(collate, [samples], null);
}

function batches(self: PyInstance): PyIterator {
  drawSeed(loaderGenerator(self) ?? E.defaultGenerator);
  const indices = samplerIndices(self);
  const batchSize = self.dict.get("batch_size")!;
  const dropLast = truthy(self.dict.get("drop_last")!);
  const next = (): Value | typeof STOP => {
    if (batchSize === null) {
      const index = indices();
      return index === STOP ? STOP : getItem(self.dict.get("dataset")!, index);
    }
    const batch: Value[] = [];
    const size = asIndex(batchSize);
    while (batch.length < size) {
      const index = indices();
      if (index === STOP) break;
      batch.push(index);
    }
    if (batch.length === 0 || (dropLast && batch.length < size)) return STOP;
    return fetch(self, batch);
  };
  return new PyIterator(next, "_SingleProcessDataLoaderIter");
}

const OPTIONS = ["dataset", "batch_size?", "shuffle?", "sampler?", "batch_sampler?", "num_workers?", "collate_fn?", "pin_memory?",
  "drop_last?", "timeout?", "worker_init_fn?", "multiprocessing_context?", "generator?", "prefetch_factor?", "persistent_workers?",
  "pin_memory_device?"];

function init(self: PyInstance, args: Value[], kwargs: Kwargs): Value {
  const [dataset, batchSize, shuffle, sampler, batchSampler, numWorkers, collateFn, , dropLast, , , , generator] = parseArgs("DataLoader", OPTIONS, args, kwargs);
  if (batchSampler !== undefined && batchSampler !== null) throw new PyException("NotImplementedError", "Autograd Lens's DataLoader does not support batch_sampler");
  if (numWorkers !== undefined && asIndex(numWorkers) < 0) {
    throw new PyException("ValueError", "num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
  }
  const shuffling = shuffle !== undefined && shuffle !== null && truthy(shuffle);
  if (sampler !== undefined && sampler !== null && shuffling) throw new PyException("ValueError", "sampler option is mutually exclusive with shuffle");
  const size = batchSize === undefined ? 1 : batchSize;
  if (size === null && dropLast !== undefined && truthy(dropLast)) {
    throw new PyException("ValueError", "batch_size=None option disables auto-batching and is mutually exclusive with drop_last");
  }
  const attributes: [string, Value][] = [
    ["dataset", dataset!], ["batch_size", size], ["shuffle", shuffling], ["sampler", sampler ?? null], ["num_workers", numWorkers ?? 0],
    ["collate_fn", collateFn ?? null], ["drop_last", dropLast ?? false], ["generator", generator ?? null],
  ];
  for (const [name, value] of attributes) self.dict.set(name, value);
  return null;
}

function batchCount(self: PyInstance): number {
  const n = length(self.dict.get("sampler") ?? self.dict.get("dataset")!);
  const batchSize = self.dict.get("batch_size")!;
  if (batchSize === null) return n;
  const size = asIndex(batchSize);
  return truthy(self.dict.get("drop_last")!) ? Math.floor(n / size) : Math.ceil(n / size);
}

export const dataLoaderClass = new PyClass("DataLoader", [], new Map<string, Value>([
  method("__init__", init),
  method("__iter__", (self) => batches(self)),
  method("__len__", (self) => batchCount(self)),
]), "torch.utils.data.dataloader");
