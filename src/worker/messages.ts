// Every message between the extension host and the evaluation worker, declared once.
// The worker (evaluationWorker.ts) and its client (src/extension/evaluationClient.ts) import these.

import type { EvaluationResult } from "../result";

/** Passed as `workerData` when the worker starts. */
export interface EvaluationWorkerData {
  /**
   * Shared with the host: an Int32Array view whose element INTERRUPT_SLOT is 0 normally and set to
   * 1 by the host to interrupt the running evaluation. The worker only reads it.
   */
  interruptBuffer: SharedArrayBuffer;
}

/** Index of the interrupt flag in the shared Int32Array. */
export const INTERRUPT_SLOT = 0;

/** Run source in the session of one document; sessions are created on first use. */
export interface EvaluateRequest {
  type: "evaluate";
  /** Echoed in the reply so the host can match it. */
  id: number;
  documentUri: string;
  source: string;
  /** 1-based document line of the source's first line. */
  firstLine: number;
}

/** Forget a document's session (the document was closed). No reply. */
export interface DisposeSessionRequest {
  type: "disposeSession";
  documentUri: string;
}

export type WorkerRequest = EvaluateRequest | DisposeSessionRequest;

/** The evaluation finished: normally, with a Python error, or interrupted (`result.interrupted`). */
export interface EvaluatedResponse {
  type: "evaluated";
  id: number;
  result: EvaluationResult;
}

/** The engine itself failed (a bug, not a Python error); the session is kept. */
export interface FailedResponse {
  type: "failed";
  id: number;
  message: string;
}

export type WorkerResponse = EvaluatedResponse | FailedResponse;
