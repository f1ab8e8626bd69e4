// Node only: where the parser's WASM files are when no folder is given, beside the bundle (dist/)
// or in node_modules when running from sources. The rest of src/python stays free of Node APIs.

import { existsSync } from "node:fs";
import { join } from "node:path";

import type { WasmLocator } from "./parse";

const packageOf: Record<string, string> = {
  "tree-sitter.wasm": "web-tree-sitter",
  "tree-sitter-python.wasm": "tree-sitter-python",
};

export const locateWasmInNode: WasmLocator = (file) => {
  const candidates = [join(__dirname, file), join(__dirname, "../../node_modules", packageOf[file], file)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`cannot find ${file} (looked in ${candidates.join(", ")})`);
  return found;
};
