import * as assert from "node:assert/strict";
import { ResultStore } from "../../src/extension/resultStore";
import type { EvaluationResult } from "../../src/result";

function result(display: string): EvaluationResult {
  return { cells: [{ stdout: "", display, error: null, warnings: [] }], variables: [], graph: { nodes: [] }, events: [], elapsedMs: 1, interrupted: false };
}

const a = { uri: "file:///a.py", name: "a.py" };
const b = { uri: "file:///b.py", name: "b.py" };

describe("ResultStore", () => {
  it("keeps the last result per document and the latest overall", () => {
    const store = new ResultStore();
    assert.equal(store.latest, undefined);
    store.set(a, result("1"));
    store.set(b, result("2"));
    store.set(a, result("3"));
    assert.equal(store.get(a.uri)?.cells[0].display, "3");
    assert.equal(store.get(b.uri)?.cells[0].display, "2");
    assert.deepEqual(store.latest, { document: a, result: result("3") });
  });

  it("falls back to the previous document when the latest is forgotten", () => {
    const store = new ResultStore();
    store.set(a, result("1"));
    store.set(b, result("2"));
    store.delete(b.uri);
    assert.equal(store.get(b.uri), undefined);
    assert.equal(store.latest?.document, a);
    store.clear();
    assert.equal(store.latest, undefined);
    assert.equal(store.get(a.uri), undefined);
  });

  it("notifies listeners of changes only, until they unsubscribe", () => {
    const store = new ResultStore();
    let changes = 0;
    const subscription = store.onDidChange(() => changes++);
    store.set(a, result("1"));
    store.delete("file:///unknown.py");
    store.delete(a.uri);
    store.clear();
    assert.equal(changes, 2);
    subscription.dispose();
    store.set(a, result("2"));
    assert.equal(changes, 2);
  });
});
