import * as assert from "node:assert/strict";
import { dedent } from "../../src/extension/selection";

describe("dedent", () => {
  it("removes the indentation all lines share, keeping relative indentation and line count", () => {
    assert.equal(dedent("    for i in range(3):\n        y = y * 2\n\n    y\n"), "for i in range(3):\n    y = y * 2\n\ny\n");
  });

  it("ignores blank lines when measuring indentation", () => {
    assert.equal(dedent("  a = 1\n\n   \n  b = 2"), "a = 1\n\n\nb = 2");
  });

  it("leaves unindented or mixed text alone", () => {
    assert.equal(dedent("a = 1\n    b"), "a = 1\n    b");
    assert.equal(dedent("\tx\n    y"), "\tx\n    y");
    assert.equal(dedent(""), "");
  });
});
