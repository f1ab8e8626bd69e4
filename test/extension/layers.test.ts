// The engine and the interpreter are plain TypeScript: no vscode anywhere, and no Node API outside
// the one module that finds the parser's WASM files in Node, so they also run in a browser.

import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(__dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]);
}

describe("layers", () => {
  for (const layer of ["src/engine", "src/python"]) {
    it(`${layer} imports neither vscode nor the extension, and Node only where allowed`, () => {
      const offenders = sources(join(root, layer)).flatMap((file) => imports(file)
        .filter((spec) => spec === "vscode" || spec.includes("/extension") || spec.includes("/worker")
          || (spec.startsWith("node:") && !file.endsWith("wasm_node.ts")))
        .map((spec) => `${relative(root, file)} imports ${spec}`));
      assert.deepEqual(offenders, []);
    });
  }

  it("src/engine does not depend on the interpreter", () => {
    const offenders = sources(join(root, "src/engine")).flatMap((file) =>
      imports(file).filter((spec) => spec.includes("/python")).map((spec) => `${relative(root, file)} imports ${spec}`));
    assert.deepEqual(offenders, []);
  });
});
