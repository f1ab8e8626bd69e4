// Python bindings for sorting and selection: sort, argsort, msort, topk, kthvalue, median, unique.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { PyException } from "../../errors";
import { asIndex, truthy } from "../../protocols";
import { PyTuple, Value } from "../../values";
import type { OpBindings, TensorMethod } from "../binding";
import { valuesAndIndices } from "./return_types";
import { dimArg, flag } from "./shape_args";

/** A flag whose default is True. */
function flagOn(v: Value | undefined): boolean {
  return v === undefined || v === null || truthy(v);
}

/** `stable=` keeps its absence apart from False: it picks sort's other overload. */
function stableArg(v: Value | undefined): boolean | undefined {
  return v === undefined ? undefined : flag(v);
}

const sort: TensorMethod = (self, args, kwargs) => {
  const [dim, descending, stable] = parseArgs("sort", ["dim?", "descending?", "stable?"], args, kwargs);
  return valuesAndIndices("sort", E.sort(self, dimArg(dim), flag(descending), stableArg(stable)));
};

const argsort: TensorMethod = (self, args, kwargs) => {
  const [dim, descending, stable] = parseArgs("argsort", ["dim?", "descending?", "stable?"], args, kwargs);
  return E.argsort(self, dimArg(dim), flag(descending), stableArg(stable));
};

const topk: TensorMethod = (self, args, kwargs) => {
  const [k, dim, largest, sorted] = parseArgs("topk", ["k", "dim?", "largest?", "sorted?"], args, kwargs);
  return valuesAndIndices("topk", E.topk(self, asIndex(k!), dimArg(dim), flagOn(largest), flagOn(sorted)));
};

const kthvalue: TensorMethod = (self, args, kwargs) => {
  const [k, dim, keepdim] = parseArgs("kthvalue", ["k", "dim?", "keepdim?"], args, kwargs);
  return valuesAndIndices("kthvalue", E.kthvalue(self, asIndex(k!), dimArg(dim), flag(keepdim)));
};

const median: TensorMethod = (self, args, kwargs) => {
  const [dim, keepdim] = parseArgs("median", ["dim?", "keepdim?"], args, kwargs);
  if (dim === undefined || dim === null) return E.median(self);
  return valuesAndIndices("median", E.medianAlong(self, asIndex(dim), flag(keepdim)));
};

/** unique(): the sorted distinct values, then the inverse and the counts when asked for. */
const unique: TensorMethod = (self, args, kwargs) => {
  const [sorted, returnInverse, returnCounts, dim] = parseArgs("unique", ["sorted?", "return_inverse?", "return_counts?", "dim?"], args, kwargs);
  if (!flagOn(sorted) || (dim !== undefined && dim !== null)) {
    throw new PyException("NotImplementedError", "Autograd Lens supports torch.unique only with sorted=True and dim=None");
  }
  const { values, inverse, counts } = E.unique(self);
  const extras: Tensor[] = [...(flag(returnInverse) ? [inverse] : []), ...(flag(returnCounts) ? [counts] : [])];
  return extras.length === 0 ? values : new PyTuple([values, ...extras]);
};

export const bindings: OpBindings = {
  methods: new Map<string, TensorMethod>([
    ["sort", sort],
    ["argsort", argsort],
    ["msort", (self, args, kwargs) => {
      parseArgs("msort", [], args, kwargs);
      return E.msort(self);
    }],
    ["topk", topk],
    ["kthvalue", kthvalue],
    ["median", median],
    ["unique", unique],
  ]),
};
