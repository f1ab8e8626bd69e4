// numpy.random's legacy RandomState (what np.random.seed/rand/randn use): MT19937 seeded by
// init_genrand, doubles from two draws, normals by the polar Box-Muller method with the second
// value kept, bounded ints by masked rejection. Values match NumPy's for the same seed.

import { parseArgs } from "../args";
import { PyClass, PyInstance } from "../classes";
import { typeError, valueError } from "../errors";
import { truthy } from "../protocols";
import { typeName } from "../repr";
import { Kwargs, NativeImpl, PyBuiltin, PyFloat, PyList, PyModule, PyTuple, Value } from "../values";
import { MersenneTwister } from "./mersenne";
import { arrayFrom, asTensor, copyAs, fromValues, NdArray, scalarValue, wrap } from "./numpy_array";
import { getIndex, setIndex } from "./numpy_index";
import { isPyInt, toDouble, toIndex } from "./numbers";

const MAX_SEED = 2 ** 32 - 1;

class LegacyRandom {
  readonly mt = new MersenneTwister();
  private gauss: number | null = null;

  constructor(seed: Value = null) {
    this.seed(seed);
  }

  seed(seed: Value): void {
    this.gauss = null;
    if (seed === null) {
      this.mt.seedArray(Array.from({ length: 4 }, () => Math.floor(Math.random() * 2 ** 32)));
    } else if (isPyInt(seed) || (seed instanceof NdArray && seed.t.numel === 1 && seed.dtype !== "float32" && seed.dtype !== "float64")) {
      const n = seed instanceof NdArray ? seed.t.at(0) : Number(toIndex(seed));
      if (n < 0 || n > MAX_SEED) throw valueError("Seed must be between 0 and 2**32 - 1");
      this.mt.seedWord(n);
    } else if (seed instanceof PyFloat || (seed instanceof NdArray && seed.t.dim === 0)) {
      throw typeError("Cannot cast scalar from dtype('float64') to dtype('int64') according to the rule 'safe'");
    } else {
      const key = asTensor(seed);
      if (key.numel === 0) throw valueError("Seed must be non-empty");
      if (key.dim !== 1) throw valueError("Seed array must be 1-d");
      const words = Array.from(copyAs(key, "int64").storage.data);
      if (words.some((w) => w < 0 || w > MAX_SEED)) throw valueError("Seed must be between 0 and 2**32 - 1");
      this.mt.seedArray(words);
    }
  }

  double(): number {
    return this.mt.nextDouble();
  }

  /** legacy_gauss: the polar method, keeping the second value for the next call. */
  normal(): number {
    if (this.gauss !== null) {
      const kept = this.gauss;
      this.gauss = null;
      return kept;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.double() - 1;
      x2 = 2 * this.double() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    return f * x2;
  }

  /** A uniform integer in [0, max] by masked rejection (random_interval, bounded_masked_uint64). */
  interval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      if (max === 0xffffffff) return this.mt.nextUint32();
      const mask = 2 ** (32 - Math.clz32(max)) - 1;
      let value: number;
      do value = (this.mt.nextUint32() & mask) >>> 0; while (value > max);
      return value;
    }
    const bigMax = BigInt(max);
    const mask = (1n << BigInt(bigMax.toString(2).length)) - 1n;
    let value: bigint;
    do value = ((BigInt(this.mt.nextUint32()) << 32n) | BigInt(this.mt.nextUint32())) & mask; while (value > bigMax);
    return Number(value);
  }

  /** Shuffles the first axis of an array (or the items of a list) in place. */
  shuffle(x: Value): void {
    if (x instanceof PyList) {
      for (let i = x.items.length - 1; i > 0; i--) {
        const j = this.interval(i);
        [x.items[i], x.items[j]] = [x.items[j], x.items[i]];
      }
      return;
    }
    if (!(x instanceof NdArray) || x.t.dim === 0) throw typeError(`object of type '${typeName(x)}' has no len()`);
    for (let i = x.t.shape[0] - 1; i > 0; i--) {
      const j = this.interval(i);
      if (i === j) continue;
      const saved = getIndex(x, j);
      const kept = saved instanceof NdArray ? new NdArray(copyAs(saved.t, saved.dtype)) : saved;
      setIndex(x, j, getIndex(x, i));
      setIndex(x, i, kept);
    }
  }
}

/** A `size=` argument: None (one value), an int, or a tuple of ints. */
function sizeOf(v: Value | undefined): number[] | null {
  if (v === undefined || v === null) return null;
  if (v instanceof PyTuple || v instanceof PyList) return v.items.map((n) => Number(toIndex(n)));
  return [Number(toIndex(v))];
}

/** n samples as a Python float (size None) or a float64 array of `shape`. */
function samples(shape: number[] | null, draw: () => number): Value {
  if (shape === null) return new PyFloat(draw());
  if (shape.some((n) => n < 0)) throw valueError("negative dimensions are not allowed");
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = draw();
  return new NdArray(fromValues(values, shape, "float64"));
}

function dims(args: Value[]): number[] | null {
  return args.length === 0 ? null : args.map((a) => Number(toIndex(a)));
}

function randint(r: LegacyRandom, args: Value[], kwargs: Kwargs): Value {
  const [lowArg, highArg, size] = parseArgs("randint", ["low", "high?", "size?", "dtype?"], args, kwargs);
  let low = Number(toIndex(lowArg!));
  let high: number;
  if (highArg === undefined || highArg === null) {
    high = low;
    low = 0;
  } else {
    high = Number(toIndex(highArg));
  }
  if (low >= high) throw valueError("low >= high");
  const range = high - 1 - low;
  const shape = sizeOf(size);
  if (shape === null) return low + r.interval(range);
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = low + r.interval(range);
  return new NdArray(fromValues(values, shape, "int64"));
}

