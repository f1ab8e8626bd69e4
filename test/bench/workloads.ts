// Autograd-shaped evaluation results of a given size for the panel benchmark, made by running real
// Python through our interpreter (so ids, locations, events and reprs are what the panel receives).
//
//   node --import tsx test/bench/workloads.ts 1000 5000 > results.json
//
// Each program's graph is built by distinct lines ("unrolled": nothing repeats, so nothing collapses,
// the layout's worst case) or by a loop ("loop": the same lines run many times, as training code does).

import { Session } from "../../src/python/session";
import { locateWasmInNode } from "../../src/python/wasm_node";
import type { EvaluationResult } from "../../src/result";

/** A chain of layers with skip connections and MLP-like fan-in, one distinct line per layer. */
function unrolled(layers: number): string {
  const lines = ["import torch", "torch.manual_seed(0)", "h0 = torch.randn(3, requires_grad=True)"];
  for (let i = 0; i < 4; i++) lines.push(`w${i} = torch.randn(3, requires_grad=True)`);
  for (let i = 1; i <= layers; i++) {
    const skip = i >= 3 && i % 3 === 0 ? ` + h${i - 3}` : "";
    const op = ["torch.tanh", "torch.sigmoid", "torch.relu"][i % 3];
    lines.push(`h${i} = ${op}(h${i - 1} * w${i % 4})${skip}`);
  }
  lines.push(`loss = h${layers}.sum()`, "loss.backward()");
  return lines.join("\n");
}

/** A training-like loop: the same lines build every iteration's part of the graph. */
function loop(iterations: number): string {
  return [
    "import torch",
    "torch.manual_seed(0)",
    "w = torch.randn(3, 3, requires_grad=True)",
    "b = torch.randn(3, requires_grad=True)",
    "h = torch.randn(3)",
    "loss = 0",
    `for i in range(${iterations}):`,
    "    z = torch.tanh(h @ w + b)",
    "    h = z * 0.5 + h",
    "    loss = loss + (z ** 2).sum()",
    "loss.backward()",
  ].join("\n");
}

/** Each program takes a count of layers or iterations. */
const SHAPES: Record<string, (count: number) => string> = { unrolled, loop };

async function run(source: string): Promise<EvaluationResult> {
  const session = await Session.create({ locateWasm: locateWasmInNode });
  const result = session.evaluate(source, { firstLine: 1 });
  const error = result.cells.find((cell) => cell.error)?.error;
  if (error) throw new Error(error);
  return result;
}

/** A result whose graph has about `nodes` nodes, of the given shape. */
export async function workload(shape: string, nodes: number): Promise<EvaluationResult> {
  const program = SHAPES[shape];
  // Nodes per layer or iteration, measured on a small program.
  const probe = await run(program(100));
  const count = Math.max(1, Math.round((nodes * 100) / probe.graph.nodes.length));
  return run(program(count));
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  const out: Record<string, EvaluationResult> = {};
  for (const shape of Object.keys(SHAPES)) {
    for (const size of sizes) out[`${shape} ${size}`] = await workload(shape, size);
  }
  process.stdout.write(JSON.stringify(out));
}

if (process.argv[1]?.endsWith("workloads.ts")) void main();
