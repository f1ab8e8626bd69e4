// random_, randint and randperm: integers drawn as PyTorch's CPU kernels draw them, with its bound
// checks (update_from/update_to and check_from_to_in_range in native/DistributionTemplates.h).

import { castScalar, DType } from "../dtype";
import { runtimeError, warn } from "../errors";
import { Tensor } from "../tensor";
import { zeros } from "../ops/creation";
import { defaultGenerator, Generator } from "./generator";
import { sampleInPlace } from "./in_place";
import { randomFromToKernel, randomKernel } from "./kernels";

/** c10 TypeMeta names, as random_'s bounds errors print them. */
const TYPE_META: Record<DType, string> = { float32: "float", float64: "double", int64: "long int", int32: "int", bool: "bool" };
const INTEGER_BOUNDS: Partial<Record<DType, readonly [number, number]>> = {
  bool: [0, 1], int32: [-2147483648, 2147483647], int64: [-(2 ** 63), 2 ** 63 - 1],
};
const MANTISSA_DIGITS: Partial<Record<DType, number>> = { float32: 24, float64: 53 };

/** check_from_to_in_range: integers must fit the dtype; floats warn past 2^mantissa. */
function checkRandomBounds(dtype: DType, from: number, toInclusive: number): void {
  const bounds = INTEGER_BOUNDS[dtype];
  for (const [value, name] of [[from, "from"], [toInclusive, "to - 1"]] as const) {
    if (bounds && (value < bounds[0] || value > bounds[1])) throw runtimeError(`${name} is out of bounds for ${TYPE_META[dtype]}`);
    const digits = MANTISSA_DIGITS[dtype];
    if (digits !== undefined && Math.abs(value) > 2 ** digits) {
      warn("UserWarning", `${name} is out of bounds [-(2^${digits}), 2^${digits}]. Due to precision limitations ${TYPE_META[dtype]} can support discrete uniform distribution only within this range. This warning will become an error in version 1.7 release, please fix the code in advance`);
    }
  }
}

/** The largest value random_(from, None) may draw: every integer the dtype holds exactly. */
function largestExact(dtype: DType): number {
  const digits = MANTISSA_DIGITS[dtype];
  return digits !== undefined ? 2 ** digits : INTEGER_BOUNDS[dtype]![1];
}

/** random_() without bounds: from 0 to 2^mantissa for floats, to the dtype's maximum for integers. */
export function random_(self: Tensor, gen: Generator = defaultGenerator): Tensor {
  return sampleInPlace(self, "RandomBackward2", () => randomKernel(self, gen));
}

/** floor(log2(x)) for x >= 1, counted as PyTorch counts it, by halving. */
function log2Floor(x: number): number {
  let n = 0;
  for (let v = x; v >= 2; v = Math.floor(v / 2)) n++;
  return n;
}

/**
 * update_from / update_to: in a float dtype, moves a bound inwards to the nearest value that
 * stays inside [from, to) once the drawn integer is rounded to the dtype.
 */
function boundInside(dtype: DType, bound: number, direction: 1 | -1): number {
  const digits = MANTISSA_DIGITS[dtype];
  if (digits === undefined) return bound;
  const stored = castScalar(bound + direction, dtype);
  if (direction === 1 ? stored >= bound : stored < bound) return bound;
  return stored + direction * 2 ** (log2Floor(Math.abs(bound + direction)) - digits + 1);
}

function randomRange(self: Tensor, from: number, to: number | null, gen: Generator, gradFn: string): Tensor {
  let low = from;
  let toInclusive: number;
  if (to === null) {
    toInclusive = largestExact(self.dtype);
    low = boundInside(self.dtype, from, 1);
    if (!(low < toInclusive) && MANTISSA_DIGITS[self.dtype] !== undefined) {
      throw runtimeError(`random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' casted to dtype, but got from=${low} > to_inc=${toInclusive}`);
    }
  } else {
    if (from >= to) throw runtimeError(`random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
    low = boundInside(self.dtype, from, 1);
    const high = boundInside(self.dtype, to, -1);
    if (low >= high) throw runtimeError(`random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from=${low} >= to=${high}`);
    toInclusive = high - 1;
  }
  checkRandomBounds(self.dtype, low, toInclusive);
  return sampleInPlace(self, gradFn, () => randomFromToKernel(self, low, toInclusive + 1, gen));
}

/** random_(from, to) draws from [from, to); `to` null means up to every integer the dtype holds. */
export function randomFromTo_(self: Tensor, from: number, to: number | null, gen: Generator = defaultGenerator): Tensor {
  return randomRange(self, from, to, gen, "RandomBackward0");
}

/** random_(to): [0, to). */
export function randomTo_(self: Tensor, to: number, gen: Generator = defaultGenerator): Tensor {
  return randomRange(self, 0, to, gen, "RandomBackward1");
}

export function randint(low: number, high: number, shape: readonly number[], dtype: DType = "int64", gen: Generator = defaultGenerator): Tensor {
  return randomFromTo_(zeros(shape, dtype), low, high, gen);
}

/** randperm for n below 2^32 / 20: swap each slot with a later one chosen by `bits % remaining`. */
export function randperm(n: number, dtype: DType = "int64", gen: Generator = defaultGenerator): Tensor {
  const out = zeros([n], dtype);
  const data = out.storage.data;
  for (let i = 0; i < n; i++) data[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i);
    const saved = data[i];
    data[i] = data[i + z];
    data[i + z] = saved;
  }
  return out;
}

