// torch.Generator objects (`<torch._C.Generator object at 0x…>`) and the seeding functions of the
// torch module, over the engine's PyTorch-exact CPU generator.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { PyException, typeError, valueError } from "../../errors";
import { repr, typeName } from "../../repr";
import { NativeImpl, PyBuiltin, PyFloat, PyNamespace, Value } from "../../values";

export class GeneratorObject extends PyNamespace {
  constructor(readonly generator: E.Generator) {
    super("torch._C.Generator", new Map());
    const methods: Record<string, NativeImpl> = {
      manual_seed: (args, kwargs) => {
        generator.manualSeed(seedArg(parseArgs("manual_seed", ["seed"], args, kwargs)[0]!));
        return this;
      },
      initial_seed: () => pythonInt(generator.initialSeed),
      seed: () => reseed(generator),
    };
    for (const [name, impl] of Object.entries(methods)) this.attributes.set(name, new PyBuiltin(name, impl));
  }
}

export const defaultGeneratorObject = new GeneratorObject(E.defaultGenerator);

/** `generator=`: a torch.Generator, or the default one when absent or None. */
export function generatorOf(fn: string, v: Value | undefined): E.Generator {
  if (v === undefined || v === null) return E.defaultGenerator;
  if (v instanceof GeneratorObject) return v.generator;
  throw typeError(`${fn}(): argument 'generator' must be torch.Generator, not ${typeName(v)}`);
}

/** A uint64 as a Python int: a JS number while exact, a bigint beyond. */
function pythonInt(b: bigint): Value {
  return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_LIMIT = 2n ** 64n;

/** The seed `torch.manual_seed` takes: `int(seed)`, which must fit in 64 bits (signed or not). */
function seedArg(v: Value): bigint {
  let seed: bigint;
  if (typeof v === "number" || typeof v === "bigint") seed = BigInt(v);
  else if (typeof v === "boolean") seed = v ? 1n : 0n;
  else if (v instanceof PyFloat) {
    if (Number.isNaN(v.value)) throw valueError("cannot convert float NaN to integer");
    if (!Number.isFinite(v.value)) throw new PyException("OverflowError", "cannot convert float infinity to integer");
    seed = BigInt(Math.trunc(v.value));
  }
  else if (v instanceof Tensor && v.numel === 1) seed = BigInt(Math.trunc(v.item()));
  else if (typeof v === "string" && /^\s*[+-]?\d+\s*$/.test(v)) seed = BigInt(v.trim());
  else if (typeof v === "string") throw valueError(`invalid literal for int() with base 10: ${repr(v)}`);
  else throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
  if (seed < INT64_MIN || seed >= UINT64_LIMIT) throw new PyException("RuntimeError", "Overflow when unpacking long");
  return seed;
}

function reseed(generator: E.Generator): Value {
  const seed = E.nondeterministicSeed();
  generator.manualSeed(seed);
  return pythonInt(seed);
}

/** torch.manual_seed, torch.initial_seed, torch.seed and the torch.Generator constructor. */
export const seedingFunctions = new Map<string, NativeImpl>([
  ["manual_seed", (args, kwargs) => {
    E.defaultGenerator.manualSeed(seedArg(parseArgs("manual_seed", ["seed"], args, kwargs)[0]!));
    return defaultGeneratorObject;
  }],
  ["initial_seed", () => pythonInt(E.defaultGenerator.initialSeed)],
  ["seed", () => reseed(E.defaultGenerator)],
  ["Generator", (args, kwargs) => {
    parseArgs("Generator", ["device?"], args, kwargs);
    return new GeneratorObject(new E.Generator());
  }],
]);
