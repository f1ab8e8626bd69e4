// Which names a function body binds (its locals), found once before compiling it.

import type { SyntaxNode } from "./parse";

export interface ScopeInfo {
  kind: "module" | "function";
  locals: Set<string>;
  globals: Set<string>;
  nonlocals: Set<string>;
}

export function moduleScope(): ScopeInfo {
  return { kind: "module", locals: new Set(), globals: new Set(), nonlocals: new Set() };
}

/** Names bound by a target pattern (`a`, `a, (b, *c)`, `[x, y]`); attributes and subscripts bind none. */
export function targetNames(node: SyntaxNode, into: Set<string>): void {
  switch (node.type) {
    case "identifier": into.add(node.text); return;
    case "pattern_list": case "tuple_pattern": case "list_pattern": case "tuple": case "list":
    case "list_splat_pattern": case "parenthesized_expression": case "expression_list":
      for (const child of node.namedChildren) if (child) targetNames(child, into);
  }
}

const nestedScopes = new Set(["function_definition", "class_definition", "lambda", "list_comprehension",
  "dictionary_comprehension", "set_comprehension", "generator_expression"]);

export function functionScope(parameterNames: readonly string[], body: SyntaxNode): ScopeInfo {
  const info: ScopeInfo = { kind: "function", locals: new Set(parameterNames), globals: new Set(), nonlocals: new Set() };
  const visit = (node: SyntaxNode): void => {
    switch (node.type) {
      case "function_definition": case "class_definition":
        info.locals.add(node.childForFieldName("name")!.text);
        return;
      case "assignment": case "augmented_assignment": case "for_statement": case "for_in_clause":
        targetNames(node.childForFieldName("left")!, info.locals);
        break;
      case "as_pattern_target": targetNames(node.namedChildren[0]!, info.locals); break;
      case "named_expression": info.locals.add(node.childForFieldName("name")!.text); break;
      case "import_statement": case "import_from_statement":
        for (const name of node.childrenForFieldName("name")) {
          if (!name) continue;
          const alias = name.type === "aliased_import" ? name.childForFieldName("alias")! : name;
          info.locals.add(alias.type === "dotted_name" ? alias.namedChildren[0]!.text : alias.text);
        }
        return;
      case "global_statement":
        for (const n of node.namedChildren) if (n) info.globals.add(n.text);
        return;
      case "nonlocal_statement":
        for (const n of node.namedChildren) if (n) info.nonlocals.add(n.text);
        return;
    }
    if (nestedScopes.has(node.type) && node !== body) return;
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(body);
  for (const name of [...info.globals, ...info.nonlocals]) info.locals.delete(name);
  return info;
}
