// Finite-difference checks of every differentiable engine op in float64: the gradients our backward
// formulas give agree with central differences (eps 1e-6), and so do the second derivatives taken
// through create_graph. The elementwise tables are enumerated, so new entries are checked as they
// land; a new table entry whose forward leaves the default domain needs a sampler below.

import assert from "node:assert/strict";
import * as E from "../../src/engine";
import { Tensor } from "../../src/engine";

const EPS = 1e-6;
const RTOL = 1e-5;
const ATOL = 1e-7;

type Sampler = (random: () => number) => number;

/** (0.15, 0.85) without 0.45–0.55: inside the domain of log, sqrt, asin, ..., and off every kink
 * (0 for abs and relu, integers and halves for floor and round, ±0.5 for the clamps below). */
const positive: Sampler = (random) => {
  const v = 0.2 + 0.6 * random();
  return v < 0.5 ? v - 0.05 : v + 0.05;
};
const signed: Sampler = (random) => (random() < 0.5 ? -1 : 1) * positive(random);

interface Check {
  name: string;
  shapes: number[][];
  fn: (...inputs: Tensor[]) => Tensor;
  sample?: Sampler;
}

/** Elementwise ops defined on the whole real line (the table's others get `positive`). */
const wholeLine = new Set(["neg", "abs", "sin", "cos", "tanh", "sigmoid", "relu", "exp", "add", "sub", "mul"]);

const mask = E.tensorFromData([[true, false, true], [false, true, true]]);
const classes = E.tensorFromData([0, 2]);
const rows = E.tensorFromData([1, 0, 1]);
const f = (value: number): E.FloatScalar => ({ value });
const nll = { weight: null, reduction: "mean", ignoreIndex: -100 } as const;

function tableChecks(): Check[] {
  const unary = (Object.keys(E.unaryOps) as E.UnaryOpName[]).map((name): Check => ({
    name, shapes: [[2, 3]], fn: (x) => E.unary(name, x), sample: wholeLine.has(name) ? signed : positive,
  }));
  const binary = (Object.keys(E.binaryOps) as E.BinaryOpName[]).map((name): Check => ({
    name, shapes: [[2, 1], [3]], fn: (a, b) => E.binary(name, a, b), sample: wholeLine.has(name) ? signed : positive,
  }));
  return [...unary, ...binary];
}

/** The same checks over one [2, 3] input of each function, on the whole line unless a sampler says. */
const oneInput = (entries: Record<string, (x: Tensor) => Tensor>, sample: Sampler = signed): Check[] =>
  Object.entries(entries).map(([name, fn]) => ({ name, shapes: [[2, 3]], fn, sample }));

