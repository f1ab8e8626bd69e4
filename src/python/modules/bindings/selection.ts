// Python bindings for index-driven selection and searching: masked_fill, masked_select, gather,
// scatter, scatter_add, index_select, index_add, index_fill, index_copy, take, nonzero, argwhere,
// count_nonzero (and the in-place `_` forms), cummax/cummin, logcumsumexp, searchsorted,
// bucketize, bincount, histc.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { PyException, typeError } from "../../errors";
import { asIndex } from "../../protocols";
import { typeName } from "../../repr";
import { Kwargs, NativeImpl, PyTuple, Value } from "../../values";
import type { OpBindings, TensorMethod } from "../binding";
import { scalarArg } from "../tensor_args";
import { valuesAndIndices } from "./return_types";
import { dimsArg, flag, tensorArg } from "./shape_args";

/** A value argument that may be a Python number or a tensor. */
function valueArg(v: Value | undefined, fn: string): E.Scalar | Tensor {
  if (v instanceof Tensor) return v;
  const s = scalarArg(v, fn);
  if (s === null) throw typeError(`${fn}(): argument 'value' must be Number, not ${typeName(v ?? null)}`);
  return s;
}

/** A method and its in-place `_` twin, both from the out-of-place op. */
function withInPlace(name: string, op: (args: Value[], kwargs: Kwargs) => (x: Tensor) => Tensor): [string, TensorMethod][] {
  return [
    [name, (self, args, kwargs) => op(args, kwargs)(self)],
    [`${name}_`, (self, args, kwargs) => E.applyInPlace(self, op(args, kwargs))],
  ];
}

const reduceArg = (v: Value | undefined): E.ScatterReduce | undefined => {
  if (v === undefined || v === null) return undefined;
  if (v === "add" || v === "multiply") return v;
  throw new PyException("RuntimeError", `reduce argument must be either add or multiply.`);
};

/** The `(dim, index, ...)` head that scatter and the index_* ops share. */
function indexed(fn: string, names: readonly string[], args: Value[], kwargs: Kwargs): [number, Tensor, ...(Value | undefined)[]] {
  const [dim, index, ...rest] = parseArgs(fn, ["dim", "index", ...names], args, kwargs);
  return [asIndex(dim!), tensorArg(index, fn, "index", 2), ...rest];
}

function runningExtremum(kind: E.RunningExtremum): TensorMethod {
  return (self, args, kwargs) => {
    const [dim] = parseArgs(kind, ["dim"], args, kwargs);
    return valuesAndIndices(kind, E.cumulativeExtremum(self, asIndex(dim!), kind));
  };
}

/** A number where a tensor of values may stand (searchsorted's and bucketize's input). */
function valuesArg(v: Value | undefined, fn: string): Tensor {
  if (v instanceof Tensor) return v;
  const s = scalarArg(v, fn);
  if (s === null) throw typeError(`${fn}(): argument 'input' must be Tensor, not ${typeName(v ?? null)}`);
  return E.full([], E.scalarValue(s), E.resultType([s]));
}

/** searchsorted's `side=` and `right=` together: they must not disagree. */
function rightSide(right: Value | undefined, side: Value | undefined): boolean {
  if (side === undefined || side === null) return flag(right);
  if (side !== "left" && side !== "right") throw new PyException("RuntimeError", `torch.searchsorted(): side can only be 'left' or 'right' but got ${String(side)}`);
  if (side === "left" && flag(right)) throw new PyException("RuntimeError", "torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True");
  return side === "right";
}

