// The evaluation worker: holds one interpreter Session per document, like a Jupyter kernel, and runs
// evaluations off the extension host's thread. Bundled to dist/worker.js; see messages.ts for the protocol.

import { parentPort, workerData } from "node:worker_threads";
import { Session } from "../python/session";
import { locateWasmInNode } from "../python/wasm_node";
import { INTERRUPT_SLOT, type EvaluationWorkerData, type WorkerRequest, type WorkerResponse } from "./messages";

const port = parentPort;
if (!port) throw new Error("evaluationWorker must run in a worker thread");

const data = workerData as EvaluationWorkerData;
const interruptFlag = new Int32Array(data.interruptBuffer);
const sessions = new Map<string, Promise<Session>>();

const shouldInterrupt = () => Atomics.load(interruptFlag, INTERRUPT_SLOT) !== 0;

function sessionFor(documentUri: string): Promise<Session> {
  const existing = sessions.get(documentUri);
  if (existing) return existing;
  const created = Session.create({ locateWasm: locateWasmInNode });
  sessions.set(documentUri, created);
  // A session that failed to start must not stay cached, or the document could never run again.
  created.catch(() => {
    if (sessions.get(documentUri) === created) sessions.delete(documentUri);
  });
  return created;
}

async function handle(request: WorkerRequest): Promise<void> {
  switch (request.type) {
    case "disposeSession":
      sessions.delete(request.documentUri);
      return;
    case "evaluate": {
      let reply: WorkerResponse;
      try {
        const session = await sessionFor(request.documentUri);
        const result = session.evaluate(request.source, { firstLine: request.firstLine, shouldInterrupt });
        reply = { type: "evaluated", id: request.id, result };
      } catch (error) {
        reply = { type: "failed", id: request.id, message: describeError(error) };
      }
      port!.postMessage(reply);
      return;
    }
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

// Requests are handled strictly in order: session creation is asynchronous, and an evaluation must
// see every earlier one of its document.
let queue = Promise.resolve();
port.on("message", (request: WorkerRequest) => {
  queue = queue.then(() => handle(request));
});
