// `npm run bench`: the product's performance targets, measured side by side with real PyTorch.
// Prints one table (ours, PyTorch, ratio, target, met) and rewrites docs/benchmarks.md's generated
// section. Options: --runs N (runs per snippet, medians are quoted; default 3), --only a,b (run just
// those scenarios: snippet names, memory, activation, panel; the docs are then left alone).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { activationMs, bundleBytes, memoryPerNode, panelDrawing } from "./bench/measures.mjs";
import { markdownTable, resultsMarkdown, textTable, writeGeneratedSection } from "./bench/report.mjs";
import { benchSnippet } from "./bench/snippets.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: options } = parseArgs({ options: { runs: { type: "string", default: "3" }, only: { type: "string" } } });
const runs = Number(options.runs);
const only = options.only?.split(",");
const wanted = (name) => only === undefined || only.includes(name);

const CHAIN_NODES = 1_000_000;
const BYTES_PER_NODE_TARGET = 300;
const ACTIVATION_TARGET_MS = 50;
/** The panel's targets by graph size: from the result's message to the graph painted. */
const PANEL_TARGETS_MS = { 1000: 500, 5000: 3000 };
const SNIPPETS = [
  { name: "scalar_graph", title: "Scalar graph: 5 × (10k scalar ops + backward)", targetRatio: 0.5 },
  { name: "micrograd_loop", title: "micrograd-style MLP 2-8-8-1 on scalars, 30 steps", targetRatio: 0.5 },
  { name: "mlp_training", title: "nn.Sequential 2-16-16-1, SGD momentum, 500 steps", targetRatio: 1 },
  { name: "mlp_adam", title: "nn.Sequential 2-16-16-1, Adam, 500 steps", targetRatio: 1 },
  { name: "chain_1m", title: "1,000,000-op chain + backward", runs: 1, target: "runs, agrees" },
  { name: "vectors", title: "1e5-element elementwise + reductions, 50 × fwd+bwd" },
];

const seconds = (s) => `${s.toFixed(s < 10 ? 3 : 1)} s`;
const ratio = (ours, theirs) => `${(ours / theirs).toFixed(2)}×`;
const kib = (bytes) => `${Math.round(bytes / 1024)} KiB`;
const met = (ok) => (ok ? "met" : "NOT met");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const built = Math.min(...["cli.js", "extension.js", "worker.js"].map((f) => {
    try { return statSync(join(root, "dist", f)).mtimeMs; } catch { return 0; }
  }));
  if (Math.max(newestMtime(join(root, "src")), newestMtime(join(root, "media"))) <= built) return;
  console.log("dist/ is stale: building");
  if (spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" }).status !== 0) process.exit(1);
}

function snippetRows(snippet) {
  const { ours, pytorch } = benchSnippet(root, `${snippet.name}.py`, snippet.runs ?? runs);
  const row = { scenario: snippet.title, pytorch: pytorch.failure ? `failed: ${pytorch.failure}` : seconds(pytorch.seconds) };
  const target = snippet.targetRatio ? `≤ ${snippet.targetRatio}× PyTorch` : snippet.target ?? "—";
  const targeted = target !== "—";
  if (ours.failure || ours.wrong || pytorch.failure) {
    const why = ours.failure ? `failed: ${ours.failure}` : ours.wrong ? `WRONG (${ours.wrong})` : seconds(ours.seconds);
    return [{ ...row, ours: why, ratio: "—", target, met: targeted ? "NOT met" : "—" }];
  }
  return [
    { ...row, ours: seconds(ours.seconds), ratio: ratio(ours.seconds, pytorch.seconds), target,
      met: snippet.targetRatio ? met(ours.seconds <= snippet.targetRatio * pytorch.seconds) : targeted ? "met" : "—" },
    { scenario: "↳ whole process (with import torch)", ours: seconds(ours.processSeconds), pytorch: seconds(pytorch.processSeconds),
      ratio: ratio(ours.processSeconds, pytorch.processSeconds), target: "—", met: "—" },
  ];
}

