// Python bindings for structural ops: tril/triu, diag/diagonal/diag_embed/trace, roll, rot90,
// flips, tile, repeat_interleave, the *stack family and atleast_nd, splits, meshgrid,
// broadcast_to/broadcast_tensors, diff, cartesian_prod, combinations, block_diag.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { PyException, typeError } from "../../errors";
import { asIndex, toArray } from "../../protocols";
import { typeName } from "../../repr";
import { Kwargs, NativeImpl, PyList, PyTuple, Value } from "../../values";
import type { OpBindings, TensorMethod } from "../binding";
import { dimArg, flag, sizesArg, tensorArg, tensorsArg } from "./shape_args";

/** An int or a sequence of ints. */
function intsArg(v: Value): number | number[] {
  return v instanceof PyTuple || v instanceof PyList ? toArray(v).map((d) => asIndex(d)) : asIndex(v);
}

const asList = (v: number | number[]): number[] => (typeof v === "number" ? [v] : v);

function triangle(name: string, lower: boolean): [string, TensorMethod][] {
  const op = (args: Value[], kwargs: Kwargs) => {
    const diagonal = dimArg(parseArgs(name, ["diagonal?"], args, kwargs)[0]) ?? 0;
    return (x: Tensor) => E.triangle(x, diagonal, lower);
  };
  return [
    [name, (self, args, kwargs) => op(args, kwargs)(self)],
    [`${name}_`, (self, args, kwargs) => E.applyInPlace(self, op(args, kwargs))],
  ];
}

/** Tensors given as varargs or as one sequence (atleast_nd, meshgrid, broadcast_tensors, ...). */
function varTensors(fn: string, args: readonly Value[]): Tensor[] {
  const list = args.length === 1 && (args[0] instanceof PyTuple || args[0] instanceof PyList) ? toArray(args[0]) : args;
  return list.map((t, i) => {
    if (!(t instanceof Tensor)) throw typeError(`${fn}(): argument 'tensors' must be tuple of Tensors, but found element of type ${typeName(t)} at pos ${i}`);
    return t;
  });
}

/** atleast_nd: one tensor back for one argument, a tuple for several or for a sequence. */
function atLeast(name: string, op: (x: Tensor) => Tensor): NativeImpl {
  return (args) => {
    const tensors = varTensors(name, args);
    return args.length === 1 && args[0] instanceof Tensor ? op(tensors[0]) : new PyTuple(tensors.map(op));
  };
}

function stacker(name: string, op: (tensors: readonly Tensor[]) => Tensor): NativeImpl {
  return (args, kwargs) => op(tensorsArg(parseArgs(name, ["tensors"], args, kwargs)[0], name));
}

function splitter(kind: "hsplit" | "vsplit" | "dsplit"): TensorMethod {
  return (self, args, kwargs) => {
    const [sections] = parseArgs(kind, ["indices_or_sections"], args, kwargs);
    return new PyTuple(E.directionalSplit(self, kind, intsArg(sections!)));
  };
}

const repeatInterleave: TensorMethod = (self, args, kwargs) => {
  const [repeats, dim] = parseArgs("repeat_interleave", ["repeats?", "dim?", "output_size?"], args, kwargs);
  if (repeats === undefined) return E.repeatInterleaveIndices(self);
  return E.repeatInterleave(self, repeats instanceof Tensor ? repeats : asIndex(repeats!), dimArg(dim));
};

const MESHGRID_WARNING = "torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.";

const meshgrid: NativeImpl = (args, kwargs) => {
  const tensors = varTensors("meshgrid", args);
  const indexing = kwargs?.get("indexing");
  if (indexing === undefined) E.warn("UserWarning", MESHGRID_WARNING, true);
  const mode = indexing ?? "ij";
  if (mode !== "ij" && mode !== "xy") throw new PyException("RuntimeError", `torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${String(mode)}`);
  return new PyTuple(E.meshgrid(tensors, mode));
};

