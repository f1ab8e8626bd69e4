import * as assert from "node:assert/strict";
import { isFromWebviewMessage } from "../../src/protocol";

describe("webview messages", () => {
  it("accepts the messages the webview sends", () => {
    assert.ok(isFromWebviewMessage({ type: "ready" }));
    assert.ok(isFromWebviewMessage({ type: "revealLine", uri: "file:///a.py", line: 3 }));
  });

  it("rejects anything else", () => {
    for (const value of [null, "ready", {}, { type: "graph" }, { type: "revealLine", uri: "file:///a.py" },
      { type: "revealLine", uri: "file:///a.py", line: 0 }, { type: "revealLine", uri: "file:///a.py", line: 1.5 },
      { type: "revealLine", uri: 3, line: 1 }]) {
      assert.equal(isFromWebviewMessage(value), false, JSON.stringify(value));
    }
  });
});
