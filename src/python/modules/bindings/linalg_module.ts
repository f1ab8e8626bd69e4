// torch.linalg (norm, vector_norm, matrix_norm, inv, det, solve, cross, matrix_power) and the torch
// functions and Tensor methods beside it: inverse, det, matrix_power, kron, tensordot, dist,
// std_mean, var_mean, nansum, nanmean, baddbmm, addbmm, addmv, renorm, cross, trapz/trapezoid
// and chain_matmul.

import * as E from "../../../engine";
import { parseArgs } from "../../args";
import { PyException } from "../../errors";
import { asIndex, toArray, truthy } from "../../protocols";
import { NativeImpl, PyBuiltin, PyList, PyModule, PyTuple, Value } from "../../values";
import type { OpBindings, TensorMethod } from "../binding";
import { scalarArg } from "../tensor_args";
import { functionEntries, methodEntries, signature, Signature, tensorParam } from "./signatures";

const flag = (v: Value | undefined): boolean => v !== undefined && truthy(v);

/** A dim argument: absent/None, one int, or a sequence of ints. */
function dimsOf(v: Value | undefined): number[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof PyList || v instanceof PyTuple) return toArray(v).map((d) => asIndex(d));
  return [asIndex(v)];
}

function order(v: Value | undefined, fallback: number): number {
  const s = scalarArg(v, "norm");
  return s === null ? fallback : E.scalarValue(s);
}

/** std_mean/var_mean(input, dim, unbiased, keepdim, *, correction): a bool second argument is `unbiased`. */
const momentMean = (name: string, takeSqrt: boolean): Signature =>
  signature(name, ["dim?", "unbiased?", "keepdim?", "correction?"], (self, [dim, unbiased, keepdim, correction]) => {
    const unbiasedFlag = typeof dim === "boolean" ? dim : unbiased === undefined ? true : truthy(unbiased);
    const dims = typeof dim === "boolean" ? undefined : dimsOf(dim);
    const c = correction !== undefined && correction !== null ? asIndex(correction) : unbiasedFlag ? 1 : 0;
    return new PyTuple(E.momentMean(self, dims, c, flag(keepdim), takeSqrt));
  });

const nanReduction = (name: string, op: typeof E.nansum): Signature =>
  signature(name, ["dim?", "keepdim?", "dtype?"], (self, [dim, keepdim]) => op(self, dimsOf(dim), flag(keepdim)));

const sigs: Signature[] = [
  signature("inverse", [], (self) => E.inv(self, "linalg.inv")),
  signature("det", [], (self) => E.det(self)),
  signature("matrix_power", ["n"], (self, [n]) => E.matrixPower(self, asIndex(n!))),
  signature("kron", ["other"], (self, [other]) => E.kron(self, tensorParam(other, "kron", "other", 2))),
  signature("dist", ["other", "p?"], (self, [other, p]) => E.dist(self, tensorParam(other, "dist", "other", 2), order(p, 2))),
  momentMean("std_mean", true),
  momentMean("var_mean", false),
  nanReduction("nansum", E.nansum),
  nanReduction("nanmean", E.nanmean),
  ...([["baddbmm", E.baddbmm, "batch1", "batch2"], ["addbmm", E.addbmm, "batch1", "batch2"], ["addmv", E.addmv, "mat", "vec"]] as const)
    .map(([name, op, first, second]) => signature(name, [first, second, "beta?", "alpha?"], (self, [m1, m2, beta, alpha]) =>
      op(self, tensorParam(m1, name, first, 2), tensorParam(m2, name, second, 3), scalarArg(beta, name) ?? 1, scalarArg(alpha, name) ?? 1))),
  signature("renorm", ["p", "dim", "maxnorm"], (self, [p, dim, maxnorm]) =>
    E.renorm(self, order(p, 2), asIndex(dim!), order(maxnorm, 0))),
  signature("cross", ["other", "dim?"], (self, [other, dim]) =>
    E.cross(self, tensorParam(other, "cross", "other", 2), dim === undefined || dim === null ? null : asIndex(dim))),
];

/** trapz/trapezoid(y, x=None, *, dx=None, dim=-1). */
const trapezoid = (name: string): NativeImpl => (args, kwargs) => {
  const [y, x, dx, dim] = parseArgs(name, ["y", "x?", "dx?", "dim?"], args, kwargs);
  const values = tensorParam(y, name, "y", 1);
  const d = dim === undefined ? -1 : asIndex(dim);
  if (x instanceof E.Tensor) return E.trapezoidX(values, x, d);
  return E.trapezoidDx(values, order(x ?? dx, 1), d);
};

const chainMatmul: NativeImpl = (args) => {
  E.warn("UserWarning", "torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than multiple parameters.", true);
  return E.chainMatmul(args.map((m, i) => tensorParam(m, "chain_matmul", "matrices", i + 1)));
};

