// The `random` module: CPython 3.11's Random class over its Mersenne Twister, draw for draw, so a
// seeded program prints the same numbers. The module functions are the methods of one hidden
// instance, as in random.py.

import { warn } from "../../engine";
import { PyClass, PyInstance } from "../classes";
import { indexError, PyException, typeError, valueError } from "../errors";
import { binaryOp, compareOp } from "../operators";
import { getItem, length, setItem, toArray, truthy } from "../protocols";
import { typeName } from "../repr";
import {
  Kwargs, PyBuiltin, PyFloat, PyList, PyModule, PyRange, PyTuple, Value,
} from "../values";
import { MersenneTwister, STATE_WORDS, wordsOf } from "./mersenne";
import { methodArgs } from "./method_args";
import { bitLength, isPyInt, pyInt, toDouble, toIndex } from "./numbers";
import { floatHash, sha512 } from "./random_seed";

const TWOPI = 2 * Math.PI;
const LOG4 = Math.log(4);
const SG_MAGICCONST = 1 + Math.log(4.5);
const NV_MAGICCONST = (4 * Math.exp(-0.5)) / Math.sqrt(2);

/** One Random instance's state: the twister and gauss()'s cached second value. */
export class RandomState {
  readonly mt = new MersenneTwister();
  gaussNext: number | null = null;

  constructor(seed: Value = null) {
    this.seed(seed);
  }

  seed(a: Value): void {
    this.mt.seedArray(wordsOf(seedInteger(a)));
    this.gaussNext = null;
  }

  random(): number {
    return this.mt.nextDouble();
  }

  getrandbits(k: number): bigint {
    if (k <= 32) return BigInt(k === 0 ? 0 : this.mt.nextUint32() >>> (32 - k));
    let result = 0n;
    for (let shift = 0n; k > 0; k -= 32, shift += 32n) {
      const word = this.mt.nextUint32();
      result |= BigInt(k < 32 ? word >>> (32 - k) : word) << shift;
    }
    return result;
  }

