import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatFloatRepr } from "../../src/python/float_repr";

// Expected strings come from CPython; see test/fixtures/generate_format.py.
interface ReprCase {
  value: string;
  expected: string;
}

const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/format_cases.json"), "utf8")) as { repr: ReprCase[] };

/** Decodes the fixture's 16-hex-digit IEEE-754 bit pattern. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt("0x" + hex));
  return view.getFloat64(0);
}

describe("formatFloatRepr", () => {
  it(`matches CPython's repr for all ${fixture.repr.length} fixture values`, () => {
    const failures: string[] = [];
    for (const c of fixture.repr) {
      const actual = formatFloatRepr(fromBits(c.value));
      if (actual !== c.expected) failures.push(`${c.value}: expected ${c.expected}, got ${actual}`);
    }
    assert.deepEqual(failures, []);
  });

  it("lays out the documented examples", () => {
    const examples: Array<[number, string]> = [
      [1e-8, "1e-08"],
      [0.1, "0.1"],
      [6, "6.0"],
      [1e16, "1e+16"],
      [123456789012345, "123456789012345.0"],
      [1.5e-5, "1.5e-05"],
      [-0, "-0.0"],
      [Infinity, "inf"],
      [-Infinity, "-inf"],
      [NaN, "nan"],
    ];
    for (const [value, expected] of examples) assert.equal(formatFloatRepr(value), expected);
  });
});
