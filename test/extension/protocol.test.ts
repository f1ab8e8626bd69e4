import * as assert from "node:assert/strict";
import { isFromWebviewMessage } from "../../src/protocol";

describe("webview messages", () => {
  it("accepts the messages the webview sends", () => {
    assert.ok(isFromWebviewMessage({ type: "ready" }));
    assert.ok(isFromWebviewMessage({ type: "revealLine", uri: "file:///a.py", line: 3 }));
    assert.ok(isFromWebviewMessage({ type: "revealLine", uri: "file:///a.py", line: 3, column: 5, endLine: 3, endColumn: 9 }));
    assert.ok(isFromWebviewMessage({ type: "export", format: "dot", content: "digraph {}", fileName: "a.dot" }));
  });

  it("rejects anything else", () => {
    for (const value of [null, "ready", {}, { type: "graph" }, { type: "revealLine", uri: "file:///a.py" },
      { type: "revealLine", uri: "file:///a.py", line: 0 }, { type: "revealLine", uri: "file:///a.py", line: 1.5 },
      { type: "revealLine", uri: 3, line: 1 }, { type: "revealLine", uri: "file:///a.py", line: 1, column: 0 },
      { type: "export", format: "png", content: "", fileName: "a.png" }, { type: "export", format: "svg", content: 1, fileName: "a.svg" }]) {
      assert.equal(isFromWebviewMessage(value), false, JSON.stringify(value));
    }
  });
});
