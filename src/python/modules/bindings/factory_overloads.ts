// The overload lists PyTorch's argument parser prints when no signature of a factory fits the call
// ("zeros() received an invalid combination of arguments - got (tuple, int), but expected one of").

import { typeError, PyException } from "../../errors";
import { typeName } from "../../repr";
import { Kwargs, Value } from "../../values";

const OPTIONS = "torch.dtype dtype, torch.layout layout, torch.device device, bool pin_memory, bool requires_grad";
const SIZED = [`(tuple of ints size, *, tuple of names names, ${OPTIONS})`, `(tuple of SymInts size, *, Tensor out, ${OPTIONS})`];
const SAMPLED = [
  `(tuple of ints size, *, torch.Generator generator, tuple of names names, ${OPTIONS})`,
  `(tuple of ints size, *, torch.Generator generator, Tensor out, ${OPTIONS})`,
  `(tuple of ints size, *, Tensor out, ${OPTIONS})`,
  `(tuple of ints size, *, tuple of names names, ${OPTIONS})`,
];

const OVERLOADS: Record<string, readonly string[]> = {
  zeros: SIZED,
  ones: SIZED,
  empty: [
    `(tuple of ints size, *, tuple of names names, torch.memory_format memory_format, ${OPTIONS})`,
    `(tuple of SymInts size, *, torch.memory_format memory_format, Tensor out, ${OPTIONS})`,
  ],
  full: [
    `(tuple of ints size, Number fill_value, *, tuple of names names, ${OPTIONS})`,
    `(tuple of SymInts size, Number fill_value, *, Tensor out, ${OPTIONS})`,
  ],
  rand: SAMPLED,
  randn: SAMPLED,
  randint: [
    `(int high, tuple of ints size, *, torch.Generator generator, Tensor out, ${OPTIONS})`,
    `(int high, tuple of ints size, *, Tensor out, ${OPTIONS})`,
    `(int low, int high, tuple of ints size, *, torch.Generator generator, Tensor out, ${OPTIONS})`,
    `(int low, int high, tuple of ints size, *, Tensor out, ${OPTIONS})`,
  ],
  randperm: [`(int n, *, torch.Generator generator, Tensor out, ${OPTIONS})`, `(int n, *, Tensor out, ${OPTIONS})`],
  eye: [`(int n, *, Tensor out, ${OPTIONS})`, `(int n, int m, *, Tensor out, ${OPTIONS})`],
  arange: [
    `(Number end, *, Tensor out, ${OPTIONS})`,
    `(Number start, Number end, *, ${OPTIONS})`,
    `(Number start, Number end, Number step, *, Tensor out, ${OPTIONS})`,
  ],
  normal: [
    "(Tensor mean, Tensor std, *, torch.Generator generator, Tensor out)",
    "(Tensor mean, float std, *, torch.Generator generator, Tensor out)",
    "(float mean, Tensor std, *, torch.Generator generator, Tensor out)",
    `(float mean, float std, tuple of ints size, *, torch.Generator generator, Tensor out, ${OPTIONS})`,
  ],
};

export function hasOverloads(fn: string): boolean {
  return fn in OVERLOADS;
}

/** The TypeError for a call no overload of `fn` accepts, naming the types it got. */
export function invalidCombination(fn: string, args: readonly Value[], kwargs: Kwargs): PyException {
  const got = [...args.map(typeName), ...[...(kwargs ?? [])].map(([k, v]) => `${k}=${typeName(v)}`)].join(", ");
  const expected = OVERLOADS[fn].map((o) => ` * ${o}\n`).join("");
  return typeError(`${fn}() received an invalid combination of arguments - got (${got}), but expected one of:\n${expected}`);
}
