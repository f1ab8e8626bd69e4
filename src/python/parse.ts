// Parsing with tree-sitter-python (WASM): a maintained grammar that always yields a tree and marks
// broken code with ERROR / MISSING nodes, which become located SyntaxErrors.

import { Language, Node as SyntaxNode, Parser, Tree } from "web-tree-sitter";
import { PyException } from "./errors";

export type { SyntaxNode };

let parser: Parser | null = null;

/** Where to load a WASM file from (a path in Node, a URL in a browser): the host knows, not us. */
export type WasmLocator = (file: "tree-sitter.wasm" | "tree-sitter-python.wasm") => string;

/** Loads the parser once. */
export async function initParser(locate: WasmLocator): Promise<void> {
  if (parser) return;
  await Parser.init({ locateFile: () => locate("tree-sitter.wasm") });
  const language = await Language.load(locate("tree-sitter-python.wasm"));
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
