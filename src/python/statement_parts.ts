// The pieces of compound statements, read off the syntax tree once for both statement compilers
// (ordinary closures and generator bodies), so each knows the grammar's shapes in one place.

import type { SyntaxNode } from "./parse";

export interface ExceptClause {
  /** The class (or tuple) matched; null for a bare `except:`. */
  type: SyntaxNode | null;
  /** The name bound by `as`. */
  alias: SyntaxNode | null;
  block: SyntaxNode | null;
}

export interface TryParts {
  handlers: ExceptClause[];
  orelse: SyntaxNode | null;
  final: SyntaxNode | null;
}

function childOfType(node: SyntaxNode, type: string): SyntaxNode | null {
  return node.namedChildren.find((c) => c?.type === type) ?? null;
}

export function tryParts(node: SyntaxNode): TryParts {
  const handlers = node.namedChildren.filter((c) => c?.type === "except_clause").map((clause) => {
    const value = clause!.childForFieldName("value");
    const aliased = value?.type === "as_pattern";
    return {
      type: aliased ? value.namedChildren[0]! : value,
      alias: aliased ? value.childForFieldName("alias")!.namedChildren[0]! : null,
      block: childOfType(clause!, "block"),
    };
  });
  const elseClause = childOfType(node, "else_clause");
  const finallyClause = childOfType(node, "finally_clause");
  return {
    handlers,
    orelse: elseClause?.childForFieldName("body") ?? null,
    final: finallyClause ? childOfType(finallyClause, "block") : null,
  };
}

/** `with a as b, c:` → the managers in order, each with the target `as` binds. */
export function withItems(node: SyntaxNode): { manager: SyntaxNode; alias: SyntaxNode | null }[] {
  const clause = childOfType(node, "with_clause")!;
  return clause.namedChildren.filter((c) => c?.type === "with_item").map((item) => {
    const value = item!.childForFieldName("value")!;
    return value.type === "as_pattern"
      ? { manager: value.namedChildren[0]!, alias: value.childForFieldName("alias")!.namedChildren[0]! }
      : { manager: value, alias: null };
  });
}