export const bindings: OpBindings = {
  methods: new Map<string, TensorMethod>([
    ...triangle("tril", true),
    ...triangle("triu", false),
    ["diag", (self, args, kwargs) => E.diag(self, dimArg(parseArgs("diag", ["diagonal?"], args, kwargs)[0]) ?? 0)],
    ["diagonal", (self, args, kwargs) => {
      const [offset, dim1, dim2] = parseArgs("diagonal", ["offset?", "dim1?", "dim2?"], args, kwargs);
      return E.diagonal(self, dimArg(offset) ?? 0, dimArg(dim1) ?? 0, dimArg(dim2) ?? 1);
    }],
    ["diag_embed", (self, args, kwargs) => {
      const [offset, dim1, dim2] = parseArgs("diag_embed", ["offset?", "dim1?", "dim2?"], args, kwargs);
      return E.diagEmbed(self, dimArg(offset) ?? 0, dimArg(dim1) ?? -2, dimArg(dim2) ?? -1);
    }],
    ["trace", (self, args, kwargs) => {
      parseArgs("trace", [], args, kwargs);
      return E.trace(self);
    }],
    ["roll", (self, args, kwargs) => {
      const [shifts, dims] = parseArgs("roll", ["shifts", "dims?"], args, kwargs);
      return E.roll(self, asList(intsArg(shifts!)), dims === undefined || dims === null ? [] : asList(intsArg(dims)));
    }],
    ["rot90", (self, args, kwargs) => {
      const [k, dims] = parseArgs("rot90", ["k?", "dims?"], args, kwargs);
      return E.rot90(self, dimArg(k) ?? 1, dims === undefined ? [0, 1] : asList(intsArg(dims!)));
    }],
    ["fliplr", (self) => E.fliplr(self)],
    ["flipud", (self) => E.flipud(self)],
    ["tile", (self, args, kwargs) => {
      const keyword = kwargs?.get("dims");
      return E.tile(self, sizesArg(keyword === undefined ? args : [keyword]));
    }],
    ["repeat_interleave", repeatInterleave],
    ["tensor_split", (self, args, kwargs) => {
      const [sections, dim] = parseArgs("tensor_split", ["indices_or_sections", "dim?"], args, kwargs);
      return new PyTuple(E.tensorSplit(self, intsArg(sections!), dimArg(dim) ?? 0));
    }],
    ["hsplit", splitter("hsplit")],
    ["vsplit", splitter("vsplit")],
    ["dsplit", splitter("dsplit")],
    ["broadcast_to", (self, args, kwargs) => E.expand(self, sizesArg([parseArgs("broadcast_to", ["size"], args, kwargs)[0]!]))],
    ["diff", (self, args, kwargs) => {
      const [n, dim, prepend, append] = parseArgs("diff", ["n?", "dim?", "prepend?", "append?"], args, kwargs);
      const optionalTensor = (v: Value | undefined, name: string, pos: number): Tensor | null =>
        v === undefined || v === null ? null : tensorArg(v, "diff", name, pos);
      return E.diff(self, dimArg(n) ?? 1, dimArg(dim) ?? -1, optionalTensor(prepend, "prepend", 4), optionalTensor(append, "append", 5));
    }],
  ]),
  methodOnly: new Set(["tril_", "triu_"]),
  functions: new Map<string, NativeImpl>([
    ["atleast_1d", atLeast("atleast_1d", E.atleast1d)],
    ["atleast_2d", atLeast("atleast_2d", E.atleast2d)],
    ["atleast_3d", atLeast("atleast_3d", E.atleast3d)],
    ["hstack", stacker("hstack", E.hstack)],
    ["vstack", stacker("vstack", E.vstack)],
    ["row_stack", stacker("row_stack", E.vstack)],
    ["dstack", stacker("dstack", E.dstack)],
    ["column_stack", stacker("column_stack", E.columnStack)],
    ["meshgrid", meshgrid],
    ["broadcast_tensors", (args) => new PyTuple(E.broadcastTensors(varTensors("broadcast_tensors", args)))],
    ["cartesian_prod", (args) => E.cartesianProd(varTensors("cartesian_prod", args))],
    ["block_diag", (args) => E.blockDiag(varTensors("block_diag", args))],
    ["combinations", (args, kwargs) => {
      const [input, r, withReplacement] = parseArgs("combinations", ["input", "r?", "with_replacement?"], args, kwargs);
      return E.combinations(tensorArg(input, "combinations", "input", 1), dimArg(r) ?? 2, flag(withReplacement));
    }],
  ]),
};
