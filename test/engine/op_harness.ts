// Replays test/fixtures/op_cases.json (what real PyTorch printed for every op of the coverage list,
// made by test/fixtures/generate_ops.py) through the interpreter, one fresh session per case.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CellResult } from "../../src/result";
import { Session } from "../../src/python/session";
import { locateWasmInNode } from "../../src/python/wasm_node";
import { outputsAgree } from "../python/oracle_compare";

type Expected = Omit<CellResult, "errorLocation">;

interface OpStep {
  /** setup, forward, grad_fn, grad or grad2. */
  part: string;
  source: string;
  expected: Expected;
}

interface OpCase {
  title: string;
  steps: OpStep[];
}

export interface OpFixture {
  prelude: string;
  ops: Record<string, OpCase[]>;
}

const fixturesDir = join(__dirname, "../fixtures");
const passingFile = join(fixturesDir, "op_cases_passing.json");

export function loadOpFixture(): OpFixture {
  return JSON.parse(readFileSync(join(fixturesDir, "op_cases.json"), "utf8")) as OpFixture;
}

export function loadPassingOps(): string[] {
  return JSON.parse(readFileSync(passingFile, "utf8")) as string[];
}

export function savePassingOps(ops: Iterable<string>): void {
  writeFileSync(passingFile, `${JSON.stringify([...new Set(ops)].sort(), null, 1)}\n`);
}

function clip(text: string, length = 400): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}

function summarize(value: Expected): string {
  const fields = Object.entries(value).filter(([, v]) => v !== null && v !== "" && !(Array.isArray(v) && v.length === 0));
  return clip(JSON.stringify(Object.fromEntries(fields)));
}

/** The first step of `c` whose output differs from PyTorch's, described; null when all agree. */
async function caseMismatch(prelude: string, c: OpCase): Promise<string | null> {
  const session = await Session.create({ locateWasm: locateWasmInNode });
  const start = session.runCell(prelude);
  if (start.error) return `prelude failed: ${start.error}`;
  for (const step of c.steps) {
    const got = session.runCell(step.source);
    if (!outputsAgree(got, step.expected)) {
      return `${c.title} [${step.part}]\n  ${step.source.replace(/\n/g, "\n  ")}\n  want ${summarize(step.expected)}\n  got  ${summarize(got)}`;
    }
  }
  return null;
}

/** Every case of `op` that disagrees with PyTorch, each described by its first differing step. */
export async function opMismatches(fixture: OpFixture, op: string): Promise<string[]> {
  const mismatches: string[] = [];
  for (const c of fixture.ops[op]) {
    const mismatch = await caseMismatch(fixture.prelude, c);
    if (mismatch !== null) mismatches.push(mismatch);
  }
  return mismatches;
}

export function summaryLine(results: ReadonlyMap<string, readonly string[]>): string {
  const failing = [...results].filter(([, m]) => m.length > 0).map(([op]) => op);
  const agreeing = results.size - failing.length;
  return `${agreeing}/${results.size} ops agree with PyTorch; failing: ${failing.join(", ") || "none"}`;
}
