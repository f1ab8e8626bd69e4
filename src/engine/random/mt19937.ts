// The Mersenne Twister as PyTorch's CPU generator runs it (at::mt19937 in MT19937RNGEngine.h):
// seeded from the low 32 bits of a 64-bit seed, the state regenerated lazily on first draw.

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

function twist(u: number, v: number): number {
  return (((u & UPPER) | (v & LOWER)) >>> 1) ^ (v & 1 ? MATRIX_A : 0);
}

export class MT19937 {
  private readonly state = new Uint32Array(N);
  private left = 1;
  private next = 0;

  constructor(seed: bigint) {
    const s = this.state;
    s[0] = Number(seed & 0xffffffffn);
    for (let j = 1; j < N; j++) {
      const prev = s[j - 1];
      s[j] = Math.imul(1812433253, prev ^ (prev >>> 30)) + j;
    }
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextUint32(): number {
    if (--this.left === 0) this.regenerate();
    let y = this.state[this.next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private regenerate(): void {
    const s = this.state;
    this.left = N;
    this.next = 0;
    let k = 0;
    for (; k < N - M; k++) s[k] = s[k + M] ^ twist(s[k], s[k + 1]);
    for (; k < N - 1; k++) s[k] = s[k + M - N] ^ twist(s[k], s[k + 1]);
    s[N - 1] = s[M - 1] ^ twist(s[N - 1], s[0]);
  }
}
