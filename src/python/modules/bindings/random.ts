// Python bindings for tensor creation and random numbers: torch.rand/randn/randint/randperm/normal,
// the in-place samplers (normal_, uniform_, ...), seeding, and the factories of creation_factories.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { typeError } from "../../errors";
import { typeName } from "../../repr";
import { Kwargs, NativeImpl, PyList, PyTuple, Value } from "../../values";
import type { OpBindings, TensorMethod } from "../binding";
import { creationFunctions, creationMethods, tensorInput } from "./creation_factories";
import { intArg, numberArg, parseFactory, sizeArg, withRequiresGrad } from "./factory_args";
import { invalidCombination } from "./factory_overloads";
import { generatorOf, seedingFunctions } from "./generator_object";

function sized(fn: string, sample: (shape: number[], dtype: E.DType, gen: E.Generator) => Tensor): NativeImpl {
  return (args, kwargs) => {
    const [[size], options] = parseFactory(fn, ["size"], args, kwargs, { random: true, varargs: true });
    return withRequiresGrad(sample(sizeArg(fn, size!), options.dtype ?? "float32", options.generator), options.requiresGrad);
  };
}

/** torch.randint(high, size) or randint(low, high, size); the size must be a sequence. */
function randint(args: Value[], kwargs: Kwargs): Value {
  const [[first, second, third], options] = parseFactory("randint", ["low", "high?", "size?"], args, kwargs, { random: true });
  if (second === undefined && third === undefined) throw invalidCombination("randint", args, kwargs);
  const [low, high, size] = second === undefined || third === undefined
    ? [0, intArg("randint", "high", 1, first!), (second ?? third)!]
    : [intArg("randint", "low", 1, first!), intArg("randint", "high", 2, second), third];
  if (!(size instanceof PyTuple || size instanceof PyList)) {
    if (!kwargs?.has("size")) throw invalidCombination("randint", args, kwargs);
    throw typeError(`randint(): argument 'size' must be tuple of ints, not ${typeName(size)}`);
  }
  const t = E.randint(low, high, sizeArg("randint", size), options.dtype ?? "int64", options.generator);
  return withRequiresGrad(t, options.requiresGrad);
}

function randperm(args: Value[], kwargs: Kwargs): Value {
  const [[n], options] = parseFactory("randperm", ["n"], args, kwargs, { random: true });
  return withRequiresGrad(E.randperm(intArg("randperm", "n", 1, n!), options.dtype ?? "int64", options.generator), options.requiresGrad);
}

/** torch.normal: tensor mean and/or std give samples of their shape; two floats need a size. */
function normal(args: Value[], kwargs: Kwargs): Value {
  const [[mean, std, size], options] = parseFactory("normal", ["mean", "std?", "size?"], args, kwargs, { random: true });
  const moment = (v: Value, name: string, position: number) => (v instanceof Tensor ? v : E.scalarValue(numberArg("normal", name, position, v)));
  const m = moment(mean!, "mean", 1);
  const s = std === undefined ? 1 : moment(std, "std", 2);
  if (m instanceof Tensor || s instanceof Tensor) return E.normal(m, s, options.generator);
  if (size === undefined) throw invalidCombination("normal", args, kwargs);
  const t = E.normal_(E.zeros(sizeArg("normal", size), options.dtype ?? "float32"), m, s, options.generator);
  return withRequiresGrad(t, options.requiresGrad);
}

function sampledLike(fn: string, sample: (t: Tensor) => Tensor): NativeImpl {
  return (args, kwargs) => {
    const [[input], options] = parseFactory(fn, ["input", "memory_format?"], args, kwargs);
    const like = tensorInput(fn, input);
    return withRequiresGrad(sample(E.zeros(like.shape, options.dtype ?? like.dtype)), options.requiresGrad);
  };
}