const explicitChecks: Check[] = [
  { name: "pow (float exponent)", shapes: [[2, 3]], fn: (x) => E.pow(x, f(2.5)), sample: positive },
  { name: "pow (scalar base)", shapes: [[2, 3]], fn: (x) => E.pow(f(1.5), x), sample: signed },
  ...oneInput({
    "pow (int exponent)": (x) => E.pow(x, 3),
    "rsub": (x) => E.rsub(x, f(1.5)),
    "rdiv": (x) => E.rdiv(x, f(2)),
    "square": (x) => E.square(x),
    "clamp (scalars)": (x) => E.clamp(x, f(-0.5), f(0.5)),
    "where": (x) => E.where(mask, x, f(0.5)),
    "sum": (x) => E.sum(x),
    "sum (dim)": (x) => E.sum(x, 1),
    "sum (dims, keepdim)": (x) => E.sum(x, [0, 1], true),
    "mean": (x) => E.mean(x),
    "mean (dim)": (x) => E.mean(x, -1, true),
    "prod": (x) => E.prod(x),
    "prod (dim)": (x) => E.prod(x, 1, true),
    "cumsum": (x) => E.cumsum(x, 1),
    "cumprod": (x) => E.cumprod(x, 0),
    "logsumexp": (x) => E.logsumexp(x, 1),
    "softmax": (x) => E.softmax(x, 1),
    "log_softmax": (x) => E.logSoftmax(x, 0),
    "var": (x) => E.variance(x, 1),
    "std": (x) => E.std(x, undefined, 0),
    "norm (2)": (x) => E.norm(x),
    "norm (1, dim)": (x) => E.norm(x, 1, 1),
    "norm (inf)": (x) => E.norm(x, Infinity),
    "max": (x) => E.extremum(x, "max"),
    "min (dim)": (x) => E.extremumAlong(x, 1, false, "min")[0],
    "amax": (x) => E.amax(x, 0),
    "amin": (x) => E.amin(x, [0, 1]),
    "hardtanh": (x) => E.hardtanh(x, f(-0.5), f(0.5)),
    "relu6": (x) => E.relu6(x),
    "leaky_relu": (x) => E.leakyRelu(x, f(0.2)),
    "elu": (x) => E.elu(x, f(0.5)),
    "selu": (x) => E.selu(x),
    "gelu": (x) => E.gelu(x),
    "gelu (tanh)": (x) => E.gelu(x, "tanh"),
    "silu": (x) => E.silu(x),
    "softplus": (x) => E.softplus(x, f(2), f(1)),
    "logsigmoid": (x) => E.logSigmoid(x),
    "flip": (x) => E.flip(x, [0, 1]),
    "reshape": (x) => E.reshape(x, [3, 2]),
    "reshape (non-contiguous)": (x) => E.reshape(E.transpose(x, 0, 1), [6]),
    "view": (x) => E.view(x, [6]),
    "clone": (x) => E.clone(x),
    "contiguous": (x) => E.contiguous(E.t(x)),
    "flatten": (x) => E.flatten(x),
    "unflatten": (x) => E.unflatten(x, 1, [3, 1]),
    "movedim": (x) => E.movedim(x, [0], [1]),
    "unsqueeze": (x) => E.unsqueeze(x, 1),
    "squeeze": (x) => E.squeeze(E.unsqueeze(x, 0)),
    "transpose": (x) => E.transpose(x, 0, 1),
    "t": (x) => E.t(x),
    "permute": (x) => E.permute(x, [1, 0]),
    "repeat": (x) => E.repeat(x, [2, 1, 2]),
    "select": (x) => E.select(x, 1, -1),
    "slice": (x) => E.slice(x, 1, 0, null, 2),
    "narrow": (x) => E.narrow(x, 1, 1, 2),
    "split": (x) => E.split(x, 2, 1)[1],
    "split (sizes)": (x) => E.splitWithSizes(x, [1, 2], 1)[0],
    "chunk": (x) => E.chunk(x, 2, 0)[1],
    "unbind": (x) => E.unbind(x, 1)[2],
    "index (int tensor)": (x) => E.index(x, [{ kind: "tensor", value: rows }], true),
    "index (bool mask)": (x) => E.index(x, [{ kind: "tensor", value: mask }], true),
    "nll_loss": (x) => E.nllLoss(x, classes, nll),
    "cross_entropy": (x) => E.crossEntropy(x, classes, { ...nll, labelSmoothing: 0.1 }),
  }),
  { name: "expand", shapes: [[3]], fn: (x) => E.expand(x, [2, 3]), sample: signed },
  { name: "clamp (tensors)", shapes: [[2, 3], [3], [2, 1]], fn: (x, lo, hi) => E.clampTensor(x, lo, hi), sample: signed },
  { name: "lerp", shapes: [[2, 3], [3], [2, 1]], fn: (a, b, w) => E.lerp(a, b, w), sample: signed },
  { name: "lerp (scalar weight)", shapes: [[2, 3], [3]], fn: (a, b) => E.lerp(a, b, f(0.3)), sample: signed },
  { name: "cat", shapes: [[2, 3], [1, 3]], fn: (a, b) => E.cat([a, b], 0), sample: signed },
  { name: "cat (a tensor listed twice)", shapes: [[2, 3], [1, 3]], fn: (a, b) => E.cat([a, b, a], 0), sample: signed },
  { name: "stack", shapes: [[2, 3], [2, 3]], fn: (a, b) => E.stack([a, b], 1), sample: signed },
  { name: "maximum (elementwise)", shapes: [[2, 3], [3]], fn: (a, b) => E.elementwiseExtremum(a, b, "max"), sample: signed },
  { name: "mm", shapes: [[2, 3], [3, 2]], fn: (a, b) => E.mm(a, b), sample: signed },
  { name: "addmm", shapes: [[2], [2, 3], [3, 2]], fn: (c, a, b) => E.addmm(c, a, b), sample: signed },
  { name: "mv", shapes: [[2, 3], [3]], fn: (a, b) => E.mv(a, b), sample: signed },
  { name: "dot", shapes: [[3], [3]], fn: (a, b) => E.dot(a, b), sample: signed },
  { name: "bmm", shapes: [[2, 2, 3], [2, 3, 2]], fn: (a, b) => E.bmm(a, b), sample: signed },
  { name: "outer", shapes: [[3], [2]], fn: (a, b) => E.outer(a, b), sample: signed },
  { name: "matmul (1-d @ 2-d)", shapes: [[3], [3, 2]], fn: (a, b) => E.matmul(a, b), sample: signed },
  { name: "matmul (batched, broadcast)", shapes: [[2, 2, 3], [3, 2]], fn: (a, b) => E.matmul(a, b), sample: signed },
  { name: "linear", shapes: [[2, 3], [4, 3], [4]], fn: (x, w, b) => E.linear(x, w, b), sample: signed },
  { name: "mse_loss", shapes: [[2, 3], [2, 3]], fn: (x, y) => E.mseLoss(x, y, "mean"), sample: signed },
  { name: "l1_loss", shapes: [[2, 3], [3]], fn: (x, y) => E.l1Loss(x, y, "sum"), sample: signed },
  { name: "binary_cross_entropy", shapes: [[2, 3], [2, 3]], fn: (x, y) => E.binaryCrossEntropy(x, y, null, "mean"), sample: positive },
  { name: "binary_cross_entropy_with_logits", shapes: [[2, 3], [2, 3]],
    fn: (x, y) => E.binaryCrossEntropyWithLogits(x, y, null, null, "none"), sample: positive },
  { name: "conv2d", shapes: [[1, 2, 4, 4], [3, 2, 2, 2], [3]], sample: signed,
    fn: (x, w, b) => E.convolution(x, w, b, { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 }) },
  { name: "conv2d (strided, dilated, grouped)", shapes: [[2, 2, 5, 5], [4, 1, 2, 2]], sample: signed,
    fn: (x, w) => E.convolution(x, w, null, { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2 }) },
  { name: "conv2d (padding='same', even kernel)", shapes: [[1, 1, 3, 4], [2, 1, 2, 2]], sample: signed,
    fn: (x, w) => E.convNd(x, w, null, { stride: [1, 1], padding: [0, 0], extraPadding: [1, 1], dilation: [1, 1], groups: 1 }, 2) },
  { name: "conv1d (unbatched)", shapes: [[2, 5], [3, 2, 2], [3]], sample: signed,
    fn: (x, w, b) => E.convNd(x, w, b, { stride: [2], padding: [1], dilation: [1], groups: 1 }, 1) },
  { name: "conv_transpose2d", shapes: [[1, 2, 3, 3], [2, 3, 2, 2], [3]], sample: signed,
    fn: (x, w, b) => E.convolution(x, w, b, { stride: [2, 1], padding: [1, 0], outputPadding: [1, 0], dilation: [1, 1], groups: 1, transposed: true }) },
  { name: "conv_transpose1d (grouped, dilated)", shapes: [[1, 4, 4], [4, 1, 3]], sample: signed,
    fn: (x, w) => E.convNd(x, w, null, { stride: [2], padding: [1], outputPadding: [1], dilation: [2], groups: 2, transposed: true }, 1) },
  { name: "max_pool2d", shapes: [[1, 2, 4, 5]], sample: signed,
    fn: (x) => E.maxPool2dWithIndices(x, { kernel: [2, 3], stride: [1, 2], padding: [1, 1], dilation: [1, 1], ceilMode: true })[0] },
  { name: "max_pool1d", shapes: [[2, 7]], sample: signed, fn: (x) => E.maxPool1dWithIndices(x, 3, 2, 1, 1, false)[0] },
  { name: "avg_pool2d", shapes: [[2, 4, 5]], sample: signed,
    fn: (x) => E.avgPool2d(x, { kernel: [3, 2], stride: [2, 2], padding: [1, 1], ceilMode: true, countIncludePad: false, divisorOverride: null }) },
  { name: "adaptive_avg_pool2d", shapes: [[1, 2, 5, 4]], sample: signed, fn: (x) => E.adaptiveAvgPool2d(x, [3, 3]) },
  { name: "unfold", shapes: [[1, 2, 4, 4]], sample: signed, fn: (x) => E.im2col(x, [2, 3], [1, 1], [1, 0], [2, 1]) },
  { name: "fold", shapes: [[1, 4, 6]], sample: signed, fn: (x) => E.col2im(x, [3, 4], [2, 2], [1, 1], [0, 0], [1, 1]) },
];

