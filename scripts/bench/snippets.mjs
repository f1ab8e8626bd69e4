// Runs one self-timing snippet (bench/snippets/*.py) in real PyTorch and in our CLI, several times.
// A snippet prints `BENCH <name> <seconds>` for its hot part and `CHECK <name> <number>` lines; our
// speed is only reported when every CHECK agrees with PyTorch's.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const PYTHON = process.env.BENCH_PYTHON || "/usr/bin/python3";
/** float32 work done in a different order (reductions, fused kernels) may differ in the last digits. */
const RELATIVE_TOLERANCE = 1e-4;

function runOnce(command, args) {
  const started = performance.now();
  const child = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 << 20, timeout: 30 * 60_000 });
  const processSeconds = (performance.now() - started) / 1000;
  const lines = child.stdout.split("\n");
  const bench = lines.find((line) => line.startsWith("BENCH "));
  if (child.status !== 0 || bench === undefined) {
    const why = (child.stderr || child.stdout || String(child.error)).trim().split("\n").slice(-1)[0];
    return { failure: why.slice(0, 160) || `exit ${child.status}` };
  }
  const checks = new Map(lines.filter((line) => line.startsWith("CHECK ")).map((line) => {
    const words = line.split(" ");
    return [words.slice(1, -1).join(" "), Number(words.at(-1))];
  }));
  return { seconds: Number(bench.split(" ").at(-1)), processSeconds, checks };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The first CHECK where `ours` differs from PyTorch's, as text; undefined when all agree. */
function disagreement(ours, theirs) {
  for (const [name, expected] of theirs) {
    const actual = ours.get(name);
    const close = actual !== undefined && Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(Math.abs(actual), Math.abs(expected)) + 1e-12;
    if (!close) return `${name}: ours ${actual} vs PyTorch ${expected}`;
  }
  return undefined;
}

/** Medians over `runs` runs of each side, or why ours has no speed (a failure or a wrong answer). */
export function benchSnippet(root, file, runs) {
  const path = join(root, "bench/snippets", file);
  const sides = { ours: [], pytorch: [] };
  for (let run = 0; run < runs; run++) {
    sides.pytorch.push(runOnce(PYTHON, [path]));
    sides.ours.push(runOnce(process.execPath, [join(root, "dist/cli.js"), "run", path]));
  }
  const summary = (results) => {
    const failed = results.find((r) => r.failure !== undefined);
    if (failed) return { failure: failed.failure };
    return { seconds: median(results.map((r) => r.seconds)), processSeconds: median(results.map((r) => r.processSeconds)) };
  };
  const ours = summary(sides.ours);
  const pytorch = summary(sides.pytorch);
  if (ours.failure === undefined && pytorch.failure === undefined) {
    for (let run = 0; run < runs && ours.wrong === undefined; run++) ours.wrong = disagreement(sides.ours[run].checks, sides.pytorch[run].checks);
  }
  return { ours, pytorch };
}
