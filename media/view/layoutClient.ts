// Runs ELK in a Web Worker started from a blob: URL, so layout never blocks the panel. The worker
// is started (and ELK initialised) as soon as the panel loads, before the first graph needs it.

import ELK from "elkjs/lib/elk-api.js";
import workerSource from "elk-worker-source";
import { withoutRecursion, type ElkGraphInput } from "../model/layout";

let elk: InstanceType<typeof ELK> | undefined;

export function warmLayout(): void {
  if (elk) return;
  const url = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
  elk = new ELK({ workerFactory: () => new Worker(url) });
  // A tiny layout makes the worker compile its code now rather than on the first real graph.
  void elk.layout({ id: "warm", children: [{ id: "a", width: 10, height: 10 }], edges: [] }).catch(() => {});
}

export async function runLayout(input: ElkGraphInput): Promise<unknown> {
  warmLayout();
  return layoutWith(elk!, input);
}

/** Lays out with ELK, once more without recursive layering if the first try overflowed the stack. */
export async function layoutWith(engine: InstanceType<typeof ELK>, input: ElkGraphInput): Promise<unknown> {
  try {
    return await engine.layout(input);
  } catch (error) {
    if (!/call stack/i.test(String(error))) throw error;
    return engine.layout(withoutRecursion(input));
  }
}
