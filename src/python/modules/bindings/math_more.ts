// Python bindings for the special functions (erfinv, lgamma, digamma, polygamma, sinc, ...),
// nan_to_num, the binary math ops (logaddexp, hypot, xlogy, fmax, fmin, heaviside) and addcmul/addcdiv.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { PyException } from "../../errors";
import { parseArgs } from "../../args";
import { asIndex, toArray } from "../../protocols";
import type { NativeImpl, Value } from "../../values";
import type { OpBindings, TensorMethod } from "../binding";
import { operand, scalarArg } from "../tensor_args";
import { asMethod, functionEntries, inPlace, methodEntries, signature, Signature, tensorParam } from "./signatures";

const optionalNumber = (v: Value | undefined, fn: string): number | null => {
  const s = scalarArg(v, fn);
  return s === null ? null : E.scalarValue(s);
};

const unary: Signature[] = (Object.keys(E.specialOps) as E.SpecialOpName[]).map((name) =>
  signature(name, [], (self) => E.special(name, self)));

const binary: Signature[] = (["logaddexp", "hypot", "xlogy", "fmax", "fmin"] as const).map((name) =>
  signature(name, ["other"], (self, [other]) => E.binaryMathOp(name, self, operand(other!, name))));

const addc = (name: "addcmul" | "addcdiv", op: typeof E.addcmul): Signature =>
  signature(name, ["tensor1", "tensor2", "value?"], (self, [t1, t2, value]) =>
    op(self, tensorParam(t1, name, "tensor1", 2), tensorParam(t2, name, "tensor2", 3), scalarArg(value, name) ?? 1));

const others: Signature[] = [
  signature("heaviside", ["values"], (self, [values]) => E.binaryMathOp("heaviside", self, tensorParam(values, "heaviside", "values", 2))),
  signature("nan_to_num", ["nan?", "posinf?", "neginf?"], (self, [nan, posinf, neginf]) =>
    E.nanToNum(self, optionalNumber(nan, "nan_to_num") ?? 0, optionalNumber(posinf, "nan_to_num"), optionalNumber(neginf, "nan_to_num"))),
  addc("addcmul", E.addcmul),
  addc("addcdiv", E.addcdiv),
];

const withInPlace = [...unary, ...binary.filter((s) => s.name === "xlogy" || s.name === "hypot" || s.name === "logaddexp"), ...others];
const inPlaceMethods: [string, TensorMethod][] = withInPlace
  .filter((s) => s.name !== "logaddexp")
  .map((s) => [`${s.name}_`, inPlace(asMethod(s))]);

const polygammaMethod: TensorMethod = (self, args, kwargs) => {
  const [n] = parseArgs("polygamma", ["n"], args, kwargs);
  return E.polygamma(asIndex(n as Value), self);
};

/** torch.polygamma(n, input) takes the order first; xlogy accepts a Python number for self. */
const torchPolygamma: NativeImpl = (args, kwargs) => {
  const [n, input] = parseArgs("polygamma", ["n", "input"], args, kwargs);
  return E.polygamma(asIndex(n as Value), tensorParam(input, "polygamma", "input", 2));
};

const torchXlogy: NativeImpl = (args, kwargs) => {
  const [input, other] = parseArgs("xlogy", ["input", "other"], args, kwargs);
  return E.xlogy(operand(input as Value, "xlogy"), operand(other as Value, "xlogy"));
};

/** torch.einsum(equation, *operands), the operands also accepted as one list. */
const einsum: NativeImpl = (args) => {
  const [equation, ...rest] = args;
  if (typeof equation !== "string") throw new PyException("TypeError", "einsum(): the equation must be a string");
  const operands = rest.length === 1 && !(rest[0] instanceof Tensor) ? toArray(rest[0]) : rest;
  return E.einsum(equation, operands.map((v, i) => tensorParam(v, "einsum", "operands", i + 2)));
};

const outOfPlace = [...unary, ...binary, ...others];

export const bindings: OpBindings = {
  methods: new Map<string, TensorMethod>([
    ...methodEntries(outOfPlace),
    ...inPlaceMethods,
    ["polygamma", polygammaMethod],
    ["polygamma_", inPlace(polygammaMethod)],
  ]),
  methodOnly: new Set(["polygamma", "polygamma_", "hypot_", "addcmul_", "addcdiv_", "heaviside_", "nan_to_num_"]),
  functions: new Map<string, NativeImpl>([
    ...functionEntries(outOfPlace),
    ["polygamma", torchPolygamma],
    ["xlogy", torchXlogy],
    ["einsum", einsum],
  ]),
};
