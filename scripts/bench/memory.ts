// Bytes per graph node of a scalar chain `y = y * 1.0000001`, measured in-process on the engine
// (no interpreter), and where those bytes go. scripts/bench.mjs bundles it the way dist/ is built
// and runs it with `node --expose-gc memory.cjs [nodes] [snapshotNodes]`; it prints one JSON object.

import { getHeapSnapshot } from "node:v8";
import { backward, mul, Tensor, tensorFromData } from "../../src/engine";

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error("run with node --expose-gc");

function settledBytes(): number {
  for (let i = 0; i < 3; i++) collect!();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

function leaf(): Tensor {
  const x = tensorFromData({ value: 1 });
  x.requiresGrad = true;
  return x;
}

function chain(x: Tensor, nodes: number): Tensor {
  let y = x;
  for (let i = 0; i < nodes; i++) y = mul(y, { value: 1.0000001 });
  return y;
}

/** Self sizes and counts of a heap snapshot's objects, by kind and constructor name. */
async function heapCensus(): Promise<Map<string, { count: number; bytes: number }>> {
  const pieces: string[] = [];
  for await (const piece of getHeapSnapshot()) pieces.push(String(piece));
  const snapshot = JSON.parse(pieces.join("")) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const census = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const key = `${types[snapshot.nodes[i + typeAt]]}:${snapshot.strings[snapshot.nodes[i + nameAt]]}`;
    const entry = census.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snapshot.nodes[i + sizeAt];
    census.set(key, entry);
  }
  return census;
}

/** What a chain of `nodes` adds to the heap, per node, by kind of object. */
async function breakdown(nodes: number): Promise<{ what: string; perNode: number; bytesPerNode: number }[]> {
  const x = leaf();
  collect!();
  const before = await heapCensus();
  const y = chain(x, nodes);
  collect!();
  const after = await heapCensus();
  const rows = [...after].map(([what, { count, bytes }]) => ({
    what,
    perNode: (count - (before.get(what)?.count ?? 0)) / nodes,
    bytesPerNode: (bytes - (before.get(what)?.bytes ?? 0)) / nodes,
  }));
  if (y.item() === 0) throw new Error("unreachable: keeps the chain alive until after the census");
  return rows.filter((r) => r.bytesPerNode >= 1).sort((a, b) => b.bytesPerNode - a.bytesPerNode);
}

/** Heap growth per node while a chain of `nodes` is alive, and the time to build and backprop it. */
function measureChain(nodes: number) {
  const x = leaf();
  const start = settledBytes();
  let started = performance.now();
  const y = chain(x, nodes);
  const buildSeconds = (performance.now() - started) / 1000;
  const bytesPerNode = (settledBytes() - start) / nodes;
  started = performance.now();
  backward([y], [null]);
  const backwardSeconds = (performance.now() - started) / 1000;
  return { nodes, bytesPerNode, buildSeconds, backwardSeconds, grad: x.gradQuiet?.item() };
}

async function main(): Promise<void> {
  const measured = measureChain(Number(process.argv[2] ?? 1_000_000));
  console.log(JSON.stringify({ ...measured, breakdown: await breakdown(Number(process.argv[3] ?? 20_000)) }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
