// Generator functions: a body containing `yield` compiles to a JS generator, so each `yield`
// suspends the Python frame. Statements without a yield inside reuse the ordinary closures.

import type { SourceLocation } from "../result";
import type { Expr, Assign } from "./compile_expr";
import { PyException, toPyException } from "./errors";
import type { SyntaxNode } from "./parse";
import { iterate, truthy } from "./protocols";
import type { Runtime } from "./runtime";
import type { Scope } from "./scope";
import { enterContext } from "./context_managers";
import { tryParts, withItems } from "./statement_parts";
import { STOP, Value } from "./values";

/** What a compiled statement returns: 0 fell through, 1 return, 2 break, 3 continue. */
type Completion = number;
export type GeneratorStatement = (s: Scope) => Generator<Value, Completion, Value>;

const NORMAL = 0;
const RETURN = 1;
const BREAK = 2;

/** The parts of the statement compiler a generator body needs. */
export interface GeneratorHost {
  runtime: Runtime;
  expr(node: SyntaxNode): Expr;
  target(node: SyntaxNode): Assign;
  location(node: SyntaxNode): SourceLocation;
  /** An ordinary statement (no yield inside), with its location attached to errors. */
  statement(node: SyntaxNode): (s: Scope) => Completion;
  /** Matches an exception against an `except` clause's class (or tuple of classes). */
  exceptionMatches(exception: PyException, matcher: Value): boolean;
  exceptionValue(exception: PyException): Value;
  locate(error: unknown, location: SourceLocation): PyException;
}

const nestedScopes = new Set(["function_definition", "class_definition", "lambda"]);

/** Whether `node` yields in its own frame (not inside a nested function or class). */
export function containsYield(node: SyntaxNode): boolean {
  if (node.type === "yield") return true;
  for (const child of node.namedChildren) {
    if (child && !nestedScopes.has(child.type) && containsYield(child)) return true;
  }
  return false;
}

export function compileGeneratorBody(host: GeneratorHost, block: SyntaxNode): GeneratorStatement {
  return new GeneratorCompiler(host).block(block.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== "comment"));
}

class GeneratorCompiler {
  constructor(private readonly host: GeneratorHost) {}

  block(nodes: readonly SyntaxNode[]): GeneratorStatement {
    const statements = nodes.map((n) => this.statement(n));
    return function* (s) {
      for (const statement of statements) {
        const completion = yield* statement(s);
        if (completion !== NORMAL) return completion;
      }
      return NORMAL;
    };
  }