/** torch.randint_like(input, high) or randint_like(input, low, high). */
function randintLike(args: Value[], kwargs: Kwargs): Value {
  const [[input, first, second], options] = parseFactory("randint_like", ["input", "low", "high?", "memory_format?"], args, kwargs);
  const like = tensorInput("randint_like", input);
  const [low, high] = second === undefined
    ? [0, intArg("randint_like", "high", 2, first!)]
    : [intArg("randint_like", "low", 2, first!), intArg("randint_like", "high", 3, second)];
  const t = E.randomFromTo_(E.zeros(like.shape, options.dtype ?? like.dtype), low, high);
  return withRequiresGrad(t, options.requiresGrad);
}

const functions = new Map<string, NativeImpl>([
  ...creationFunctions,
  ...seedingFunctions,
  ["rand", sized("rand", E.rand)],
  ["randn", sized("randn", E.randn)],
  ["randint", randint],
  ["randperm", randperm],
  ["normal", normal],
  ["rand_like", sampledLike("rand_like", (t) => E.uniform_(t))],
  ["randn_like", sampledLike("randn_like", (t) => E.normal_(t))],
  ["randint_like", randintLike],
]);

/** A number parameter of an in-place sampler, or its default. */
function number(fn: string, name: string, position: number, v: Value | undefined, fallback: number): number {
  return v === undefined || v === null ? fallback : E.scalarValue(numberArg(fn, name, position, v));
}

/** random_(), random_(to) or random_(from, to=None). */
function random_(self: Tensor, args: Value[], kwargs: Kwargs): Value {
  const [from, to, generator] = parseArgs("random_", ["from?", "to?", "generator?"], args, kwargs);
  const gen = generatorOf("random_", generator);
  if (from === undefined && to === undefined) return E.random_(self, gen);
  if (from === undefined || (args.length === 1 && to === undefined)) {
    return E.randomTo_(self, intArg("random_", "to", 1, (from ?? to)!), gen);
  }
  return E.randomFromTo_(self, intArg("random_", "from", 1, from), to === undefined || to === null ? null : intArg("random_", "to", 2, to), gen);
}

/** bernoulli_(p) and bernoulli(p): p a float or a tensor of probabilities. */
function bernoulliArgs(fn: string, args: Value[], kwargs: Kwargs): [number | Tensor | undefined, E.Generator] {
  const [p, generator] = parseArgs(fn, ["p?", "generator?"], args, kwargs);
  const probability = p instanceof Tensor ? p : p === undefined || p === null ? undefined : E.scalarValue(numberArg(fn, "p", 1, p));
  return [probability, generatorOf(fn, generator)];
}

const methods = new Map<string, TensorMethod>([
  ...creationMethods,
  ["normal_", (self, args, kwargs) => {
    const [mean, std, generator] = parseArgs("normal_", ["mean?", "std?", "generator?"], args, kwargs);
    return E.normal_(self, number("normal_", "mean", 1, mean, 0), number("normal_", "std", 2, std, 1), generatorOf("normal_", generator));
  }],
  ["uniform_", (self, args, kwargs) => {
    const [from, to, generator] = parseArgs("uniform_", ["from?", "to?", "generator?"], args, kwargs);
    return E.uniform_(self, number("uniform_", "from", 1, from, 0), number("uniform_", "to", 2, to, 1), generatorOf("uniform_", generator));
  }],
  ["exponential_", (self, args, kwargs) => {
    const [lambd, generator] = parseArgs("exponential_", ["lambd?", "generator?"], args, kwargs);
    return E.exponential_(self, number("exponential_", "lambd", 1, lambd, 1), generatorOf("exponential_", generator));
  }],
  ["random_", random_],
  ["bernoulli_", (self, args, kwargs) => {
    const [p, gen] = bernoulliArgs("bernoulli_", args, kwargs);
    return E.bernoulli_(self, p ?? 0.5, gen);
  }],
  ["bernoulli", (self, args, kwargs) => {
    const [p, gen] = bernoulliArgs("bernoulli", args, kwargs);
    if (p === undefined) return withRequiresGrad(E.bernoulli(self, gen), false);
    return E.bernoulli_(E.zeros(self.shape, self.dtype), p, gen);
  }],
]);

export const bindings: OpBindings = {
  functions,
  methods,
  methodOnly: new Set(["normal_", "uniform_", "exponential_", "random_", "bernoulli_", ...creationMethods.keys()]),
};
