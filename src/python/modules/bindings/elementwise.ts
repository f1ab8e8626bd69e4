// Python bindings for the engine's elementwise ops and matrix products: arithmetic, unary math,
// comparisons, logical and bitwise ops, clamp, where, lerp, copy_, matmul and friends.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { typeError } from "../../errors";
import { asIndex } from "../../protocols";
import { typeName } from "../../repr";
import { NativeImpl, PyTuple, Value } from "../../values";
import type { OpBindings, TensorMethod } from "../binding";
import { operand, scalarArg } from "../tensor_args";
import { asMethod, functionEntries, inPlace, methodEntries, signature, Signature, tensorParam } from "./signatures";

function alphaArg(v: Value | undefined, fn: string): E.Scalar | undefined {
  return scalarArg(v, fn) ?? undefined;
}

function roundingMode(v: Value | undefined): E.RoundingMode | null {
  if (v === undefined || v === null) return null;
  if (v === "trunc" || v === "floor") return v;
  throw E.runtimeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(v)}'`);
}

/** A clamp bound given as a tensor makes the other one a tensor too (ClampBackward0). */
function clampOf(self: Tensor, min: Value | undefined, max: Value | undefined): Tensor {
  if (!(min instanceof Tensor) && !(max instanceof Tensor)) return E.clamp(self, scalarArg(min, "clamp"), scalarArg(max, "clamp"));
  const bound = (v: Value | undefined): Tensor | null => {
    if (v instanceof Tensor) return v;
    const s = scalarArg(v, "clamp");
    return s === null ? null : E.tensorFromData(s);
  };
  return E.clampTensor(self, bound(min), bound(max));
}

const unary: Signature[] = (Object.keys(E.unaryOps) as E.UnaryOpName[]).map((name) =>
  name === "round"
    ? signature("round", ["decimals?"], (self, [decimals]) =>
      decimals === undefined ? E.unary("round", self) : E.roundDecimals(self, asIndex(decimals)))
    : signature(name, [], (self) => E.unary(name, self)));

const addLike = (name: string, f: typeof E.add): Signature =>
  signature(name, ["other", "alpha?"], (self, [other, alpha]) => f(self, operand(other!, name), alphaArg(alpha, name)));
const divLike = (name: string): Signature =>
  signature(name, ["other", "rounding_mode?"], (self, [other, mode]) => E.divide(self, operand(other!, name), roundingMode(mode)));
const withOperand = (name: string, f: (a: Tensor, b: E.Operand) => Tensor, param = "other"): Signature =>
  signature(name, [param], (self, [other]) => f(self, operand(other!, name)));
const withTensor = (name: string, f: (a: Tensor, b: Tensor) => Tensor, param = "other"): Signature =>
  signature(name, [param], (self, [other]) => f(self, tensorParam(other, name, param, 2)));

const arithmetic: Signature[] = [
  addLike("add", E.add),
  addLike("sub", E.sub),
  addLike("subtract", E.sub),
  withOperand("mul", E.mul),
  withOperand("multiply", E.mul),
  divLike("div"),
  divLike("divide"),
  withOperand("true_divide", E.div),
  withOperand("floor_divide", E.floorDivide),
  withOperand("remainder", (a, b) => E.binary("remainder", a, b)),
  withOperand("fmod", (a, b) => E.binary("fmod", a, b)),
  withOperand("pow", E.pow, "exponent"),
  withTensor("atan2", (a, b) => E.binary("atan2", a, b)),
  withTensor("maximum", (a, b) => E.binary("maximum", a, b)),
  withTensor("minimum", (a, b) => E.binary("minimum", a, b)),
  signature("lerp", ["end", "weight"], (self, [end, weight]) =>
    E.lerp(self, tensorParam(end, "lerp", "end", 2), weight instanceof Tensor ? weight : scalarArg(weight, "lerp")!)),
  signature("square", [], (self) => E.square(self)),
  signature("positive", [], (self) => E.positive(self)),
  signature("absolute", [], (self) => E.abs(self)),
  signature("negative", [], (self) => E.neg(self)),
  signature("clamp", ["min?", "max?"], (self, [min, max]) => clampOf(self, min, max)),
  signature("clip", ["min?", "max?"], (self, [min, max]) => clampOf(self, min, max)),
];

const comparisons: Signature[] = (["eq", "ne", "lt", "le", "gt", "ge"] as const).map((op) =>
  withOperand(op, (a, b) => E.compare(op, a, b)));

const logical: Signature[] = [
  ...(["and", "or", "xor"] as const).map((op) => withTensor(`logical_${op}`, (a, b) => E.logical(op, a, b))),
  signature("logical_not", [], (self) => E.logicalNot(self)),
  ...(["and", "or", "xor"] as const).map((op) => withOperand(`bitwise_${op}`, (a, b) => E.bitwise(op, a, b))),
  signature("bitwise_not", [], (self) => E.bitwiseNot(self)),
];

