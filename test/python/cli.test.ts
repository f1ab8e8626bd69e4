// The CLI contract terminal users and conformance tools rely on: `autograd-lens run [--json] FILE`.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "../..");

function cli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(root, "src/cli.ts"), ...args], {
    cwd: root, input, encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "autograd-lens-")), name);
  writeFileSync(path, text);
  return path;
}

const fourCells = "import torch\nx = torch.tensor(3.0, requires_grad=True)\n# %%\ny = x**2\n# %%\ny.backward()\n# %%\nx.grad\n";

describe("CLI", () => {
  it("prints one JSON object per # %% cell, running them in one namespace", () => {
    const { status, stdout } = cli(["run", "--json", tempFile("cells.py", fourCells)]);
    assert.equal(status, 0);
    const cells = JSON.parse(stdout);
    assert.equal(cells.length, 4);
    assert.deepEqual(cells[3], { stdout: "", display: "tensor(6.)", error: null, warnings: [] });
  });

  it("keeps going after a cell raises, and exits 0", () => {
    const { status, stdout } = cli(["run", "--json", "-"], "1/0\n# %%\nprint('after')\n");
    assert.equal(status, 0);
    const [failed, after] = JSON.parse(stdout);
    assert.equal(failed.error, "ZeroDivisionError: division by zero");
    assert.equal(after.stdout, "after\n");
  });

  it("treats a file without # %% lines as one cell, and reads notebooks' code cells", () => {
    const single = JSON.parse(cli(["run", "--json", tempFile("one.py", "a = 2\nb = a * 3\nb\n")]).stdout);
    assert.deepEqual(single.map((c: { display: string }) => c.display), ["6"]);
    const notebook = JSON.stringify({
      cells: [
        { cell_type: "code", source: ["x = 4\n", "x * 2"] },
        { cell_type: "markdown", source: "# not code" },
        { cell_type: "code", source: "print(x)" },
      ],
    });
    const cells = JSON.parse(cli(["run", "--json", tempFile("n.ipynb", notebook)]).stdout);
    assert.deepEqual(cells.map((c: { display: string; stdout: string }) => [c.display, c.stdout]), [["8", ""], [null, "4\n"]]);
  });

  it("prints like a Jupyter console without --json", () => {
    const { stdout } = cli(["run", tempFile("cells.py", fourCells)]);
    assert.match(stdout, /Out\[4\]: tensor\(6\.\)/);
  });

  it("exits 2 with one line on stderr for bad arguments or an unreadable file", () => {
    for (const args of [[], ["run"], ["frobnicate", "x.py"], ["run", "--fast", "x.py"], ["run", "/no/such/file.py"]]) {
      const { status, stderr } = cli(args);
      assert.equal(status, 2, `args ${args.join(" ")}`);
      assert.equal(stderr.trim().split("\n").length, 1);
    }
  });

  it("answers --help and --version", () => {
    assert.match(cli(["--help"]).stdout, /usage: autograd-lens run \[--json\] FILE/);
    assert.match(cli(["--version"]).stdout, /^autograd-lens \d+\.\d+\.\d+\n$/);
  });
});
