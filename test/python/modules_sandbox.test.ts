// The sandbox: code cannot reach files, the network or other processes. Blocked modules and
// builtins raise errors that say so, and nothing the code tries leaves a trace on the machine.

import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session } from "../../src/python/session";
import { locateWasmInNode } from "../../src/python/wasm_node";

const NOTE = "(Autograd Lens runs code in a sandbox without file, network or process access)";

describe("sandbox", () => {
  let session: Session;
  before(async () => {
    session = await Session.create({ locateWasm: locateWasmInNode });
  });

  for (const name of ["os", "sys", "subprocess", "socket", "shutil", "pathlib", "requests", "urllib", "importlib", "ctypes", "http", "multiprocessing"]) {
    it(`import ${name} raises ModuleNotFoundError with the reason`, () => {
      assert.equal(session.runCell(`import ${name}`).error, `ModuleNotFoundError: No module named '${name}' ${NOTE}`);
      assert.equal(session.runCell(`from ${name} import anything`).error, `ModuleNotFoundError: No module named '${name}' ${NOTE}`);
      assert.equal(session.runCell(`__import__("${name}")`).error, `ModuleNotFoundError: No module named '${name}' ${NOTE}`);
    });
  }

  it("keeps `except ImportError` fallbacks working", () => {
    const result = session.runCell("try:\n    import os\n    where = 'machine'\nexcept ImportError:\n    where = 'sandbox'\nwhere");
    assert.equal(result.display, "'sandbox'");
  });

  it("refuses the builtins that reach outside, naming each", () => {
    const cases: [string, string][] = [
      ["open('x.txt')", `PermissionError: open() is not available ${NOTE}`],
      ["eval('1 + 1')", `NotImplementedError: eval() is not available ${NOTE}`],
      ["exec('y = 1')", `NotImplementedError: exec() is not available ${NOTE}`],
      ["compile('1', 'f', 'eval')", `NotImplementedError: compile() is not available ${NOTE}`],
      ["breakpoint()", `NotImplementedError: breakpoint() is not available ${NOTE}`],
      ["input('name? ')", "EOFError: EOF when reading a line (Autograd Lens runs code without standard input)"],
    ];
    for (const [code, error] of cases) assert.equal(session.runCell(code).error, error, code);
  });

  it("lets __import__ load the bundled modules", () => {
    assert.equal(session.runCell("__import__('math').sqrt(16.0)").display, "4.0");
    assert.equal(session.runCell("import torch\n__import__('torch.nn') is torch").display, "True");
  });

  it("leaves no file behind whatever the code tries", () => {
    const target = join(tmpdir(), `autograd-lens-sandbox-${process.pid}.txt`);
    rmSync(target, { force: true });
    const attempts = [
      `open(${JSON.stringify(target)}, "w").write("x")`,
      `__import__("os").system("touch ${target}")`,
      `__import__("subprocess").run(["touch", ${JSON.stringify(target)}])`,
      `__import__("pathlib").Path(${JSON.stringify(target)}).write_text("x")`,
      `exec(${JSON.stringify(`open(${JSON.stringify(target)}, "w")`)})`,
      `import shutil\nshutil.copy("/etc/hostname", ${JSON.stringify(target)})`,
      `import numpy as np\nnp.save(${JSON.stringify(target)}, np.zeros(2))`,
    ];
    for (const code of attempts) {
      assert.notEqual(session.runCell(code).error, null, code);
      assert.equal(existsSync(target), false, code);
    }
  });
});