export const bindings: OpBindings = {
  methods: new Map<string, TensorMethod>([
    ["masked_fill", (self, args, kwargs) => {
      const [mask, value] = parseArgs("masked_fill", ["mask", "value"], args, kwargs);
      return E.maskedFill(self, tensorArg(mask, "masked_fill", "mask", 1), valueArg(value, "masked_fill"));
    }],
    ["masked_fill_", (self, args, kwargs) => {
      const [mask, value] = parseArgs("masked_fill_", ["mask", "value"], args, kwargs);
      return E.maskedFill_(self, tensorArg(mask, "masked_fill_", "mask", 1), valueArg(value, "masked_fill_"));
    }],
    ["masked_select", (self, args, kwargs) => E.maskedSelect(self, tensorArg(parseArgs("masked_select", ["mask"], args, kwargs)[0], "masked_select", "mask", 1))],
    ["gather", (self, args, kwargs) => {
      const [dim, index] = parseArgs("gather", ["dim", "index", "sparse_grad?"], args, kwargs);
      return E.gather(self, asIndex(dim!), tensorArg(index, "gather", "index", 2));
    }],
    ...withInPlace("scatter", (args, kwargs) => {
      const [dim, index, src, reduce, value] = indexed("scatter", ["src?", "reduce?", "value?"], args, kwargs);
      return (x) => E.scatter(x, dim, index, valueArg(src ?? value, "scatter"), reduceArg(reduce));
    }),
    ...withInPlace("scatter_add", (args, kwargs) => {
      const [dim, index, src] = indexed("scatter_add", ["src"], args, kwargs);
      return (x) => E.scatterAdd(x, dim, index, tensorArg(src, "scatter_add", "src", 3));
    }),
    ["index_select", (self, args, kwargs) => {
      const [dim, index] = parseArgs("index_select", ["dim", "index"], args, kwargs);
      return E.indexSelect(self, asIndex(dim!), tensorArg(index, "index_select", "index", 2));
    }],
    ...withInPlace("index_add", (args, kwargs) => {
      const [dim, index, source, alpha] = indexed("index_add", ["source", "alpha?"], args, kwargs);
      return (x) => E.indexAdd(x, dim, index, tensorArg(source, "index_add", "source", 3), scalarArg(alpha, "index_add") ?? 1);
    }),
    ...withInPlace("index_copy", (args, kwargs) => {
      const [dim, index, source] = indexed("index_copy", ["source"], args, kwargs);
      return (x) => E.indexCopy(x, dim, index, tensorArg(source, "index_copy", "source", 3));
    }),
    ...withInPlace("index_fill", (args, kwargs) => {
      const [dim, index, value] = indexed("index_fill", ["value"], args, kwargs);
      return (x) => E.indexFill(x, dim, index, valueArg(value, "index_fill"));
    }),
    ["take", (self, args, kwargs) => E.take(self, tensorArg(parseArgs("take", ["index"], args, kwargs)[0], "take", "index", 1))],
    ["nonzero", (self, args, kwargs) => {
      const [asTuple] = parseArgs("nonzero", ["as_tuple?"], args, kwargs);
      return flag(asTuple) ? new PyTuple(E.nonzeroTuple(self)) : E.nonzero(self);
    }],
    ["argwhere", (self, args, kwargs) => {
      parseArgs("argwhere", [], args, kwargs);
      return E.nonzero(self);
    }],
    ["count_nonzero", (self, args, kwargs) => E.countNonzero(self, dimsArg(parseArgs("count_nonzero", ["dim?"], args, kwargs)[0]))],
    ["cummax", runningExtremum("cummax")],
    ["cummin", runningExtremum("cummin")],
    ["logcumsumexp", (self, args, kwargs) => E.logcumsumexp(self, asIndex(parseArgs("logcumsumexp", ["dim"], args, kwargs)[0]!))],
    ["bincount", (self, args, kwargs) => {
      const [weights, minlength] = parseArgs("bincount", ["weights?", "minlength?"], args, kwargs);
      return E.bincount(self, weights instanceof Tensor ? weights : null, minlength === undefined ? 0 : asIndex(minlength));
    }],
    ["histc", (self, args, kwargs) => {
      const [bins, min, max] = parseArgs("histc", ["bins?", "min?", "max?"], args, kwargs);
      const number = (v: Value | undefined): number => { const s = scalarArg(v, "histc"); return s === null ? 0 : E.scalarValue(s); };
      return E.histc(self, bins === undefined ? 100 : asIndex(bins), number(min), number(max));
    }],
  ]),
  functions: new Map<string, NativeImpl>([
    ["searchsorted", (args, kwargs) => {
      const [sorted, values, outInt32, right, side] = parseArgs("searchsorted", ["sorted_sequence", "input", "out_int32?", "right?", "side?"], args, kwargs);
      return E.searchsorted(tensorArg(sorted, "searchsorted", "sorted_sequence", 1), valuesArg(values, "searchsorted"), rightSide(right, side), flag(outInt32));
    }],
    ["bucketize", (args, kwargs) => {
      const [values, boundaries, outInt32, right] = parseArgs("bucketize", ["input", "boundaries", "out_int32?", "right?"], args, kwargs);
      return E.bucketize(valuesArg(values, "bucketize"), tensorArg(boundaries, "bucketize", "boundaries", 2), flag(right), flag(outInt32));
    }],
  ]),
  methodOnly: new Set(["masked_fill_", "scatter_", "scatter_add_", "index_add_", "index_copy_", "index_fill_"]),
};