const products: Signature[] = [
  withTensor("matmul", E.matmul),
  withTensor("mm", E.mm, "mat2"),
  withTensor("bmm", E.bmm, "mat2"),
  withTensor("mv", E.mv, "vec"),
  withTensor("dot", E.dot, "tensor"),
  withTensor("outer", E.outer, "vec2"),
  withTensor("ger", E.outer, "vec2"),
  signature("addmm", ["mat1", "mat2"], (self, [mat1, mat2]) =>
    E.addmm(self, tensorParam(mat1, "addmm", "mat1", 2), tensorParam(mat2, "addmm", "mat2", 3))),
];

/** Ops whose in-place form `op_` writes into self. */
const withInPlace = [...unary, ...arithmetic.filter((s) => !["positive", "maximum", "minimum"].includes(s.name))];

const inPlaceMethods: [string, TensorMethod][] = withInPlace.map((s) => [`${s.name}_`, inPlace(asMethod(s))]);

const byName = new Map(withInPlace.map((s) => [s.name, s]));
const augmented: [string, TensorMethod][] = ([
  ["__iadd__", "add"], ["__isub__", "sub"], ["__imul__", "mul"], ["__itruediv__", "div"], ["__ipow__", "pow"],
  ["__ifloordiv__", "floor_divide"], ["__imod__", "remainder"],
] as const)
  .map(([dunder, name]) => [dunder, inPlace(asMethod(byName.get(name)!))]);

const copyMethod: TensorMethod = (self, args, kwargs) => {
  const [src] = parseArgs("copy_", ["src", "non_blocking?"], args, kwargs);
  return E.copy_(self, tensorParam(src, "copy_", "src", 1));
};

const whereMethod: TensorMethod = (self, args, kwargs) => {
  const [condition, other] = parseArgs("where", ["condition", "other"], args, kwargs);
  return E.where(tensorParam(condition, "where", "condition", 1), self, operand(other!, "where"));
};

const WHERE_SIGNATURES = [
  " * (Tensor condition)",
  " * (Tensor condition, Tensor input, Tensor other, *, Tensor out)",
  " * (Tensor condition, Number self, Tensor other)",
  " * (Tensor condition, Tensor input, Number other)",
  " * (Tensor condition, Number self, Number other)",
].join("\n");

/** torch.where(condition) gives the indices of true elements; with input and other it chooses. */
const whereFunction: NativeImpl = (args, kwargs) => {
  const [condition, input, other] = parseArgs("where", ["condition", "input?", "other?"], args, kwargs);
  if (condition instanceof Tensor && input === undefined && other === undefined) {
    return new PyTuple(E.nonzeroIndices(condition));
  }
  if (!(condition instanceof Tensor) || input === undefined || other === undefined) {
    const got = [condition, input, other].filter((v) => v !== undefined).map((v) => (v instanceof Tensor ? "Tensor" : typeName(v!)));
    throw typeError(`where() received an invalid combination of arguments - got (${got.join(", ")}), but expected one of:\n${WHERE_SIGNATURES}\n`);
  }
  return E.where(condition, operand(input, "where"), operand(other, "where"));
};

/** torch functions whose first argument may be a Python number. */
const scalarFirst = (name: string, param: string, f: (a: E.Operand, b: E.Operand) => Tensor): NativeImpl => (args, kwargs) => {
  const [input, other] = parseArgs(name, ["input", param], args, kwargs);
  return f(operand(input!, name), operand(other!, name));
};

const outOfPlace = [...unary, ...arithmetic, ...comparisons, ...logical, ...products];

export const bindings: OpBindings = {
  methods: new Map<string, TensorMethod>([
    ...methodEntries(outOfPlace),
    ...inPlaceMethods,
    ...augmented,
    ["copy_", copyMethod],
    ["where", whereMethod],
  ]),
  // torch has the unary in-place ops as functions too (torch.exp_), not the binary ones.
  methodOnly: new Set([...arithmetic.map((s) => `${s.name}_`), ...augmented.map(([name]) => name), "copy_"]),
  functions: new Map<string, NativeImpl>([
    ...functionEntries(outOfPlace),
    ["pow", scalarFirst("pow", "exponent", E.pow)],
    ["remainder", scalarFirst("remainder", "other", (a, b) => E.binary("remainder", a, b))],
    ["rsub", (args, kwargs) => {
      const [input, other] = parseArgs("rsub", ["input", "other"], args, kwargs);
      return E.rsub(tensorParam(input, "rsub", "input", 1), operand(other!, "rsub"));
    }],
    ["where", whereFunction],
  ]),
};