/** mulberry32, seeded from the check's name: fixed values that do not depend on the check order. */
function seededRandom(name: string): () => number {
  let state = [...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function float64(shape: readonly number[], values: Float64Array, requiresGrad = false): Tensor {
  const t = Tensor.fromStorage(values, shape, "float64");
  t.requiresGrad = requiresGrad;
  return t;
}

function sampled(shape: readonly number[], random: () => number, sample: Sampler): Float64Array {
  return Float64Array.from({ length: shape.reduce((n, s) => n * s, 1) }, () => sample(random));
}

/** Σ sum(terms[i] * weights[i]) in plain arithmetic: the reference side reads values only. */
function weightedValue(terms: readonly (Tensor | null)[], weights: readonly Tensor[]): number {
  let total = 0;
  terms.forEach((t, i) => {
    for (let j = 0; t !== null && j < t.numel; j++) total += t.at(j) * weights[i].at(j);
  });
  return total;
}

/** The same sum built from engine ops, over the terms that take part in the graph; null if none does. */
function weightedSum(terms: readonly (Tensor | null)[], weights: readonly Tensor[]): Tensor | null {
  let total: Tensor | null = null;
  terms.forEach((t, i) => {
    if (t === null || !t.requiresGrad) return;
    const term = E.sum(E.mul(t, weights[i]));
    total = total === null ? term : E.add(total, term);
  });
  return total;
}

function leaves(values: readonly Float64Array[], shapes: readonly number[][]): Tensor[] {
  return values.map((v, i) => float64(shapes[i], v.slice(), true));
}

/** Our backward's gradients of `out` wrt `inputs`, zeros standing in for unused inputs. */
function gradients(out: Tensor | null, inputs: Tensor[], createGraph = false): (Tensor | null)[] {
  return out === null ? inputs.map(() => null) : E.grad([out], inputs, [null], { allowUnused: true, createGraph });
}

function numericGradient(value: (values: Float64Array[]) => number, values: readonly Float64Array[]): Float64Array[] {
  return values.map((v, i) => Float64Array.from(v, (x, j) => {
    const at = (delta: number): number => {
      const moved = values.map((w) => w.slice());
      moved[i][j] = x + delta;
      return value(moved);
    };
    return (at(EPS) - at(-EPS)) / (2 * EPS);
  }));
}

function assertClose(what: string, analytic: readonly (Tensor | null)[], numeric: readonly Float64Array[]): void {
  numeric.forEach((expected, i) => {
    const got = analytic[i];
    expected.forEach((n, j) => {
      const a = got === null ? 0 : got.at(j);
      assert.ok(Math.abs(a - n) <= ATOL + RTOL * Math.abs(n), `${what}, input ${i}, element ${j}: backward gives ${a}, central difference ${n}`);
    });
  });
}

function check({ name, shapes, fn, sample = positive }: Check): void {
  const random = seededRandom(name);
  const values = shapes.map((s) => sampled(s, random, sample));
  const probe = fn(...values.map((v, i) => float64(shapes[i], v)));
  const finite = Array.from(probe.contiguousData()).every(Number.isFinite);
  assert.ok(finite, `${name}: the forward leaves the sampled domain; give the check a sampler`);
  const w = float64(probe.shape, sampled(probe.shape, random, signed));
  const v = shapes.map((s) => float64(s, sampled(s, random, signed)));
  const constants = (moved: Float64Array[]): Tensor[] => moved.map((m, i) => float64(shapes[i], m));

  const x = leaves(values, shapes);
  const first = gradients(weightedSum([fn(...x)], [w]), x, true);
  assertClose(`${name}: first derivative`, first, numericGradient((moved) => weightedValue([fn(...constants(moved))], [w]), values));

  // Second derivatives along v: d/dx Σ sum(grad_i(x) * v_i), differenced over our first derivatives.
  const firstAt = (moved: Float64Array[]): number => {
    const y = leaves(moved, shapes);
    return weightedValue(gradients(weightedSum([fn(...y)], [w]), y), v);
  };
  assertClose(`${name}: second derivative`, gradients(weightedSum(first, v), x), numericGradient(firstAt, values));
}

describe("gradcheck: backward formulas against central differences (float64)", () => {
  for (const c of [...tableChecks(), ...explicitChecks]) {
    it(c.name, () => check(c));
  }
});

// Selection and structural ops (selection.ts, structure.ts, cumulative.ts).
const pick = E.tensorFromData([[0, 2, 2], [1, 0, 1]]);
const vectorPick = E.tensorFromData([2, 0, 2]);
const selectionChecks: Check[] = [
  ...oneInput({
    "masked_fill": (x) => E.maskedFill(x, mask, f(0.5)),
    "masked_select": (x) => E.maskedSelect(x, mask),
    "gather": (x) => E.gather(x, 1, pick),
    "scatter (value)": (x) => E.scatter(x, 1, pick, f(1.5)),
    "index_select": (x) => E.indexSelect(x, 1, vectorPick),
    "index_fill": (x) => E.indexFill(x, 1, vectorPick, f(2)),
    "take": (x) => E.take(x, pick),
    "tril": (x) => E.triangle(x, 0, true),
    "triu": (x) => E.triangle(x, 1, false),
    "diagonal": (x) => E.diagonal(x, 1),
    "diag (matrix)": (x) => E.diag(x, 1),
    "diag_embed": (x) => E.diagEmbed(x, -1),
    "roll": (x) => E.roll(x, [1, -2], [0, 1]),
    "rot90": (x) => E.rot90(x, 3),
    "repeat_interleave": (x) => E.repeatInterleave(x, 2, 1),
    "diff": (x) => E.diff(x, 2),
    "cummax": (x) => E.cumulativeExtremum(x, 1, "cummax")[0],
    "cummin": (x) => E.cumulativeExtremum(x, 0, "cummin")[0],
    "logcumsumexp": (x) => E.logcumsumexp(x, 1),
  }),
  { name: "scatter (src)", shapes: [[2, 3], [2, 3]], fn: (x, s) => E.scatter(x, 1, E.tensorFromData([[0, 1, 2], [2, 1, 0]]), s), sample: signed },
  { name: "scatter_add", shapes: [[2, 3], [2, 3]], fn: (x, s) => E.scatterAdd(x, 1, pick, s), sample: signed },
  { name: "index_add", shapes: [[2, 3], [2, 3]], fn: (x, s) => E.indexAdd(x, 1, vectorPick, s, f(0.5)), sample: signed },
  { name: "index_copy", shapes: [[2, 3], [2, 2]], fn: (x, s) => E.indexCopy(x, 1, E.tensorFromData([2, 0]), s), sample: signed },
  { name: "diag (vector)", shapes: [[3]], fn: (x) => E.diag(x, -1), sample: signed },
  { name: "trace", shapes: [[3, 3]], fn: (x) => E.trace(x), sample: signed },
  { name: "block_diag", shapes: [[2, 3], [3]], fn: (a, b) => E.blockDiag([a, b]), sample: signed },
];

describe("gradcheck: selection and structural ops (float64)", () => {
  for (const c of selectionChecks) {
    it(c.name, () => check(c));
  }
});

// Special functions, binary math, the extra activations and losses, einsum and linear algebra.
const mathChecks: Check[] = [
  ...(Object.keys(E.specialOps) as E.SpecialOpName[]).map((name): Check => ({ name, shapes: [[2, 3]], fn: (x) => E.special(name, x) })),
  { name: "polygamma(2)", shapes: [[2, 3]], fn: (x) => E.polygamma(2, x) },
  { name: "nan_to_num", shapes: [[2, 3]], fn: (x) => E.nanToNum(x, 0, null, null), sample: signed },
  ...(["logaddexp", "hypot", "xlogy", "fmax", "fmin"] as const).map((name): Check =>
    ({ name, shapes: [[2, 3], [3]], fn: (a, b) => E.binaryMathOp(name, a, b) })),
  { name: "addcmul", shapes: [[2, 3], [2, 3], [3]], fn: (s, a, b) => E.addcmul(s, a, b, f(0.7)), sample: signed },
  { name: "addcdiv", shapes: [[2, 3], [2, 3], [3]], fn: (s, a, b) => E.addcdiv(s, a, b, f(-1.3)) },
  { name: "hardswish", shapes: [[2, 3]], fn: (x) => E.hardswish(E.mulScalar(x, 4)), sample: signed },
  { name: "hardsigmoid", shapes: [[2, 3]], fn: (x) => E.hardsigmoid(x), sample: signed },
  { name: "hardshrink", shapes: [[2, 3]], fn: (x) => E.hardshrink(x, 0.5), sample: signed },
  { name: "softshrink", shapes: [[2, 3]], fn: (x) => E.softshrink(x, 0.5), sample: signed },
  { name: "threshold", shapes: [[2, 3]], fn: (x) => E.threshold(x, 0.5, -2), sample: signed },
  { name: "mish", shapes: [[2, 3]], fn: (x) => E.mish(x), sample: signed },
  { name: "celu", shapes: [[2, 3]], fn: (x) => E.celu(x, 0.7), sample: signed },
  { name: "glu", shapes: [[2, 4]], fn: (x) => E.glu(x, 1), sample: signed },
  { name: "prelu", shapes: [[2, 3, 2], [3]], fn: (x, w) => E.prelu(x, w), sample: signed },
  { name: "constant_pad", shapes: [[2, 3]], fn: (x) => E.constantPad(x, [1, -1, 2, 0], 0.5), sample: signed },
  { name: "smooth_l1_loss", shapes: [[2, 3], [2, 3]], fn: (a, b) => E.smoothL1Loss(E.mulScalar(a, 3), b, "mean", 0.5), sample: signed },
  { name: "huber_loss", shapes: [[2, 3], [2, 3]], fn: (a, b) => E.huberLoss(E.mulScalar(a, 3), b, "sum", 0.7), sample: signed },
  { name: "soft_margin_loss", shapes: [[2, 3]], fn: (a) => E.softMarginLoss(a, E.castTo(E.tensorFromData([[1, -1, 1], [-1, -1, 1]]), "float64"), "mean"), sample: signed },
  { name: "std_mean", shapes: [[2, 3]], fn: (x) => { const [s, m] = E.momentMean(x, 1, 1, false, true); return E.add(s, E.mulScalar(m, 3)); }, sample: signed },
  { name: "var_mean", shapes: [[2, 3]], fn: (x) => { const [s, m] = E.momentMean(x, undefined, 0, false, false); return E.mul(s, m); }, sample: signed },
  { name: "nansum", shapes: [[2, 3]], fn: (x) => E.nansum(x, 0), sample: signed },
  { name: "einsum bij,bjk->bk", shapes: [[2, 3, 2], [2, 2, 4]], fn: (a, b) => E.einsum("bij,bjk->bk", [a, b]), sample: signed },
  { name: "einsum ii,i->", shapes: [[3, 3], [3]], fn: (a, b) => E.einsum("ii,i->", [a, b]), sample: signed },
  { name: "det", shapes: [[3, 3]], fn: (x) => E.det(E.add(x, E.eye(3, 3, "float64"))), sample: signed },
  { name: "inv", shapes: [[3, 3]], fn: (x) => E.inv(E.add(x, E.mulScalar(E.eye(3, 3, "float64"), 2))), sample: signed },
  { name: "solve", shapes: [[3, 3], [3, 2]], fn: (a, b) => E.solve(E.add(a, E.mulScalar(E.eye(3, 3, "float64"), 2)), b), sample: signed },
  { name: "matrix_power(3)", shapes: [[2, 2]], fn: (x) => E.matrixPower(x, 3), sample: signed },
  { name: "kron", shapes: [[2, 2], [2, 3]], fn: (a, b) => E.kron(a, b), sample: signed },
  { name: "tensordot", shapes: [[2, 3, 2], [3, 2]], fn: (a, b) => E.tensordot(a, b, [1, 2], [0, 1]), sample: signed },
  { name: "dist(p=3)", shapes: [[2, 3], [3]], fn: (a, b) => E.dist(a, b, 3), sample: signed },
  { name: "vector_norm(p=3)", shapes: [[2, 3]], fn: (x) => E.vectorNorm(x, 3, [1], false), sample: signed },
  { name: "cosine_similarity", shapes: [[2, 3], [2, 3]], fn: (a, b) => E.cosineSimilarity(a, b, 1, 1e-8), sample: signed },
  { name: "cdist", shapes: [[2, 3], [4, 3]], fn: (a, b) => E.cdist(a, b, 2), sample: signed },
  { name: "baddbmm", shapes: [[2, 1], [2, 2, 3], [2, 3, 1]], fn: (s, a, b) => E.baddbmm(s, a, b, f(0.5), 2), sample: signed },
  { name: "addbmm", shapes: [[2, 1], [2, 2, 3], [2, 3, 1]], fn: (s, a, b) => E.addbmm(s, a, b), sample: signed },
  { name: "addmv", shapes: [[2], [2, 3], [3]], fn: (s, m, v) => E.addmv(s, m, v, 2, f(-0.5)), sample: signed },
  { name: "cross", shapes: [[2, 3], [2, 3]], fn: (a, b) => E.cross(a, b, 1), sample: signed },
  { name: "trapezoid (dx)", shapes: [[2, 4]], fn: (y) => E.trapezoidDx(y, 0.5, -1), sample: signed },
  { name: "trapezoid (x)", shapes: [[2, 4], [4]], fn: (y, x) => E.trapezoidX(y, x, 1), sample: signed },
  { name: "reflect pad", shapes: [[1, 2, 3, 4]], fn: (x) => E.modePad(x, [1, 2, 2, 1], "reflect"), sample: signed },
  { name: "replicate pad", shapes: [[2, 3]], fn: (x) => E.modePad(x, [2, 1], "replicate"), sample: signed },
  { name: "renorm", shapes: [[3, 2]], fn: (x) => E.renorm(x, 2, 0, 0.6), sample: signed },
  { name: "renorm (p=3)", shapes: [[2, 3]], fn: (x) => E.renorm(x, 3, 1, 0.5), sample: signed },
];

describe("gradcheck: special functions, extra activations and losses, einsum and linalg (float64)", () => {
  for (const c of mathChecks) {
    it(c.name, () => check(c));
  }
});
