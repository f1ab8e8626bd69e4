import * as assert from "node:assert/strict";
import { revealRange, selectedLines } from "../../src/extension/reveal";

describe("revealing a node's source", () => {
  const lines = ["import torch", "y = x**2  # square", "z = torch.sin(y)"];

  it("selects from the node's column to the end of the code on its line", () => {
    assert.deepEqual(revealRange(lines, { line: 2, column: 5 }), { startLine: 1, startCharacter: 4, endLine: 1, endCharacter: 8 });
  });

  it("selects exactly the expression when its end is known", () => {
    assert.deepEqual(revealRange(lines, { line: 3, column: 5, endLine: 3, endColumn: 17 }), { startLine: 2, startCharacter: 4, endLine: 2, endCharacter: 16 });
  });

  it("selects the line's code without a column, and clamps lines past the end", () => {
    assert.deepEqual(revealRange(lines, { line: 9 }), { startLine: 2, startCharacter: 0, endLine: 2, endCharacter: 16 });
  });

  it("lists the lines the editor's selections cover", () => {
    assert.deepEqual(selectedLines([{ start: 3, end: 1 + 3 }, { start: 0, end: 0 }]), [1, 4, 5]);
  });
});
