import * as assert from "node:assert/strict";
import * as path from "node:path";
import { EvaluationClient, type EvaluationOutcome } from "../../src/extension/evaluationClient";

const fakeWorker = path.join(__dirname, "fixtures", "fakeWorker.js");

function display(outcome: EvaluationOutcome): string | null | undefined {
  return outcome.kind === "completed" ? outcome.result.cells[0].display : undefined;
}

describe("EvaluationClient", () => {
  let client: EvaluationClient;

  beforeEach(() => {
    // Generous enough that a loaded machine still answers an interrupt before the worker is reset.
    client = new EvaluationClient({ workerPath: fakeWorker, graceMs: 2000 });
  });

  afterEach(() => client.dispose());

  it("starts the worker lazily, on the first evaluation", async () => {
    assert.equal(client.isStarted, false);
    client.disposeSession("file:///a.py");
    assert.equal(client.isStarted, false, "disposing a session must not start the worker");
    const outcome = await client.evaluate({ documentUri: "file:///a.py", source: "echo hi", firstLine: 4 });
    assert.equal(client.isStarted, true);
    assert.equal(display(outcome), "hi #1 @4");
  });

  it("keeps one session per document and runs evaluations in order", async () => {
    const outcomes = await Promise.all([
      client.evaluate({ documentUri: "file:///a.py", source: "echo a", firstLine: 1 }),
      client.evaluate({ documentUri: "file:///b.py", source: "echo b", firstLine: 1 }),
      client.evaluate({ documentUri: "file:///a.py", source: "echo a", firstLine: 1 }),
    ]);
    assert.deepEqual(outcomes.map(display), ["a #1 @1", "b #1 @1", "a #2 @1"]);
  });

  it("interrupts through the shared flag when cancelled, and keeps the session", async () => {
    const abort = new AbortController();
    const pending = client.evaluate({ documentUri: "file:///a.py", source: "loop", firstLine: 1, signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    const outcome = await pending;
    assert.equal(outcome.kind, "completed");
    assert.equal(outcome.kind === "completed" && outcome.stoppedBy, "cancelled");
    assert.equal(outcome.kind === "completed" && outcome.result.interrupted, true);

    // The flag is cleared for the next evaluation, which runs in the same worker and session.
    const next = await client.evaluate({ documentUri: "file:///a.py", source: "echo again", firstLine: 1 });
    assert.equal(display(next), "again #2 @1");
  });

  it("interrupts at the time limit", async () => {
    const outcome = await client.evaluate({ documentUri: "file:///a.py", source: "loop", firstLine: 1, timeLimitMs: 50 });
    assert.equal(outcome.kind === "completed" && outcome.stoppedBy, "timeLimit");
  });

  it("terminates a worker that ignores the interrupt, and starts a fresh one", async () => {
    const started = Date.now();
    const outcome = await client.evaluate({ documentUri: "file:///a.py", source: "hang", firstLine: 1, timeLimitMs: 50 });
    assert.deepEqual(outcome, { kind: "reset", reason: "timeLimit" });
    assert.ok(Date.now() - started >= 300, "waits for the grace period first");
    assert.equal(client.isStarted, false);

    const next = await client.evaluate({ documentUri: "file:///a.py", source: "echo fresh", firstLine: 1 });
    assert.equal(display(next), "fresh #1 @1", "the new worker starts with empty sessions");
  });

  it("resets when cancelled during a hang", async () => {
    const abort = new AbortController();
    const pending = client.evaluate({ documentUri: "file:///a.py", source: "hang", firstLine: 1, signal: abort.signal });
    setTimeout(() => abort.abort(), 20);
    assert.deepEqual(await pending, { kind: "reset", reason: "cancelled" });
  });

  it("skips an evaluation cancelled while it waited for an earlier one", async () => {
    const abort = new AbortController();
    const first = client.evaluate({ documentUri: "file:///a.py", source: "loop", firstLine: 1, timeLimitMs: 100 });
    const second = client.evaluate({ documentUri: "file:///a.py", source: "echo never", firstLine: 1, signal: abort.signal });
    abort.abort();
    assert.equal((await first).kind, "completed");
    assert.deepEqual(await second, { kind: "skipped" });
  });

  it("reports a worker that dies as a reset with its reason", async () => {
    const outcome = await client.evaluate({ documentUri: "file:///a.py", source: "crash", firstLine: 1 });
    assert.equal(outcome.kind, "reset");
    assert.equal(outcome.kind === "reset" && outcome.reason, "crashed");
    assert.match(outcome.kind === "reset" ? outcome.message ?? "" : "", /boom/);
    const next = await client.evaluate({ documentUri: "file:///a.py", source: "echo alive", firstLine: 1 });
    assert.equal(display(next), "alive #1 @1");
  });

  it("passes internal engine failures through without resetting", async () => {
    await client.evaluate({ documentUri: "file:///a.py", source: "echo one", firstLine: 1 });
    const outcome = await client.evaluate({ documentUri: "file:///a.py", source: "fail", firstLine: 1 });
    assert.deepEqual(outcome, { kind: "failed", message: "Error: engine bug\n    at somewhere" });
    const next = await client.evaluate({ documentUri: "file:///a.py", source: "echo three", firstLine: 1 });
    assert.equal(display(next), "three #3 @1");
  });

  it("forgets a document's session on request", async () => {
    await client.evaluate({ documentUri: "file:///a.py", source: "echo one", firstLine: 1 });
    client.disposeSession("file:///a.py");
    const next = await client.evaluate({ documentUri: "file:///a.py", source: "echo two", firstLine: 1 });
    assert.equal(display(next), "two #1 @1");
  });
});
