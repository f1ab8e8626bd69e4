// Bundled by scripts/bench-layout.mjs and run in headless Chromium: times ELK on autograd-shaped
// DAGs (a chain with skip edges, like a loop's loss accumulation) with the panel's own options and
// its fallback for graphs too deep for ELK's recursive layering.

import ELK from "elkjs/lib/elk-api.js";
import workerSource from "elk-worker-source";
import { layoutOptions } from "../../media/model/layout";
import { layoutWith } from "../../media/view/layoutClient";

function autogradDag(n: number) {
  const children = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, width: 120 + (i % 3) * 20, height: i % 4 === 0 ? 58 : 41 }));
  const edges: { id: string; sources: string[]; targets: string[] }[] = [];
  for (let i = 1; i < n; i++) {
    edges.push({ id: `c${i}`, sources: [`n${i - 1}`], targets: [`n${i}`] });
    if (i % 3 === 0 && i >= 3) edges.push({ id: `s${i}`, sources: [`n${i - 3}`], targets: [`n${i}`] });
  }
  return { id: "root", layoutOptions: layoutOptions(n), children, edges };
}

async function bench(): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  const url = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
  let started = performance.now();
  const elk = new ELK({ workerFactory: () => new Worker(url) });
  await elk.layout({ id: "warm", children: [{ id: "a", width: 10, height: 10 }], edges: [] });
  results["worker start + warm-up layout"] = performance.now() - started;
  for (const n of [100, 1000, 1000, 2000, 5000]) {
    started = performance.now();
    const key = `${n} nodes`;
    const name = results[key] === undefined ? key : `${key} (again)`;
    try {
      await layoutWith(elk, autogradDag(n));
      results[name] = performance.now() - started;
      console.log(`bench ${name} ${results[name].toFixed(0)} ms`);
    } catch (error) {
      results[`${name}: ${String(error).slice(0, 60)}`] = -1;
    }
  }
  // Cold: a fresh worker laying out 1,000 nodes straight away.
  const cold = new ELK({ workerFactory: () => new Worker(url) });
  started = performance.now();
  await cold.layout(autogradDag(1000));
  results["1000 nodes, cold worker"] = performance.now() - started;
  return results;
}

(globalThis as { runBench?: typeof bench }).runBench = bench;
