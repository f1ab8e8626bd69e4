// torch.Generator on the CPU (CPUGeneratorImpl): an mt19937 engine, its 64-bit seed, and the
// second Box–Muller value that scalar normal sampling keeps for the next draw.

import { MT19937 } from "./mt19937";

/** CPUGeneratorImpl's seed when none is given: `torch.Generator().initial_seed()`. */
export const DEFAULT_SEED = 67280421310721n;

const TWO_POW_32 = 4294967296;

export class Generator {
  private engine: MT19937;
  private seedValue: bigint;
  /** The cached second sample of normal_distribution<double>, null when none is pending. */
  nextDoubleNormal: number | null = null;

  constructor(seed: bigint = DEFAULT_SEED) {
    this.seedValue = BigInt.asUintN(64, seed);
    this.engine = new MT19937(this.seedValue);
  }

  /** Reseeds as `manual_seed` does; a negative seed is taken as its two's-complement uint64. */
  manualSeed(seed: bigint): void {
    this.seedValue = BigInt.asUintN(64, seed);
    this.engine = new MT19937(this.seedValue);
    this.nextDoubleNormal = null;
  }

  get initialSeed(): bigint {
    return this.seedValue;
  }

  /** 32 random bits (CPUGeneratorImpl::random). */
  random(): number {
    return this.engine.nextUint32();
  }

  /** The low 53 bits of random64() (first draw high, second low), all a double needs. */
  random53(): number {
    const hi = this.engine.nextUint32();
    const lo = this.engine.nextUint32();
    return (hi & 0x1fffff) * TWO_POW_32 + lo;
  }

  /** All 64 bits of CPUGeneratorImpl::random64. */
  random64(): bigint {
    const hi = this.engine.nextUint32();
    const lo = this.engine.nextUint32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
}

/** A seed from outside the program, as PyTorch draws the default generator's from /dev/urandom. */
export function nondeterministicSeed(): bigint {
  const word = () => BigInt(Math.floor(Math.random() * TWO_POW_32));
  return (word() << 32n) | word();
}

/** torch.default_generator: what every random op uses unless given `generator=`. */
export const defaultGenerator = new Generator(nondeterministicSeed());