async function memoryRows(breakdowns) {
  const { ours, pytorch } = await memoryPerNode(root, CHAIN_NODES);
  const scenario = "1M-node scalar chain: memory per node";
  const theirs = pytorch.failure ? `failed: ${pytorch.failure}` : `${Math.round(pytorch.bytesPerNode)} B (RSS)`;
  if (ours.failure) return [{ scenario, ours: `failed: ${ours.failure}`, pytorch: theirs, ratio: "—", target: `< ${BYTES_PER_NODE_TARGET} B`, met: "NOT met" }];
  breakdowns.push(...ours.breakdown);
  return [
    { scenario, ours: `${Math.round(ours.bytesPerNode)} B (heap)`, pytorch: theirs,
      ratio: pytorch.failure ? "—" : ratio(ours.bytesPerNode, pytorch.bytesPerNode), target: `< ${BYTES_PER_NODE_TARGET} B`,
      met: met(ours.bytesPerNode < BYTES_PER_NODE_TARGET) },
    { scenario: "↳ engine only, in-process: build + backward", ours: `${seconds(ours.buildSeconds)} + ${seconds(ours.backwardSeconds)}`,
      pytorch: pytorch.failure ? "—" : `${seconds(pytorch.buildSeconds)} + ${seconds(pytorch.backwardSeconds)}`,
      ratio: pytorch.failure ? "—" : ratio(ours.buildSeconds + ours.backwardSeconds, pytorch.buildSeconds + pytorch.backwardSeconds),
      target: "—", met: "—" },
  ];
}

function activationRows() {
  const activation = activationMs(root, Math.max(runs, 5));
  const bundle = bundleBytes(root);
  return [
    { scenario: "Activation: require + activate() (vscode stand-in)", ours: activation.failure ? `failed: ${activation.failure}` : `${activation.ms.toFixed(1)} ms`,
      pytorch: "—", ratio: "—", target: `< ${ACTIVATION_TARGET_MS} ms`, met: met(!activation.failure && activation.ms < ACTIVATION_TARGET_MS) },
    { scenario: "↳ bundle: extension.js / + first evaluation", ours: `${kib(bundle.extension)} / + ${kib(bundle.firstEvaluation)}`,
      pytorch: "—", ratio: "—", target: "—", met: "—" },
  ];
}

function panelRows() {
  const drawing = panelDrawing(root);
  if (drawing.failure) return [{ scenario: "Graph panel", ours: `failed: ${drawing.failure}`, pytorch: "—", ratio: "—", target: "—", met: "NOT met" }];
  return drawing.results.map(({ workload, nodes, drawn, first, again }) => {
    const target = PANEL_TARGETS_MS[workload.split(" ")[1]];
    return { scenario: `Graph panel draws ${workload} (${nodes} nodes, ${drawn} drawn): first / again`, ours: `${first} ms / ${again} ms`,
      pytorch: "—", ratio: "—", target: target ? `< ${target} ms` : "—", met: target ? met(first < target) : "—" };
  });
}

function machine() {
  const torch = spawnSync(process.env.BENCH_PYTHON || "/usr/bin/python3", ["-c", "import sys, torch; print(sys.version.split()[0], torch.__version__)"], { encoding: "utf8" });
  const [python, torchVersion] = torch.stdout.trim().split(" ");
  return `${cpus()[0].model}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.versions.node}; `
    + `CPython ${python} + torch ${torchVersion}; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`;
}

buildIfStale();
const startedOn = machine();
const rows = [];
const breakdowns = [];
const sections = [
  ...SNIPPETS.map((snippet) => [snippet.name, () => snippetRows(snippet)]),
  ["memory", () => memoryRows(breakdowns)],
  ["activation", activationRows],
  ["panel", panelRows],
];
for (const [name, measure] of sections) {
  if (!wanted(name)) continue;
  console.error(`bench: ${name}…`);
  rows.push(...(await measure()));
}
console.log(textTable(rows));
const breakdownTable = markdownTable(["Kind of object (heap snapshot)", "Per node", "Bytes per node"],
  breakdowns.slice(0, 16).map((b) => [b.what, b.perNode.toFixed(2), b.bytesPerNode.toFixed(0)]));
if (breakdowns.length) console.log(`\nWhere a chain node's heap bytes go:\n${breakdownTable}`);
if (only === undefined) {
  const date = new Date().toISOString().replace(/\.\d+Z$/, " UTC").replace("T", " ");
  writeGeneratedSection(join(root, "docs/benchmarks.md"), [
    `Measured ${date} on ${startedOn} (at the start; the load at the end: ${loadavg().map((l) => l.toFixed(1)).join(" ")}).`,
    `Medians of ${runs} runs per snippet (the 1M chain: one run).`, "", resultsMarkdown(rows), "", breakdownTable,
  ].join("\n"));
  console.log("\nwrote docs/benchmarks.md");
}
