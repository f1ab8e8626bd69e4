// Parsing with tree-sitter-python (WASM): a maintained grammar that always yields a tree and marks
// broken code with ERROR / MISSING nodes, which become located SyntaxErrors.

import { Language, Node as SyntaxNode, Parser, Tree } from "web-tree-sitter";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PyException } from "./errors";

export type { SyntaxNode };

let parser: Parser | null = null;

/** Where the WASM files are: beside the bundle (dist/), or in node_modules when running from sources. */
const packageOf: Record<string, string> = {
  "tree-sitter.wasm": "web-tree-sitter",
  "tree-sitter-python.wasm": "tree-sitter-python",
};

function locateWasm(file: string, wasmDir?: string): string {
  const candidates = [
    wasmDir && join(wasmDir, file),
    join(__dirname, file),
    join(__dirname, "../../node_modules", packageOf[file], file),
  ];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new Error(`cannot find ${file} (looked in ${candidates.filter(Boolean).join(", ")})`);
  return found;
}

export async function initParser(wasmDir?: string): Promise<void> {
  if (parser) return;
  await Parser.init({ locateFile: () => locateWasm("tree-sitter.wasm", wasmDir) });
  const language = await Language.load(locateWasm("tree-sitter-python.wasm", wasmDir));
  const next = new Parser();
  next.setLanguage(language);
  parser = next;
}

export function parse(source: string): Tree {
  if (!parser) throw new Error("initParser() must finish before parse()");
  const tree = parser.parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree");
  return tree;
}

/**
 * The first broken spot as CPython reports it: "(<unknown>, line N)" counts lines within the cell,
 * as `ast.parse` does; the location is in document lines.
 */
export function findSyntaxError(tree: Tree, lineOffset: number): PyException | null {
  if (!tree.rootNode.hasError) return null;
  const broken = firstBroken(tree.rootNode);
  if (!broken) return null;
  const cellLine = broken.startPosition.row + 1;
  const unclosed = broken.isMissing && /^[)\]}]$/.test(broken.type)
    && tree.rootNode.text.slice(broken.startIndex).trim() === "";
  const message = unclosed ? `'${opener(broken.type)}' was never closed` : "invalid syntax";
  return new PyException("SyntaxError", `${message} (<unknown>, line ${cellLine})`, {
    line: cellLine + lineOffset,
    column: broken.startPosition.column + 1,
  });
}

function opener(closer: string): string {
  return closer === ")" ? "(" : closer === "]" ? "[" : "{";
}

function firstBroken(node: SyntaxNode): SyntaxNode | null {
  if (node.isMissing || node.type === "ERROR") return node;
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) {
      const found = firstBroken(child);
      if (found) return found;
    }
  }
  return null;
}
