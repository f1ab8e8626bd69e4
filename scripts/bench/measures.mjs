// The measurements that are not snippets: bytes per graph node, extension activation, bundle size,
// and the graph panel drawing real results (scripts/bench-panel.mjs, run as it is).
import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median } from "./snippets.mjs";

const PYTHON = process.env.BENCH_PYTHON || "/usr/bin/python3";

function runJson(command, args) {
  const child = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 << 20, timeout: 30 * 60_000 });
  if (child.status !== 0) return { failure: (child.stderr || String(child.error)).trim().split("\n").slice(-1)[0] };
  return JSON.parse(child.stdout.trim().split("\n").at(-1));
}

/**
 * Our heap growth per node of a `nodes`-op scalar chain (the engine bundled the way dist/ is, since
 * tsx's keep-names helper would add a property dictionary to every closure), its breakdown by kind
 * of object, and PyTorch's resident-memory growth for the same chain.
 */
export async function memoryPerNode(root, nodes) {
  const scratch = mkdtempSync(join(tmpdir(), "bench-memory-"));
  try {
    const outfile = join(scratch, "memory.cjs");
    await esbuild.build({ entryPoints: [join(root, "scripts/bench/memory.ts")], outfile, bundle: true, platform: "node", format: "cjs", target: "node20", logLevel: "warning" });
    const ours = runJson(process.execPath, ["--expose-gc", "--max-old-space-size=8192", outfile, String(nodes)]);
    const pytorch = runJson(PYTHON, [join(root, "scripts/bench/torch_memory.py"), String(nodes)]);
    return { ours, pytorch };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Median milliseconds of a cold require + activate() in a fresh process (see activation.mjs). */
export function activationMs(root, runs) {
  const times = [];
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(process.execPath, [join(root, "scripts/bench/activation.mjs"), root], { encoding: "utf8" });
    if (child.status !== 0) return { failure: child.stderr.trim().split("\n").slice(-1)[0] };
    times.push(Number(child.stdout.trim()));
  }
  return { ms: median(times) };
}

/** Bytes of what activation loads, and of what the first evaluation adds (the worker and the parser). */
export function bundleBytes(root) {
  const size = (files) => files.reduce((sum, file) => sum + statSync(join(root, "dist", file)).size, 0);
  return { extension: size(["extension.js"]), firstEvaluation: size(["worker.js", "tree-sitter.wasm", "tree-sitter-python.wasm"]) };
}

/**
 * scripts/bench-panel.mjs's rows (`<workload> <graph nodes> <drawn> <first> ms <again> ms  <status>`):
 * the real webview bundle drawing real evaluation results, timed from the message to the painted SVG,
 * as { workload, nodes, drawn, first, again }. Or why the benchmark did not run.
 */
export function panelDrawing(root) {
  const child = spawnSync(process.execPath, [join(root, "scripts/bench-panel.mjs"), "1000", "5000"], { encoding: "utf8", timeout: 10 * 60_000 });
  if (child.status !== 0) return { failure: (child.stderr || String(child.error)).trim().split("\n").slice(-1)[0] };
  const results = [];
  for (const line of child.stdout.split("\n")) {
    const match = /^(\w+ \d+)\s+(\d+)\s+(\d+)\s+(\d+) ms\s+(\d+) ms/.exec(line);
    if (match) results.push({ workload: match[1], nodes: Number(match[2]), drawn: Number(match[3]), first: Number(match[4]), again: Number(match[5]) });
  }
  return { results };
}