  private body(node: SyntaxNode | null): GeneratorStatement {
    return this.block(node ? node.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== "comment") : []);
  }

  private statement(node: SyntaxNode): GeneratorStatement {
    if (!containsYield(node)) {
      const plain = this.host.statement(node);
      return function* (s) {
        return plain(s);
      };
    }
    const located = this.located(this.yielding(node), this.host.location(node));
    return located;
  }

  private located(statement: GeneratorStatement, location: SourceLocation): GeneratorStatement {
    const locate = this.host.locate;
    return function* (s) {
      try {
        return yield* statement(s);
      } catch (error) {
        throw locate(error, location);
      }
    };
  }

  private yielding(node: SyntaxNode): GeneratorStatement {
    switch (node.type) {
      case "expression_statement": return this.expressionStatement(node);
      case "if_statement": return this.ifStatement(node);
      case "for_statement": return this.forStatement(node);
      case "while_statement": return this.whileStatement(node);
      case "try_statement": return this.tryStatement(node);
      case "with_statement": return this.withStatement(node);
    }
    throw new PyException("SyntaxError", `Autograd Lens does not support 'yield' inside a ${node.type.replace(/_/g, " ")} yet`, this.host.location(node));
  }

  /** `yield x`, `yield from xs`, `v = yield x`: the forms a yield takes as a statement. */
  private expressionStatement(node: SyntaxNode): GeneratorStatement {
    const child = node.namedChildren[0]!;
    if (child.type === "yield") {
      const value = this.yieldExpression(child);
      return function* (s) {
        yield* value(s);
        return NORMAL;
      };
    }
    if (child.type === "assignment" && child.childForFieldName("right")?.type === "yield") {
      const assign = this.host.target(child.childForFieldName("left")!);
      const value = this.yieldExpression(child.childForFieldName("right")!);
      return function* (s) {
        assign(s, (yield* value(s)) as Value);
        return NORMAL;
      };
    }
    throw new PyException("SyntaxError", "Autograd Lens supports 'yield' only as a statement or the right side of an assignment", this.host.location(node));
  }

  /** Returns the value sent in (None for plain iteration) as its completion. */
  private yieldExpression(node: SyntaxNode): (s: Scope) => Generator<Value, Value, Value> {
    const delegate = node.children.some((c) => c?.type === "from");
    const operand = node.namedChildren[0] ? this.host.expr(node.namedChildren[0]) : null;
    if (delegate) {
      const runtime = this.host.runtime;
      return function* (s) {
        const next = iterate(operand!(s));
        for (let item = next(); item !== STOP; item = next()) {
          runtime.tick();
          yield item;
        }
        return null;
      };
    }
    return function* (s) {
      const sent = yield operand ? operand(s) : null;
      return sent ?? null;
    };
  }

  private ifStatement(node: SyntaxNode): GeneratorStatement {
    const branches: [Expr, GeneratorStatement][] = [[this.host.expr(node.childForFieldName("condition")!), this.body(node.childForFieldName("consequence"))]];
    let orelse: GeneratorStatement | null = null;
    for (const alternative of node.childrenForFieldName("alternative")) {
      if (!alternative) continue;
      if (alternative.type === "elif_clause") {
        branches.push([this.host.expr(alternative.childForFieldName("condition")!), this.body(alternative.childForFieldName("consequence"))]);
      } else {
        orelse = this.body(alternative.childForFieldName("body"));
      }
    }
    return function* (s) {
      for (const [test, body] of branches) if (truthy(test(s))) return yield* body(s);
      return orelse ? yield* orelse(s) : NORMAL;
    };
  }

  private forStatement(node: SyntaxNode): GeneratorStatement {
    const target = this.host.target(node.childForFieldName("left")!);
    const iterable = this.host.expr(node.childForFieldName("right")!);
    const body = this.body(node.childForFieldName("body"));
    const alternative = node.childForFieldName("alternative");
    const orelse = alternative ? this.body(alternative.childForFieldName("body")) : null;
    const runtime = this.host.runtime;
    return function* (s) {
      const next = iterate(iterable(s));
      for (let item = next(); item !== STOP; item = next()) {
        runtime.tick();
        target(s, item);
        const completion = yield* body(s);
        if (completion === BREAK) return NORMAL;
        if (completion === RETURN) return RETURN;
      }
      return orelse ? yield* orelse(s) : NORMAL;
    };
  }

  private whileStatement(node: SyntaxNode): GeneratorStatement {
    const condition = this.host.expr(node.childForFieldName("condition")!);
    const body = this.body(node.childForFieldName("body"));
    const alternative = node.childForFieldName("alternative");
    const orelse = alternative ? this.body(alternative.childForFieldName("body")) : null;
    const runtime = this.host.runtime;
    return function* (s) {
      while (truthy(condition(s))) {
        runtime.tick();
        const completion = yield* body(s);
        if (completion === BREAK) return NORMAL;
        if (completion === RETURN) return RETURN;
      }
      return orelse ? yield* orelse(s) : NORMAL;
    };
  }

  private tryStatement(node: SyntaxNode): GeneratorStatement {
    const host = this.host;
    const body = this.body(node.childForFieldName("body"));
    const parts = tryParts(node);
    const handlers = parts.handlers.map((clause) => ({
      matches: clause.type ? host.expr(clause.type) : null,
      alias: clause.alias ? host.target(clause.alias) : null,
      body: this.body(clause.block),
    }));
    const orelse = parts.orelse ? this.body(parts.orelse) : null;
    const final = parts.final ? this.body(parts.final) : null;
    return function* (s) {
      try {
        let completion: Completion;
        try {
          completion = yield* body(s);
        } catch (error) {
          const exception = toPyException(error);
          const handler = handlers.find((h) => !h.matches || host.exceptionMatches(exception, h.matches(s)));
          if (!handler) throw exception;
          handler.alias?.(s, host.exceptionValue(exception));
          return yield* handler.body(s);
        }
        return completion === NORMAL && orelse ? yield* orelse(s) : completion;
      } finally {
        if (final) yield* final(s);
      }
    };
  }

  private withStatement(node: SyntaxNode): GeneratorStatement {
    const items = withItems(node).map(({ manager, alias }) => ({ manager: this.host.expr(manager), alias: alias && this.host.target(alias) }));
    const body = this.body(node.childForFieldName("body"));
    const run = function* (s: Scope, index: number): Generator<Value, Completion, Value> {
      if (index === items.length) return yield* body(s);
      const { manager, alias } = items[index];
      const context = enterContext(manager(s));
      alias?.(s, context.value);
      let completion: Completion;
      try {
        completion = yield* run(s, index + 1);
      } catch (error) {
        const exception = toPyException(error);
        if (!context.exit(exception)) throw exception;
        return NORMAL;
      }
      context.exit(null);
      return completion;
    };
    return (s) => run(s, 0);
  }
}
