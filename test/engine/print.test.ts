import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PrintDType, PrintableTensor, formatTensorBody, formatTensorRepr } from "../../src/engine/print";

// Expected reprs come from PyTorch 1.13 itself; see test/fixtures/generate_print.py.
interface PrintCase {
  name: string;
  dtype: PrintDType;
  shape: number[];
  values: Array<number | string>;
  repr: string;
  repr_requires_grad?: string;
  repr_grad_fn?: string;
}

const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/print_cases.json"), "utf8")) as { cases: PrintCase[] };

const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, "-inf": -Infinity, "-0.0": -0 };

function toTensor(c: PrintCase): PrintableTensor {
  const decode = (v: number | string): number => (typeof v === "string" ? SPECIAL[v] : v);
  // float32 values are stored as the shortest decimal that rounds back to them.
  const values = c.dtype === "float32" ? Float32Array.from(c.values, decode) : Float64Array.from(c.values, decode);
  return { values, shape: c.shape, dtype: c.dtype };
}

function mismatches(expectedOf: (c: PrintCase) => string | undefined, suffixes: string[]): string[] {
  const failures: string[] = [];
  for (const c of fixture.cases) {
    const expected = expectedOf(c);
    if (expected === undefined) continue;
    const actual = formatTensorRepr(toTensor(c), suffixes);
    if (actual !== expected) failures.push(`${c.name}:\nexpected\n${expected}\ngot\n${actual}`);
  }
  return failures;
}

describe("formatTensorRepr", () => {
  it(`matches PyTorch's repr for all ${fixture.cases.length} fixture tensors`, () => {
    assert.deepEqual(mismatches((c) => c.repr, []), []);
  });

  const withGrad = fixture.cases.filter((c) => c.repr_requires_grad !== undefined).length;
  it(`places requires_grad=True like PyTorch for ${withGrad} tensors`, () => {
    assert.deepEqual(mismatches((c) => c.repr_requires_grad, ["requires_grad=True"]), []);
  });

  it(`places grad_fn=<PowBackward0> like PyTorch for ${withGrad} tensors`, () => {
    assert.deepEqual(mismatches((c) => c.repr_grad_fn, ["grad_fn=<PowBackward0>"]), []);
  });

  it("accepts plain number arrays", () => {
    assert.equal(formatTensorRepr({ values: [1, 2, 3], shape: [3], dtype: "int64" }, []), "tensor([1, 2, 3])");
    assert.equal(formatTensorRepr({ values: [1, 0], shape: [2], dtype: "bool" }, []), "tensor([ True, False])");
  });
});

describe("formatTensorBody", () => {
  it("is the text between tensor( and the suffixes", () => {
    const t: PrintableTensor = { values: [2 / 3, 4 / 3, 2], shape: [3], dtype: "float32" };
    assert.equal(formatTensorBody(t), "[0.6667, 1.3333, 2.0000]");
    assert.equal(formatTensorBody({ values: [], shape: [0, 3], dtype: "float32" }), "[]");
  });

  it("indents nested rows under the opening bracket", () => {
    const t: PrintableTensor = { values: [1, 2, 3, 4], shape: [2, 2], dtype: "float64" };
    assert.equal(formatTensorBody(t), "[[1., 2.],\n        [3., 4.]]");
  });
});
