// A notebook cell's outputs in Jupyter's form, checked against what real PyTorch printed for seed
// notebook 003 (../shared/seeds/expected), each cell run in one session as the controller does.

import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
// The interpreter first: the extension modules below import parts of it.
import { Session } from "../../src/python/session";
import { notebookOutputs } from "../../src/extension/notebookOutputs";
import { locateWasmInNode } from "../../src/python/wasm_node";
import type { CellResult } from "../../src/result";

interface SeedCell { stdout: string; display: string | null; error: string | null; warnings: string[] }

const SEED = path.join(__dirname, "..", "..", "..", "shared", "seeds", "expected", "003_b1a40489895e8380.json");

describe("notebookOutputs", function () {
  this.timeout(120_000);

  it("gives each seed 003 cell the outputs PyTorch printed", async () => {
    const seed = JSON.parse(readFileSync(SEED, "utf8")) as { cells: string[]; expected: SeedCell[] };
    const session = await Session.create({ locateWasm: locateWasmInNode });
    seed.cells.forEach((source, index) => {
      const cell = session.evaluate(source, { firstLine: 1 }).cells[0];
      assert.deepEqual(notebookOutputs(cell), notebookOutputs({ ...seed.expected[index] }), `cell ${index + 1}:\n${source}`);
    });
  });

  it("orders stdout, warnings on stderr, the display value, then the error", () => {
    const cell: CellResult = {
      stdout: "tensor(2.)\n", display: "tensor(4.)", error: null,
      warnings: ["UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being accessed."],
    };
    assert.deepEqual(notebookOutputs(cell), [
      { kind: "stdout", text: "tensor(2.)\n" },
      { kind: "stderr", text: "UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being accessed.\n" },
      { kind: "display", text: "tensor(4.)" },
    ]);
  });

  it("splits an error into Jupyter's name and message, naming the cell line", () => {
    const cell: CellResult = {
      stdout: "", display: null, warnings: [], errorLocation: { line: 2, column: 1 },
      error: "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn",
    };
    assert.deepEqual(notebookOutputs(cell), [{
      kind: "error", name: "RuntimeError", message: "element 0 of tensors does not require grad and does not have a grad_fn",
      stack: "Cell line 2\nRuntimeError: element 0 of tensors does not require grad and does not have a grad_fn",
    }]);
    assert.deepEqual(notebookOutputs({ stdout: "", display: null, warnings: [], error: "KeyboardInterrupt" }),
      [{ kind: "error", name: "KeyboardInterrupt", message: "", stack: "KeyboardInterrupt" }]);
  });
});