function choice(r: LegacyRandom, args: Value[], kwargs: Kwargs): Value {
  const [a, size, replace, p] = parseArgs("choice", ["a", "size?", "replace?", "p?"], args, kwargs);
  const population = isPyInt(a!) ? null : asTensor(a!);
  if (population !== null && population.dim !== 1) throw valueError("a must be 1-dimensional");
  const n = population === null ? Number(toIndex(a!)) : population.numel;
  if (n <= 0 && population === null) throw valueError("a must be greater than 0 unless no samples are taken");
  if (n === 0) throw valueError("'a' cannot be empty unless no samples are taken");
  const shape = sizeOf(size);
  const count = shape === null ? 1 : shape.reduce((x, y) => x * y, 1);
  let indices: number[];
  if (replace === undefined || truthy(replace)) {
    if (p !== undefined && p !== null) {
      const weights = Array.from(copyAs(asTensor(p), "float64").storage.data);
      if (weights.length !== n) throw valueError("'a' and 'p' must have same size");
      if (weights.some((w) => w < 0)) throw valueError("probabilities are not non-negative");
      const cdf: number[] = [];
      weights.forEach((w, i) => cdf.push(i === 0 ? w : cdf[i - 1] + w));
      if (Math.abs(cdf[n - 1] - 1) > Math.sqrt(2.220446049250313e-16)) throw valueError("probabilities do not sum to 1");
      const total = cdf[n - 1];
      const normalized = cdf.map((c) => c / total);
      indices = Array.from({ length: count }, () => {
        const u = r.double();
        let index = 0;
        while (index < n && normalized[index] <= u) index++;
        return index;
      });
    } else {
      indices = Array.from({ length: count }, () => r.interval(n - 1));
    }
  } else {
    if (count > n) throw valueError("Cannot take a larger sample than population when 'replace=False'");
    const order = new NdArray(fromValues(Array.from({ length: n }, (_, i) => i), [n], "int64"));
    r.shuffle(order);
    indices = Array.from(order.t.storage.data.slice(0, count));
  }
  const values = population === null ? indices : indices.map((i) => population.at(i));
  const dtype = population === null ? "int64" : population.dtype;
  if (shape === null) return scalarValue(values[0], dtype);
  return new NdArray(fromValues(values, shape, dtype));
}

type RandomMethod = (r: LegacyRandom, args: Value[], kwargs: Kwargs) => Value;

const uniform: RandomMethod = (r, args, kwargs) => {
  const [low, high, size] = parseArgs("uniform", ["low?", "high?", "size?"], args, kwargs);
  const lo = low === undefined ? 0 : toDouble(low);
  const width = (high === undefined ? 1 : toDouble(high)) - lo;
  return samples(sizeOf(size), () => lo + width * r.double());
};

const normal: RandomMethod = (r, args, kwargs) => {
  const [loc, scale, size] = parseArgs("normal", ["loc?", "scale?", "size?"], args, kwargs);
  const mu = loc === undefined ? 0 : toDouble(loc);
  const sigma = scale === undefined ? 1 : toDouble(scale);
  if (sigma < 0) throw valueError("scale < 0");
  return samples(sizeOf(size), () => mu + sigma * r.normal());
};

const randomSample: RandomMethod = (r, args, kwargs) => {
  const [size] = parseArgs("random_sample", ["size?"], args, kwargs);
  return samples(sizeOf(size), () => r.double());
};

const randomMethods: Record<string, RandomMethod> = {
  seed: (r, args) => (r.seed(args[0] ?? null), null),
  rand: (r, args) => samples(dims(args), () => r.double()),
  randn: (r, args) => samples(dims(args), () => r.normal()),
  random: randomSample,
  random_sample: randomSample,
  ranf: randomSample,
  sample: randomSample,
  standard_normal: (r, args, kwargs) => {
    const [size] = parseArgs("standard_normal", ["size?"], args, kwargs);
    return samples(sizeOf(size), () => r.normal());
  },
  uniform,
  normal,
  randint,
  choice,
  shuffle: (r, args) => (r.shuffle(args[0]), null),
  permutation: (r, args) => {
    const x = args[0];
    const array = isPyInt(x) ? new NdArray(fromValues(Array.from({ length: Number(toIndex(x)) }, (_, i) => i), [Number(toIndex(x))], "int64")) : new NdArray(arrayFrom(x));
    r.shuffle(array);
    return wrap(array.t);
  },
};

const states = new WeakMap<PyInstance, LegacyRandom>();

function randomStateClass(): PyClass {
  const dict = new Map<string, Value>();
  dict.set("__init__", new PyBuiltin("__init__", (args) => {
    states.set(args[0] as PyInstance, new LegacyRandom(args[1] ?? null));
    return null;
  }));
  for (const [name, f] of Object.entries(randomMethods)) {
    dict.set(name, new PyBuiltin(name, (args, kwargs) => f(states.get(args[0] as PyInstance)!, args.slice(1), kwargs)));
  }
  return new PyClass("RandomState", [], dict, "numpy.random.mtrand");
}

export function createNumpyRandom(): PyModule {
  const shared = new LegacyRandom();
  const functions = new Map<string, Value>();
  for (const [name, f] of Object.entries(randomMethods)) {
    const impl: NativeImpl = (args, kwargs) => f(shared, args, kwargs);
    functions.set(name, new PyBuiltin(name, impl));
  }
  functions.set("RandomState", randomStateClass());
  return new PyModule("numpy.random", functions);
}