  /** _randbelow_with_getrandbits: k = n.bit_length() bits, redrawn until below n. */
  randbelow(n: bigint): bigint {
    const k = bitLength(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /** randbelow for the small n that indexes a sequence, without bigints. */
  randbelowSmall(n: number): number {
    if (n > 0xffffffff) return Number(this.randbelow(BigInt(n)));
    const shift = Math.clz32(n);
    let r = shift === 32 ? 0 : this.mt.nextUint32() >>> shift;
    while (r >= n) r = this.mt.nextUint32() >>> shift;
    return r;
  }
}

/** The integer CPython's seed() feeds to init_by_array for each accepted seed type. */
function seedInteger(a: Value): bigint {
  if (a === null) return BigInt(Math.floor(Math.random() * 2 ** 32)) << 32n | BigInt(Math.floor(Math.random() * 2 ** 32));
  if (isPyInt(a)) return abs(toIndex(a));
  // The C seeding takes hash(x) as a size_t: negative hashes wrap around.
  if (a instanceof PyFloat) return BigInt.asUintN(64, floatHash(a.value));
  if (typeof a === "string") {
    const bytes = new TextEncoder().encode(a);
    let n = 0n;
    for (const b of [...bytes, ...sha512(bytes)]) n = (n << 8n) | BigInt(b);
    return n;
  }
  throw typeError("The only supported seed types are: None,\nint, float, str, bytes, and bytearray.");
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function float(x: number): PyFloat {
  return new PyFloat(x);
}

/** randrange()'s argument conversion: an int, or (deprecated) a float with an integral value. */
function rangeArg(v: Value, what: string): bigint {
  if (isPyInt(v)) return toIndex(v);
  if (v instanceof PyFloat && Number.isInteger(v.value)) {
    warn("DeprecationWarning", "non-integer arguments to randrange() have been deprecated since Python 3.10 and will be removed in a subsequent version");
    return BigInt(v.value);
  }
  if (v instanceof PyFloat) {
    if (!Number.isFinite(v.value)) throw toIndexError(v);
    warn("DeprecationWarning", "randrange() will raise TypeError in the future");
    throw valueError(`non-integer ${what} for randrange()`);
  }
  return toIndex(v);
}

function toIndexError(v: PyFloat): PyException {
  return Number.isNaN(v.value)
    ? valueError("cannot convert float NaN to integer")
    : new PyException("OverflowError", "cannot convert float infinity to integer");
}

function randrange(r: RandomState, start: Value, stop: Value, step: Value | undefined): Value {
  const istart = rangeArg(start, "arg 1");
  if (stop === null) {
    if (step !== undefined) throw typeError("Missing a non-None stop argument");
    if (istart > 0n) return pyInt(r.randbelow(istart));
    throw valueError("empty range for randrange()");
  }
  const istop = rangeArg(stop, "stop");
  const width = istop - istart;
  const istep = step === undefined ? 1n : rangeArg(step, "step");
  if (istep === 1n) {
    if (width > 0n) return pyInt(istart + r.randbelow(width));
    throw valueError(`empty range for randrange() (${istart}, ${istop}, ${width})`);
  }
  let n: bigint;
  if (istep > 0n) n = floorDiv(width + istep - 1n, istep);
  else if (istep < 0n) n = floorDiv(width + istep + 1n, istep);
  else throw valueError("zero step for randrange()");
  if (n <= 0n) throw valueError("empty range for randrange()");
  return pyInt(istart + istep * r.randbelow(n));
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b !== a && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

/** collections.abc.Sequence, as sample() checks it. */
function isSequence(v: Value): boolean {
  return v instanceof PyList || v instanceof PyTuple || v instanceof PyRange || typeof v === "string";
}

function sample(r: RandomState, population: Value, k: Value, counts: Value | undefined): Value {
  if (!isSequence(population)) throw typeError("Population must be a sequence.  For dicts or sets, use sorted(d).");
  const n = length(population);
  if (counts !== undefined && counts !== null) {
    const cumulative = accumulate(toArray(counts));
    if (cumulative.length !== n) throw valueError("The number of counts does not match the population");
    const total = cumulative.pop()!;
    if (!isPyInt(total)) throw typeError("Counts must be integers");
    if (!truthy(compareOp(">", total, 0))) throw valueError("Total of counts must be greater than zero");
    const selections = sample(r, new PyRange(0, Number(total), 1), k, undefined) as PyList;
    return new PyList(selections.items.map((s) => getItem(population, bisectRight(cumulative, s, 0, cumulative.length))));
  }
  const size = Number(toIndex(k));
  if (!(size >= 0 && size <= n)) throw valueError("Sample larger than population or is negative");
  const result: Value[] = new Array(size);
  let setsize = 21;
  if (size > 5) setsize += 4 ** Math.ceil(Math.log(size * 3) / Math.log(4));
  if (n <= setsize) {
    const pool = toArray(population);
    for (let i = 0; i < size; i++) {
      const j = r.randbelowSmall(n - i);
      result[i] = pool[j];
      pool[j] = pool[n - i - 1];
    }
  } else {
    const selected = new Set<number>();
    for (let i = 0; i < size; i++) {
      let j = r.randbelowSmall(n);
      while (selected.has(j)) j = r.randbelowSmall(n);
      selected.add(j);
      result[i] = getItem(population, j);
    }
  }
  return new PyList(result);
}

function accumulate(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const item of items) out.push(out.length === 0 ? item : binaryOp("+", out[out.length - 1], item));
  return out;
}

/** bisect.bisect_right(a, x, lo, hi). */
function bisectRight(a: readonly Value[], x: Value, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (truthy(compareOp("<", x, a[mid]))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function choices(r: RandomState, population: Value, weights: Value, cumWeights: Value, k: Value): Value {
  const n = length(population);
  const count = Number(toIndex(k));
  const picks: Value[] = [];
  if (cumWeights === null) {
    if (weights === null) {
      for (let i = 0; i < count; i++) picks.push(getItem(population, Math.floor(r.random() * n)));
      return new PyList(picks);
    }
    if (isPyInt(weights)) throw typeError(`The number of choices must be a keyword argument: k=${weights}`);
    cumWeights = new PyList(accumulate(toArray(weights)));
  } else if (weights !== null) {
    throw typeError("Cannot specify both weights and cumulative weights");
  }
  const cumulative = toArray(cumWeights);
  if (cumulative.length !== n) throw valueError("The number of weights does not match the population");
  const total = toDouble(binaryOp("+", cumulative[cumulative.length - 1], float(0)));
  if (total <= 0) throw valueError("Total of weights must be greater than zero");
  if (!Number.isFinite(total)) throw valueError("Total of weights must be finite");
  for (let i = 0; i < count; i++) picks.push(getItem(population, bisectRight(cumulative, float(r.random() * total), 0, n - 1)));
  return new PyList(picks);
}

function shuffle(r: RandomState, x: Value): null {
  if (x instanceof PyList) {
    const items = x.items;
    for (let i = items.length - 1; i > 0; i--) {
      const j = r.randbelowSmall(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return null;
  }
  for (let i = length(x) - 1; i > 0; i--) {
    const j = r.randbelowSmall(i + 1);
    const [a, b] = [getItem(x, j), getItem(x, i)];
    setItem(x, i, a);
    setItem(x, j, b);
  }
  return null;
}

function gauss(r: RandomState): number {
  let z = r.gaussNext;
  r.gaussNext = null;
  if (z === null) {
    const x2pi = r.random() * TWOPI;
    const g2rad = Math.sqrt(-2 * Math.log(1 - r.random()));
    z = Math.cos(x2pi) * g2rad;
    r.gaussNext = Math.sin(x2pi) * g2rad;
  }
  return z;
}

function normal(r: RandomState): number {
  for (;;) {
    const u1 = r.random();
    const u2 = 1 - r.random();
    const z = (NV_MAGICCONST * (u1 - 0.5)) / u2;
    if ((z * z) / 4 <= -Math.log(u2)) return z;
  }
}

function gamma(r: RandomState, alpha: number, beta: number): number {
  if (alpha <= 0 || beta <= 0) throw valueError("gammavariate: alpha and beta must be > 0.0");
  if (alpha > 1) {
    const ainv = Math.sqrt(2 * alpha - 1);
    const bbb = alpha - LOG4;
    const ccc = alpha + ainv;
    for (;;) {
      const u1 = r.random();
      if (!(u1 > 1e-7 && u1 < 0.9999999)) continue;
      const u2 = 1 - r.random();
      const v = Math.log(u1 / (1 - u1)) / ainv;
      const x = alpha * Math.exp(v);
      const z = u1 * u1 * u2;
      const rr = bbb + ccc * v - x;
      if (rr + SG_MAGICCONST - 4.5 * z >= 0 || rr >= Math.log(z)) return x * beta;
    }
  }
  if (alpha === 1) return -Math.log(1 - r.random()) * beta;
  for (;;) {
    const u = r.random();
    const b = (Math.E + alpha) / Math.E;
    const p = b * u;
    const x = p <= 1 ? p ** (1 / alpha) : -Math.log((b - p) / alpha);
    const u1 = r.random();
    if (p > 1 ? u1 <= x ** (alpha - 1) : u1 <= Math.exp(-x)) return x * beta;
  }
}

/** `mu + z * sigma` with Python's operators, so ints, floats and tensors combine as in random.py. */
function shifted(mu: Value | undefined, z: number, sigma: Value | undefined): Value {
  return binaryOp("+", mu ?? float(0), binaryOp("*", float(z), sigma ?? float(1)));
}

type Method = (r: RandomState, args: Value[], kwargs: Kwargs) => Value;

/** Each Random method: its parameters after self (see methodArgs) and its body. */
const methods: Record<string, [string[], (r: RandomState, a: (Value | undefined)[]) => Value]> = {
  seed: [["a?", "version?"], (r, [a]) => (r.seed(a ?? null), null)],
  random: [[], (r) => float(r.random())],
  getrandbits: [["k"], (r, [k]) => {
    const bits = toIndex(k!);
    if (bits < 0n) throw valueError("number of bits must be non-negative");
    return pyInt(r.getrandbits(Number(bits)));
  }],
  getstate: [[], (r) => new PyTuple([3, new PyTuple([...r.mt.state, r.mt.index]), r.gaussNext === null ? null : float(r.gaussNext)])],
  setstate: [["state"], (r, [state]) => {
    const [version, internal, gaussNext] = toArray(state!);
    if (version !== 3) throw valueError(`state with version ${String(version)} passed to Random.setstate() of version 3`);
    const words = toArray(internal);
    if (words.length !== STATE_WORDS + 1) throw valueError("state vector is the wrong size");
    words.slice(0, STATE_WORDS).forEach((w, i) => (r.mt.state[i] = Number(toIndex(w))));
    r.mt.index = Number(toIndex(words[STATE_WORDS]));
    r.gaussNext = gaussNext === null ? null : toDouble(gaussNext);
    return null;
  }],
  randrange: [["start", "stop?", "step?"], (r, [start, stop, step]) => randrange(r, start!, stop ?? null, step)],
  randint: [["a", "b"], (r, [a, b]) => randrange(r, a!, binaryOp("+", b!, 1), undefined)],
  choice: [["seq"], (r, [seq]) => {
    const n = length(seq!);
    if (n === 0) throw indexError("Cannot choose from an empty sequence");
    return getItem(seq!, r.randbelowSmall(n));
  }],
  choices: [["population", "weights?", "*", "cum_weights?", "k?"], (r, [p, w, c, k]) => choices(r, p!, w ?? null, c ?? null, k ?? 1)],
  shuffle: [["x"], (r, [x]) => shuffle(r, x!)],
  sample: [["population", "k", "*", "counts?"], (r, [p, k, counts]) => sample(r, p!, k!, counts)],
  uniform: [["a", "b"], (r, [a, b]) => binaryOp("+", a!, binaryOp("*", binaryOp("-", b!, a!), float(r.random())))],
  triangular: [["low?", "high?", "mode?"], (r, [lowArg, highArg, mode]) => {
    const u = r.random();
    let low = lowArg ?? float(0);
    let high = highArg ?? float(1);
    const width = binaryOp("-", high, low);
    if (mode !== undefined && mode !== null && !truthy(width)) return low;
    let c = mode === undefined || mode === null ? 0.5 : toDouble(binaryOp("/", binaryOp("-", mode, low), width));
    let v = u;
    if (v > c) {
      v = 1 - v;
      c = 1 - c;
      [low, high] = [high, low];
    }
    return binaryOp("+", low, binaryOp("*", binaryOp("-", high, low), float(Math.sqrt(v * c))));
  }],
  gauss: [["mu?", "sigma?"], (r, [mu, sigma]) => shifted(mu, gauss(r), sigma)],
  normalvariate: [["mu?", "sigma?"], (r, [mu, sigma]) => shifted(mu, normal(r), sigma)],
  lognormvariate: [["mu", "sigma"], (r, [mu, sigma]) => float(Math.exp(toDouble(shifted(mu, normal(r), sigma))))],
  expovariate: [["lambd"], (r, [lambd]) => binaryOp("/", float(-Math.log(1 - r.random())), lambd!)],
  gammavariate: [["alpha", "beta"], (r, [alpha, beta]) => float(gamma(r, toDouble(alpha!), toDouble(beta!)))],
  betavariate: [["alpha", "beta"], (r, [alpha, beta]) => {
    const y = gamma(r, toDouble(alpha!), 1);
    return float(y === 0 ? 0 : y / (y + gamma(r, toDouble(beta!), 1)));
  }],
  paretovariate: [["alpha"], (r, [alpha]) => float((1 - r.random()) ** (-1 / toDouble(alpha!)))],
  weibullvariate: [["alpha", "beta"], (r, [alpha, beta]) => {
    const u = 1 - r.random();
    return float(toDouble(alpha!) * (-Math.log(u)) ** (1 / toDouble(beta!)));
  }],
};

/** random() and getrandbits() are C methods (METH_NOARGS, METH_O) and complain as such. */
const C_ARITY: Record<string, number> = { random: 0, getrandbits: 1 };

function method(name: string): Method {
  const [params, body] = methods[name];
  const arity = C_ARITY[name];
  if (arity === undefined) return (r, args, kwargs) => body(r, methodArgs(`Random.${name}`, params, args, kwargs));
  return (r, args, kwargs) => {
    if (kwargs !== null && kwargs.size > 0) throw typeError(`Random.${name}() takes no keyword arguments`);
    if (args.length !== arity) {
      throw typeError(`Random.${name}() takes ${arity === 0 ? "no arguments" : "exactly one argument"} (${args.length} given)`);
    }
    return body(r, args);
  };
}

/** The state behind each instance of random.Random (instances are created by the class call). */
const states = new WeakMap<PyInstance, RandomState>();

function stateOf(self: Value, name: string): RandomState {
  const state = self instanceof PyInstance ? states.get(self) : undefined;
  if (!state) throw typeError(`descriptor '${name}' for 'Random' objects doesn't apply to a '${typeName(self)}' object`);
  return state;
}

function randomClass(): PyClass {
  const dict = new Map<string, Value>();
  dict.set("__init__", new PyBuiltin("__init__", (args, kwargs) => {
    const [self, ...rest] = args;
    const [x] = methodArgs("Random.__init__", ["x?"], rest, kwargs);
    states.set(self as PyInstance, new RandomState(x ?? null));
    return null;
  }));
  for (const name of Object.keys(methods)) {
    const impl = method(name);
    dict.set(name, new PyBuiltin(name, (args, kwargs) => impl(stateOf(args[0], name), args.slice(1), kwargs)));
  }
  return new PyClass("Random", [], dict, "random");
}

export function createRandomModule(): PyModule {
  const shared = new RandomState();
  const attributes = new Map<string, Value>();
  for (const name of Object.keys(methods)) {
    const impl = method(name);
    attributes.set(name, new PyBuiltin(name, (args, kwargs) => impl(shared, args, kwargs)));
  }
  attributes.set("Random", randomClass());
  return new PyModule("random", attributes);
}
