// MT19937 as CPython's _random and NumPy's legacy RandomState run it: seeded by init_genrand or
// init_by_array, the whole state regenerated every 624 draws, doubles built from two draws.

export const STATE_WORDS = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

function twist(u: number, v: number): number {
  return (((u & UPPER) | (v & LOWER)) >>> 1) ^ (v & 1 ? MATRIX_A : 0);
}

export class MersenneTwister {
  readonly state = new Uint32Array(STATE_WORDS);
  /** The next word to temper; STATE_WORDS means regenerate first. */
  index = STATE_WORDS;

  /** init_genrand: the Knuth-style linear seeding of the reference implementation. */
  seedWord(seed: number): void {
    const s = this.state;
    s[0] = seed >>> 0;
    for (let i = 1; i < STATE_WORDS; i++) {
      const prev = s[i - 1];
      s[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
    this.index = STATE_WORDS;
  }

  /** init_by_array: every word of `key` (least significant first) stirred into the state. */
  seedArray(key: readonly number[]): void {
    this.seedWord(19650218);
    const s = this.state;
    let i = 1;
    let j = 0;
    for (let k = Math.max(STATE_WORDS, key.length); k > 0; k--) {
      const prev = s[i - 1];
      s[i] = (s[i] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= STATE_WORDS) {
        s[0] = s[STATE_WORDS - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = STATE_WORDS - 1; k > 0; k--) {
      const prev = s[i - 1];
      s[i] = (s[i] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
      i++;
      if (i >= STATE_WORDS) {
        s[0] = s[STATE_WORDS - 1];
        i = 1;
      }
    }
    s[0] = 0x80000000;
    this.index = STATE_WORDS;
  }

  /** 32 random bits as an unsigned integer (genrand_uint32). */
  nextUint32(): number {
    if (this.index >= STATE_WORDS) this.regenerate();
    let y = this.state[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53 random bits: 27 from one draw, 26 from the next (genrand_res53). */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  private regenerate(): void {
    const s = this.state;
    let k = 0;
    for (; k < STATE_WORDS - M; k++) s[k] = s[k + M] ^ twist(s[k], s[k + 1]);
    for (; k < STATE_WORDS - 1; k++) s[k] = s[k + M - STATE_WORDS] ^ twist(s[k], s[k + 1]);
    s[STATE_WORDS - 1] = s[M - 1] ^ twist(s[STATE_WORDS - 1], s[0]);
    this.index = 0;
  }
}

/** The 32-bit words of a non-negative integer, least significant first; [0] for zero. */
export function wordsOf(n: bigint): number[] {
  const words: number[] = [];
  for (let rest = n; rest > 0n; rest >>= 32n) words.push(Number(rest & 0xffffffffn));
  return words.length === 0 ? [0] : words;
}
