// The host side of the evaluation worker: starts it lazily, runs one evaluation at a time, and
// interrupts it on cancel or time limit. It imports no `vscode`, so unit tests drive it in plain Node.
//
// Interrupting is cooperative first: the host sets a flag in shared memory that the interpreter polls
// and turns into KeyboardInterrupt. If the worker has not answered after a grace period, the worker
// is terminated, and the next evaluation starts a fresh one, with empty sessions.

import { Worker } from "node:worker_threads";
import type { EvaluationResult } from "../result";
import {
  INTERRUPT_SLOT, type EvaluateRequest, type EvaluationWorkerData, type WorkerRequest, type WorkerResponse,
} from "../worker/messages";

/** Why an evaluation was asked to stop. */
export type StopReason = "cancelled" | "timeLimit";

export type EvaluationOutcome =
  /** The interpreter returned a result. `stoppedBy` is set when it was interrupted on request. */
  | { kind: "completed"; result: EvaluationResult; stoppedBy?: StopReason }
  /** The worker was terminated (it ignored an interrupt) or died; every session is gone. */
  | { kind: "reset"; reason: StopReason | "crashed"; message?: string }
  /** The engine failed with an internal error; the session is kept. */
  | { kind: "failed"; message: string }
  /** Cancelled while waiting for an earlier evaluation; it never ran. */
  | { kind: "skipped" };

export interface EvaluationClientOptions {
  /** Path of the worker script (dist/worker.js in the extension). */
  workerPath: string;
  /** How long to wait for an answer after an interrupt before terminating the worker. */
  graceMs?: number;
}

export interface EvaluateOptions {
  documentUri: string;
  source: string;
  firstLine: number;
  /** Stop after this many milliseconds; no limit when absent or not positive. */
  timeLimitMs?: number;
  /** Aborting it interrupts the evaluation (or skips it if it has not started). */
  signal?: AbortSignal;
}

export const DEFAULT_GRACE_MS = 2000;

interface Running {
  id: number;
  stoppedBy?: StopReason;
  settle(outcome: EvaluationOutcome): void;
}

export class EvaluationClient {
  private worker: Worker | undefined;
  private interruptFlag: Int32Array | undefined;
  private running: Running | undefined;
  private nextId = 1;
  /** Evaluations run one after another; each waits for this chain. */
  private tail: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly options: EvaluationClientOptions) {}

  /** True while a worker is started (it is started by the first evaluation). */
  get isStarted(): boolean {
    return this.worker !== undefined;
  }

  /** Runs source in the document's session, after any evaluation already queued. Never rejects. */
  evaluate(options: EvaluateOptions): Promise<EvaluationOutcome> {
    const outcome = this.tail
      .then(() => this.run(options))
      .catch((error: unknown): EvaluationOutcome => ({ kind: "failed", message: String(error instanceof Error ? error.stack : error) }));
    this.tail = outcome;
    return outcome;
  }

  /** Forgets a document's session; does not start the worker. */
  disposeSession(documentUri: string): void {
    this.post({ type: "disposeSession", documentUri });
  }

  dispose(): void {
    this.disposed = true;
    this.stopWorker();
  }

  private run(options: EvaluateOptions): Promise<EvaluationOutcome> {
    if (options.signal?.aborted) return Promise.resolve({ kind: "skipped" });
    if (this.disposed) return Promise.resolve({ kind: "failed", message: "the extension is shutting down" });
    const { worker, interruptFlag } = this.ensureWorker();
    const id = this.nextId++;
    Atomics.store(interruptFlag, INTERRUPT_SLOT, 0);

    return new Promise<EvaluationOutcome>((resolve) => {
      let timeLimit: NodeJS.Timeout | undefined;
      let grace: NodeJS.Timeout | undefined;
      const onAbort = () => interrupt("cancelled");
      const running: Running = {
        id,
        settle: (outcome) => {
          clearTimeout(timeLimit);
          clearTimeout(grace);
          options.signal?.removeEventListener("abort", onAbort);
          if (this.running === running) this.running = undefined;
          if (this.worker === worker) worker.unref();
          resolve(outcome);
        },
      };
      const interrupt = (reason: StopReason) => {
        if (running.stoppedBy || this.running !== running) return;
        running.stoppedBy = reason;
        Atomics.store(interruptFlag, INTERRUPT_SLOT, 1);
        grace = setTimeout(() => {
          this.stopWorker();
          running.settle({ kind: "reset", reason });
        }, this.options.graceMs ?? DEFAULT_GRACE_MS);
      };

      this.running = running;
      // A busy worker keeps the process alive until it answers; an idle one does not (see ensureWorker).
      worker.ref();
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.timeLimitMs !== undefined && options.timeLimitMs > 0) {
        timeLimit = setTimeout(() => interrupt("timeLimit"), options.timeLimitMs);
      }
      const request: EvaluateRequest = {
        type: "evaluate", id, documentUri: options.documentUri, source: options.source, firstLine: options.firstLine,
      };
      worker.postMessage(request);
    });
  }

  private ensureWorker(): { worker: Worker; interruptFlag: Int32Array } {
    if (this.worker && this.interruptFlag) return { worker: this.worker, interruptFlag: this.interruptFlag };
    const interruptBuffer = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const workerData: EvaluationWorkerData = { interruptBuffer };
    const worker = new Worker(this.options.workerPath, { workerData });
    worker.on("message", (message: WorkerResponse) => this.onMessage(worker, message));
    worker.on("error", (error) => this.onExit(worker, error.message));
    worker.on("exit", (code) => this.onExit(worker, `the evaluation worker exited with code ${code}`));
    // An idle worker must not keep the process (a test run, the CLI) alive.
    worker.unref();
    this.worker = worker;
    this.interruptFlag = new Int32Array(interruptBuffer);
    return { worker, interruptFlag: this.interruptFlag };
  }

  private onMessage(worker: Worker, message: WorkerResponse): void {
    const running = this.running;
    if (worker !== this.worker || !running || message.id !== running.id) return;
    switch (message.type) {
      case "evaluated":
        running.settle({ kind: "completed", result: message.result, stoppedBy: running.stoppedBy });
        return;
      case "failed":
        running.settle({ kind: "failed", message: message.message });
        return;
    }
  }

  /** The worker died on its own (an uncaught error, out of memory). Only the first report counts. */
  private onExit(worker: Worker, message: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    this.interruptFlag = undefined;
    this.running?.settle({ kind: "reset", reason: "crashed", message });
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.interruptFlag = undefined;
    void worker?.terminate();
  }

  private post(request: WorkerRequest): void {
    this.worker?.postMessage(request);
  }
}
