import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FormatKind, FormatSpecError, FormatValue, formatWithSpec, percentFormatOne } from "../../src/python/format_spec";

// Expected strings and errors come from CPython; see test/fixtures/generate_format.py.
type Row = [FormatKind, string | boolean, string, string | null, string?, string?];

interface SpecCase {
  kind: FormatKind;
  value: string | boolean;
  spec: string;
  expected?: string;
  error?: string;
  message?: string;
}

const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/format_cases.json"), "utf8")) as {
  format: Row[];
  percent: Row[];
};

function toCase([kind, value, spec, expected, error, message]: Row): SpecCase {
  return expected === null ? { kind, value, spec, error, message } : { kind, value, spec, expected };
}

const SPECIAL_FLOATS: Record<string, number> = { nan: NaN, inf: Infinity, "-inf": -Infinity };

function decode(c: SpecCase): FormatValue {
  // Floats are stored as their Python repr, which parses back to the same double.
  if (c.kind === "float") return SPECIAL_FLOATS[String(c.value)] ?? Number(c.value);
  if (c.kind === "int") return BigInt(String(c.value));
  return c.value;
}

/** Runs one case and describes any mismatch, so a single assertion reports them all. */
function check(c: SpecCase, run: () => string): string | undefined {
  const label = `${c.kind} ${JSON.stringify(c.value)} with ${JSON.stringify(c.spec)}`;
  let actual: string;
  try {
    actual = run();
  } catch (err) {
    if (!(err instanceof FormatSpecError)) return `${label}: unexpected ${String(err)}`;
    if (c.error === undefined) return `${label}: expected ${JSON.stringify(c.expected)}, threw ${err.pyType}: ${err.message}`;
    if (err.pyType !== c.error || err.message !== c.message) {
      return `${label}: expected ${c.error}: ${c.message}, threw ${err.pyType}: ${err.message}`;
    }
    return undefined;
  }
  if (c.error !== undefined) return `${label}: expected ${c.error}: ${c.message}, got ${JSON.stringify(actual)}`;
  return actual === c.expected ? undefined : `${label}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(actual)}`;
}

function checkAll(cases: SpecCase[], run: (c: SpecCase) => string): string[] {
  const failures: string[] = [];
  for (const c of cases) {
    const failure = check(c, () => run(c));
    if (failure !== undefined) failures.push(failure);
  }
  return failures;
}

function casesOf(rows: Row[], kind: FormatKind): SpecCase[] {
  return rows.map(toCase).filter((c) => c.kind === kind);
}

describe("formatWithSpec", () => {
  for (const kind of ["float", "int", "bool", "str"] as const) {
    const cases = casesOf(fixture.format, kind);
    it(`matches CPython's format() for ${cases.length} ${kind} cases`, () => {
      assert.deepEqual(checkAll(cases, (c) => formatWithSpec(decode(c), c.spec, c.kind)), []);
    });
  }

  it("throws FormatSpecError with CPython's message for a wrong type code", () => {
    assert.throws(() => formatWithSpec(1.5, "d", "float"), { name: "FormatSpecError", message: "Unknown format code 'd' for object of type 'float'" });
  });

  it("accepts JS numbers for ints", () => {
    assert.equal(formatWithSpec(1234567, ",", "int"), "1,234,567");
    assert.equal(formatWithSpec(255, "#06x", "int"), "0x00ff");
  });
});

describe("percentFormatOne", () => {
  for (const kind of ["float", "int", "bool", "str"] as const) {
    const cases = casesOf(fixture.percent, kind);
    it(`matches CPython's % operator for ${cases.length} ${kind} cases`, () => {
      assert.deepEqual(checkAll(cases, (c) => percentFormatOne(c.spec, decode(c), c.kind)), []);
    });
  }

  it("uses caller-supplied str and repr texts", () => {
    assert.equal(percentFormatOne("%8s", 1, "int", { str: "tensor(1)" }), "tensor(1)");
    assert.equal(percentFormatOne("%-12r", 1, "int", { repr: "tensor(1)" }), "tensor(1)   ");
  });

  it("reports the conversion's index in the whole template", () => {
    assert.throws(() => percentFormatOne("%y", 1, "int", { index: 7 }), { message: "unsupported format character 'y' (0x79) at index 7" });
  });
});
