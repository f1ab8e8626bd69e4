// Python bindings for the engine's shape ops: view/reshape, squeeze/unsqueeze, transposes,
// expand/repeat, flatten, cat/stack, split/chunk/unbind, flip, narrow, contiguous, clone.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { asIndex, toArray } from "../../protocols";
import { NativeImpl, PyList, PyTuple, Value } from "../../values";
import type { OpBindings, TensorMethod } from "../binding";
import { dimArg, sizesArg, tensorArg, tensorsArg } from "./shape_args";

/** Methods that take their sizes as varargs or one sequence, or as a `name=` keyword. */
function sized(name: string, op: (x: Tensor, sizes: number[]) => Tensor): TensorMethod {
  return (self, args, kwargs) => {
    const keyword = kwargs?.get(name === "permute" ? "dims" : name === "repeat" ? "repeats" : name === "expand" ? "size" : "shape");
    return op(self, sizesArg(keyword === undefined ? args : [keyword]));
  };
}

function like(name: string, op: (x: Tensor, other: Tensor) => Tensor): TensorMethod {
  return (self, args, kwargs) => op(self, tensorArg(parseArgs(name, ["other"], args, kwargs)[0], name, "other", 1));
}

function pair(name: string, names: [string, string], op: (x: Tensor, a: number, b: number) => Tensor): TensorMethod {
  return (self, args, kwargs) => {
    const [a, b] = parseArgs(name, names, args, kwargs);
    return op(self, asIndex(a!), asIndex(b!));
  };
}

function intList(v: Value): number[] {
  return v instanceof PyTuple || v instanceof PyList ? toArray(v).map((d) => asIndex(d)) : [asIndex(v)];
}

function movedim(name: string): TensorMethod {
  return (self, args, kwargs) => {
    const [source, destination] = parseArgs(name, ["source", "destination"], args, kwargs);
    return E.movedim(self, intList(source!), intList(destination!));
  };
}

function pieces(values: Tensor[]): PyTuple {
  return new PyTuple(values);
}

function joined(name: string, op: (tensors: Tensor[], dim: number) => Tensor): NativeImpl {
  return (args, kwargs) => {
    const [tensors, dim] = parseArgs(name, ["tensors", "dim?"], args, kwargs);
    return op(tensorsArg(tensors, name), dimArg(dim) ?? 0);
  };
}

export const bindings: OpBindings = {
  methods: new Map<string, TensorMethod>([
    ["view", sized("view", E.view)],
    ["reshape", sized("reshape", E.reshape)],
    ["view_as", like("view_as", (x, other) => E.view(x, other.shape))],
    ["reshape_as", like("reshape_as", (x, other) => E.reshape(x, other.shape))],
    ["expand", sized("expand", E.expand)],
    ["expand_as", like("expand_as", (x, other) => E.expand(x, other.shape))],
    ["repeat", sized("repeat", E.repeat)],
    ["permute", sized("permute", E.permute)],
    ["flatten", (self, args, kwargs) => {
      const [start, end] = parseArgs("flatten", ["start_dim?", "end_dim?"], args, kwargs);
      return E.flatten(self, dimArg(start) ?? 0, dimArg(end) ?? -1);
    }],
    ["unflatten", (self, args, kwargs) => {
      const [dim, sizes] = parseArgs("unflatten", ["dim", "sizes"], args, kwargs);
      return E.unflatten(self, asIndex(dim!), intList(sizes!));
    }],
    ["ravel", (self) => E.view(E.contiguous(self), [-1])],
    ["squeeze", (self, args, kwargs) => E.squeeze(self, dimArg(parseArgs("squeeze", ["dim?"], args, kwargs)[0]))],
    ["unsqueeze", (self, args, kwargs) => E.unsqueeze(self, asIndex(parseArgs("unsqueeze", ["dim"], args, kwargs)[0]!))],
    ["t", (self) => E.t(self)],
    ["transpose", pair("transpose", ["dim0", "dim1"], E.transpose)],
    ["swapaxes", pair("swapaxes", ["axis0", "axis1"], E.transpose)],
    ["swapdims", pair("swapdims", ["dim0", "dim1"], E.transpose)],
    ["movedim", movedim("movedim")],
    ["moveaxis", movedim("moveaxis")],
    ["flip", (self, args, kwargs) => {
      const keyword = kwargs?.get("dims");
      if (keyword === undefined && args.length === 0) throw new E.TorchError("TypeError", 'flip() missing 1 required positional arguments: "dims"');
      return E.flip(self, sizesArg(keyword === undefined ? args : [keyword]));
    }],
    ["narrow", (self, args, kwargs) => {
      const [dim, start, length] = parseArgs("narrow", ["dim", "start", "length"], args, kwargs);
      return E.narrow(self, asIndex(dim!), asIndex(start!), asIndex(length!));
    }],
    ["contiguous", (self) => E.contiguous(self)],
    ["is_contiguous", (self) => self.isContiguous()],
    ["clone", (self) => E.clone(self)],
    ["split", (self, args, kwargs) => {
      const [size, dim] = parseArgs("split", ["split_size", "dim?"], args, kwargs);
      const d = dimArg(dim) ?? 0;
      return pieces(size instanceof PyTuple || size instanceof PyList ? E.splitWithSizes(self, intList(size), d) : E.split(self, asIndex(size!), d));
    }],
    ["chunk", (self, args, kwargs) => {
      const [chunks, dim] = parseArgs("chunk", ["chunks", "dim?"], args, kwargs);
      return pieces(E.chunk(self, asIndex(chunks!), dimArg(dim) ?? 0));
    }],
    ["unbind", (self, args, kwargs) => pieces(E.unbind(self, dimArg(parseArgs("unbind", ["dim?"], args, kwargs)[0]) ?? 0))],
  ]),
  methodOnly: new Set(["view", "view_as", "reshape_as", "expand", "expand_as", "repeat", "contiguous", "is_contiguous"]),
  functions: new Map<string, NativeImpl>([
    ["cat", joined("cat", E.cat)],
    ["concat", joined("concat", E.cat)],
    ["stack", joined("stack", E.stack)],
  ]),
};