/** torch.tensordot(a, b, dims=2): dims an int (the last n of a with the first n of b) or two lists. */
const tensordot: NativeImpl = (args, kwargs) => {
  const [a, b, dims] = parseArgs("tensordot", ["a", "b", "dims?", "out?"], args, kwargs);
  const x = tensorParam(a, "tensordot", "a", 1);
  const y = tensorParam(b, "tensordot", "b", 2);
  if (dims === undefined || typeof dims === "number") {
    const n = dims === undefined ? 2 : dims;
    if (n < 0) throw new PyException("RuntimeError", `tensordot expects dims >= 0, but got dims=${n}`);
    return E.tensordot(x, y, Array.from({ length: n }, (_v, k) => x.dim - n + k), Array.from({ length: n }, (_v, k) => k));
  }
  const [da, db] = toArray(dims).map((d) => (d instanceof PyList || d instanceof PyTuple ? toArray(d).map((v) => asIndex(v)) : [asIndex(d)]));
  return E.tensordot(x, y, da, db);
};

// --- torch.linalg

function linalgFunction(params: readonly string[], name: string, f: (values: (Value | undefined)[]) => Value): NativeImpl {
  return (args, kwargs) => f(parseArgs(name, params, args, kwargs));
}

const vectorNorm = linalgFunction(["x", "ord?", "dim?", "keepdim?", "dtype?"], "linalg_vector_norm", ([x, ord, dim, keepdim]) =>
  E.vectorNorm(tensorParam(x, "linalg_vector_norm", "x", 1), order(ord, 2), dimsOf(dim), flag(keepdim)));

/** linalg.norm: a vector 2-norm of everything by default; 'fro' over the last two dims for matrices. */
const norm = linalgFunction(["A", "ord?", "dim?", "keepdim?", "dtype?"], "linalg_norm", ([a, ord, dim, keepdim]) => {
  const x = tensorParam(a, "linalg_norm", "A", 1);
  if (ord === "fro" || ord === undefined || ord === null) {
    const dims = dimsOf(dim) ?? (ord === "fro" ? [-2, -1] : undefined);
    return E.vectorNorm(x, 2, dims, flag(keepdim));
  }
  if (typeof ord === "string") throw new PyException("RuntimeError", `linalg.norm: ord='${ord}' is not supported here`);
  return E.vectorNorm(x, order(ord, 2), dimsOf(dim), flag(keepdim));
});

const matrixNorm = linalgFunction(["A", "ord?", "dim?", "keepdim?", "dtype?"], "linalg_matrix_norm", ([a, ord, dim, keepdim]) => {
  if (ord !== undefined && ord !== "fro") throw new PyException("RuntimeError", `linalg.matrix_norm: only ord='fro' is supported here`);
  return E.vectorNorm(tensorParam(a, "linalg_matrix_norm", "A", 1), 2, dimsOf(dim) ?? [-2, -1], flag(keepdim));
});

export function createLinalgModule(): PyModule {
  const functions: [string, NativeImpl][] = [
    ["norm", norm],
    ["vector_norm", vectorNorm],
    ["matrix_norm", matrixNorm],
    ["inv", linalgFunction(["A"], "linalg_inv", ([a]) => E.inv(tensorParam(a, "linalg_inv", "A", 1)))],
    ["det", linalgFunction(["A"], "linalg_det", ([a]) => E.det(tensorParam(a, "linalg_det", "A", 1)))],
    ["solve", linalgFunction(["A", "B", "left?"], "linalg_solve", ([a, b]) =>
      E.solve(tensorParam(a, "linalg_solve", "A", 1), tensorParam(b, "linalg_solve", "B", 2)))],
    ["cross", linalgFunction(["input", "other", "dim?"], "linalg_cross", ([a, b, dim]) =>
      E.cross(tensorParam(a, "linalg_cross", "input", 1), tensorParam(b, "linalg_cross", "other", 2), dim === undefined ? -1 : asIndex(dim)))],
    ["matrix_power", linalgFunction(["A", "n"], "linalg_matrix_power", ([a, n]) =>
      E.matrixPower(tensorParam(a, "linalg_matrix_power", "A", 1), asIndex(n!)))],
  ];
  return new PyModule("torch.linalg", new Map<string, Value>(functions.map(([n, f]) => [n, new PyBuiltin(n, f)])),
    "/usr/lib/python3/dist-packages/torch/linalg/__init__.py");
}

export const bindings: OpBindings = {
  methods: new Map<string, TensorMethod>(methodEntries(sigs)),
  functions: new Map<string, NativeImpl>([
    ...functionEntries(sigs), ["tensordot", tensordot], ["trapz", trapezoid("trapz")], ["trapezoid", trapezoid("trapezoid")],
    ["chain_matmul", chainMatmul],
  ]),
};
