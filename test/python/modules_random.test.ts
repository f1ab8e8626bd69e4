// The Mersenne Twister behind `random` and `numpy.random`, against the reference implementation's
// published outputs (mt19937ar.out), and the Random state's invariants.

import assert from "node:assert/strict";
import { MersenneTwister, wordsOf } from "../../src/python/modules/mersenne";
import { RandomState } from "../../src/python/modules/random";

describe("random module", () => {
  it("reproduces mt19937ar.c's reference output for init_by_array({0x123, 0x234, 0x345, 0x456})", () => {
    const mt = new MersenneTwister();
    mt.seedArray([0x123, 0x234, 0x345, 0x456]);
    assert.deepEqual(Array.from({ length: 5 }, () => mt.nextUint32()), [1067595299, 955945823, 477289528, 4107218783, 4228976476]);
  });

  it("reproduces the reference init_genrand(5489) stream (std::mt19937's default)", () => {
    const mt = new MersenneTwister();
    mt.seedWord(5489);
    const draws = Array.from({ length: 10000 }, () => mt.nextUint32());
    assert.equal(draws[0], 3499211612);
    assert.equal(draws[9999], 4123659995);
  });

  it("splits ints into 32-bit key words, least significant first", () => {
    assert.deepEqual(wordsOf(0n), [0]);
    assert.deepEqual(wordsOf(2n ** 32n + 5n), [5, 1]);
  });

  it("draws the same small ranges with and without bigints", () => {
    const a = new RandomState(7);
    const b = new RandomState(7);
    for (const n of [1, 2, 3, 10, 1000, 2 ** 31, 2 ** 32 - 1]) {
      assert.equal(a.randbelowSmall(n), Number(b.randbelow(BigInt(n))), `n = ${n}`);
    }
  });

  it("assembles getrandbits(k > 32) from successive words, lowest first", () => {
    const a = new RandomState(3);
    const b = new RandomState(3);
    const low = BigInt(b.mt.nextUint32());
    const high = BigInt(b.mt.nextUint32() >>> 24);
    assert.equal(a.getrandbits(40), (high << 32n) | low);
  });
});
