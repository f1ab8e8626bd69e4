// Statements → closures, and a whole cell → one runnable program.

import type { SourceLocation } from "../result";
import { callMethod, getAttribute, hasInPlaceMethod } from "./attributes";
import { callValue, evaluateDefaults, Expr, ExpressionCompiler } from "./compile_expr";
import { PyException, toPyException, typeError } from "./errors";
import { PyFunction, RETURN } from "./functions";
import { enterContext, ExitContext } from "./context_managers";
import { importModule } from "./modules/registry";
import { binaryOp, BinaryOperator } from "./operators";
import type { SyntaxNode } from "./parse";
import { getItem, iterate, setItem, truthy } from "./protocols";
import { str } from "./repr";
import type { Runtime } from "./runtime";
import { Scope } from "./scope";
import { functionScope, moduleScope } from "./scope_analysis";
import { PyExceptionType, PyExceptionValue, PyTuple, STOP, Value } from "./values";
import { exceptionTypes } from "./exceptions";
import { createClass } from "./class_creation";
import { tryParts, withItems } from "./statement_parts";
import { compileGeneratorBody, containsYield, GeneratorHost } from "./compile_generator";
import { generatorFunctionBody } from "./functions";
import { setCurrentSite } from "../engine";

/** 0: fell through; RETURN; BREAK; CONTINUE. */
type Completion = number;
type Stmt = (s: Scope) => Completion;
const NORMAL = 0;
const BREAK = 2;
const CONTINUE = 3;

export interface CompiledCell {
  run: (s: Scope) => void;
  /** The trailing bare expression Jupyter displays, if the cell ends with one. */
  display: Expr | null;
}

export class Compiler extends ExpressionCompiler {
  constructor(runtime: Runtime, lineOffset: number) {
    super(runtime, moduleScope(), lineOffset);
  }

  cell(root: SyntaxNode): CompiledCell {
    const statements = root.namedChildren.filter((c) => c && c.type !== "comment").map((c) => c!);
    const last = statements[statements.length - 1];
    // Jupyter shows a trailing expression unless a `;` ends the line.
    const silenced = last !== undefined && last.nextSibling?.type === ";";
    const displayed = last && isBareExpression(last) && !silenced ? last : null;
    const body = this.block(displayed ? statements.slice(0, -1) : statements);
    const display = displayed ? this.located(this.displayExpression(displayed), this.location(displayed)) : null;
    return { run: (s) => void body(s), display };
  }

  private displayExpression(node: SyntaxNode): Expr {
    const children = node.namedChildren.filter((c) => c && c.type !== "comment").map((c) => c!);
    if (children.length === 1) return this.expr(children[0]);
    const items = children.map((c) => this.expr(c));
    return (s) => new PyTuple(items.map((i) => i(s)));
  }

  private located<T extends (s: Scope) => unknown>(f: T, location: SourceLocation): T {
    return ((s: Scope) => {
      try {
        return f(s);
      } catch (error) {
        throw locate(error, location);
      }
    }) as T;
  }

  block(nodes: readonly SyntaxNode[]): Stmt {
    const statements = nodes.filter((n) => n.type !== "comment").map((n) => this.located(this.statement(n), this.location(n)));
    if (statements.length === 1) return statements[0];
    return (s) => {
      for (let i = 0; i < statements.length; i++) {
        const completion = statements[i](s);
        if (completion !== NORMAL) return completion;
      }
      return NORMAL;
    };
  }

  private body(node: SyntaxNode | null): Stmt {
    if (!node) return () => NORMAL;
    return this.block(node.namedChildren.filter((c) => c !== null) as SyntaxNode[]);
  }

  private statement(node: SyntaxNode): Stmt {
    switch (node.type) {
      case "expression_statement": return this.expressionStatement(node);
      case "pass_statement": return () => NORMAL;
      case "break_statement": return () => BREAK;
      case "continue_statement": return () => CONTINUE;
      case "return_statement": {
        const value = node.namedChildren[0] ? this.returnValue(node) : null;
        return (s) => {
          s.returnValue = value ? value(s) : null;
          return RETURN;
        };
      }
      case "if_statement": return this.ifStatement(node);
      case "for_statement": return this.forStatement(node);
      case "while_statement": return this.whileStatement(node);
      case "function_definition": return this.functionDefinition(node, []);
      case "decorated_definition": return this.decorated(node);
      case "class_definition": return this.classDefinition(node, []);
      case "import_statement": return this.importStatement(node);
      case "import_from_statement": return this.importFrom(node);
      case "with_statement": return this.withStatement(node);
      case "try_statement": return this.tryStatement(node);
      case "raise_statement": return this.raiseStatement(node);
      case "assert_statement": return this.assertStatement(node);
      case "delete_statement": return this.deleteStatement(node);
      case "global_statement": case "nonlocal_statement": return () => NORMAL;
    }
    throw new PyException("SyntaxError", `Autograd Lens does not support '${node.type.replace(/_/g, " ")}' yet`, this.location(node));
  }

  private returnValue(node: SyntaxNode): Expr {
    const children = node.namedChildren.filter((c) => c !== null) as SyntaxNode[];
    if (children.length === 1) return this.expr(children[0]);
    const items = children.map((c) => this.expr(c));
    return (s) => new PyTuple(items.map((i) => i(s)));
  }

  private expressionStatement(node: SyntaxNode): Stmt {
    const children = node.namedChildren.filter((c) => c && c.type !== "comment").map((c) => c!);
    const first = children[0];
    if (children.length === 1 && first.type === "assignment") return this.assignment(first);
    if (children.length === 1 && first.type === "augmented_assignment") return this.augmentedAssignment(first);
    const value = this.displayExpression(node);
    return (s) => {
      value(s);
      return NORMAL;
    };
  }

  private assignment(node: SyntaxNode): Stmt {
    const targets: SyntaxNode[] = [];
    let current: SyntaxNode = node;
    while (current.type === "assignment" && current.childForFieldName("right")) {
      targets.push(current.childForFieldName("left")!);
      current = current.childForFieldName("right")!;
    }
    if (current.type === "assignment") return () => NORMAL; // an annotation without a value: `x: int`
    const value = this.expr(current);
    const assigns = targets.map((t) => this.target(t));
    if (assigns.length === 1) {
      const assign = assigns[0];
      return (s) => {
        assign(s, value(s));
        return NORMAL;
      };
    }
    return (s) => {
      const v = value(s);
      for (const assign of assigns) assign(s, v);
      return NORMAL;
    };
  }

  /** `x += y`: in place where the object supports it (tensors, lists), rebinding otherwise. */
  private augmentedAssignment(node: SyntaxNode): Stmt {
    const targetNode = node.childForFieldName("left")!;
    const op = node.childForFieldName("operator")!.type.slice(0, -1) as BinaryOperator;
    const right = this.expr(node.childForFieldName("right")!);
    const site = this.location(node);
    const combine = (current: Value, value: Value): Value => {
      setCurrentSite(site);
      return inPlaceOperation(op, current, value);
    };
    if (targetNode.type === "attribute") {
      const object = this.expr(targetNode.childForFieldName("object")!);
      const name = targetNode.childForFieldName("attribute")!.text;
      const assign = this.target(targetNode);
      return (s) => {
        const o = object(s);
        const result = combine(getAttribute(o, name), right(s));
        assign(s, result);
        return NORMAL;
      };
    }
    if (targetNode.type === "subscript") {
      const object = this.expr(targetNode.childForFieldName("value")!);
      const index = this.subscriptIndex(targetNode);
      return (s) => {
        const o = object(s);
        const i = index(s);
        setItem(o, i, combine(getItem(o, i), right(s)));
        return NORMAL;
      };
    }
    const read = this.expr(targetNode);
    const assign = this.target(targetNode);
    return (s) => {
      assign(s, combine(read(s), right(s)));
      return NORMAL;
    };
  }

  private ifStatement(node: SyntaxNode): Stmt {
    const branches: [Expr, Stmt][] = [[this.expr(node.childForFieldName("condition")!), this.body(node.childForFieldName("consequence"))]];
    let orelse: Stmt = () => NORMAL;
    for (const alternative of node.childrenForFieldName("alternative")) {
      if (!alternative) continue;
      if (alternative.type === "elif_clause") {
        branches.push([this.expr(alternative.childForFieldName("condition")!), this.body(alternative.childForFieldName("consequence"))]);
      } else {
        orelse = this.body(alternative.childForFieldName("body"));
      }
    }
    return (s) => {
      for (const [test, body] of branches) if (truthy(test(s))) return body(s);
      return orelse(s);
    };
  }

  private forStatement(node: SyntaxNode): Stmt {
    const target = this.target(node.childForFieldName("left")!);
    const iterable = this.expr(node.childForFieldName("right")!);
    const body = this.body(node.childForFieldName("body"));
    const alternative = node.childForFieldName("alternative");
    const orelse = alternative ? this.body(alternative.childForFieldName("body")) : null;
    const runtime = this.runtime;
    return (s) => {
      const next = iterate(iterable(s));
      for (let item = next(); item !== STOP; item = next()) {
        runtime.tick();
        target(s, item);
        const completion = body(s);
        if (completion === BREAK) return NORMAL;
        if (completion === RETURN) return RETURN;
      }
      return orelse ? orelse(s) : NORMAL;
    };
  }

  private whileStatement(node: SyntaxNode): Stmt {
    const condition = this.expr(node.childForFieldName("condition")!);
    const body = this.body(node.childForFieldName("body"));
    const alternative = node.childForFieldName("alternative");
    const orelse = alternative ? this.body(alternative.childForFieldName("body")) : null;
    const runtime = this.runtime;
    return (s) => {
      while (truthy(condition(s))) {
        runtime.tick();
        const completion = body(s);
        if (completion === BREAK) return NORMAL;
        if (completion === RETURN) return RETURN;
      }
      return orelse ? orelse(s) : NORMAL;
    };
  }

  private functionDefinition(node: SyntaxNode, decorators: Expr[]): Stmt {
    const name = node.childForFieldName("name")!.text;
    const { params, defaults } = this.parameters(node.childForFieldName("parameters"));
    const bodyNode = node.childForFieldName("body")!;
    const allNames = [...params.names, ...(params.varArgs ? [params.varArgs] : []), ...(params.varKwargs ? [params.varKwargs] : [])];
    const isGenerator = containsYield(bodyNode);
    const body = this.withScope(functionScope(allNames, bodyNode), () =>
      isGenerator ? generatorFunctionBody(compileGeneratorBody(this.generatorHost(), bodyNode), name) : this.body(bodyNode));
    const bind = this.nameTarget(name);
    const runtime = this.runtime;
    return (s) => {
      const decoratorValues = decorators.map((d) => d(s));
      let f: Value = new PyFunction(name, params, evaluateDefaults(defaults, s), body, s, runtime, isGenerator);
      for (let i = decoratorValues.length - 1; i >= 0; i--) f = callValue(decoratorValues[i], [f], null);
      bind(s, f);
      return NORMAL;
    };
  }

  private generatorHost(): GeneratorHost {
    return {
      runtime: this.runtime,
      expr: (node) => this.expr(node),
      target: (node) => this.target(node),
      location: (node) => this.location(node),
      statement: (node) => this.located(this.statement(node), this.location(node)),
      exceptionMatches,
      exceptionValue,
      locate,
    };
  }

  private decorated(node: SyntaxNode): Stmt {
    const decorators = node.namedChildren.filter((c) => c?.type === "decorator").map((d) => this.expr(d!.namedChildren[0]!));
    const definition = node.childForFieldName("definition")!;
    return definition.type === "class_definition"
      ? this.classDefinition(definition, decorators)
      : this.functionDefinition(definition, decorators);
  }

  /**
   * `class Name(bases): body`: the body runs once in its own scope, whose names become the class
   * dict; functions defined there learn their class, for super().
   */
  private classDefinition(node: SyntaxNode, decorators: Expr[]): Stmt {
    const name = node.childForFieldName("name")!.text;
    const superclasses = node.childForFieldName("superclasses");
    const bases = (superclasses?.namedChildren ?? []).filter((c) => c && c.type !== "keyword_argument").map((c) => this.expr(c!));
    const bodyNode = node.childForFieldName("body")!;
    const body = this.withScope(functionScope([], bodyNode), () => this.body(bodyNode));
    const bind = this.nameTarget(name);
    return (s) => {
      const baseValues = bases.map((b) => b(s));
      const decoratorValues = decorators.map((d) => d(s));
      const classScope = new Scope(s, s.globals, true);
      body(classScope);
      let cls: Value = createClass(name, baseValues, classScope.vars);
      for (let i = decoratorValues.length - 1; i >= 0; i--) cls = callValue(decoratorValues[i], [cls], null);
      bind(s, cls);
      return NORMAL;
    };
  }

  private importStatement(node: SyntaxNode): Stmt {
    const bindings = node.childrenForFieldName("name").map((n) => {
      const nameNode = n!.type === "aliased_import" ? n!.childForFieldName("name")! : n!;
      const dotted = nameNode.text.replace(/\s+/g, "");
      const alias = n!.type === "aliased_import" ? n!.childForFieldName("alias")!.text : null;
      const bound = alias ?? dotted.split(".")[0];
      return { dotted, bound: this.nameTarget(bound), whole: alias !== null };
    });
    return (s) => {
      for (const b of bindings) {
        const module = importModule(b.dotted);
        b.bound(s, b.whole ? module : importModule(b.dotted.split(".")[0]));
      }
      return NORMAL;
    };
  }

  private importFrom(node: SyntaxNode): Stmt {
    const moduleName = node.childForFieldName("module_name")!.text.replace(/\s+/g, "");
    const names = node.childrenForFieldName("name").map((n) => {
      const nameNode = n!.type === "aliased_import" ? n!.childForFieldName("name")! : n!;
      const alias = n!.type === "aliased_import" ? n!.childForFieldName("alias")!.text : nameNode.text;
      return { name: nameNode.text, bind: this.nameTarget(alias) };
    });
    return (s) => {
      const module = importModule(moduleName);
      for (const { name, bind } of names) {
        let value: Value;
        try {
          value = getAttribute(module, name);
        } catch {
          const location = module.file ?? "unknown location";
          throw new PyException("ImportError", `cannot import name '${name}' from '${moduleName}' (${location})`);
        }
        bind(s, value);
      }
      return NORMAL;
    };
  }

  private withStatement(node: SyntaxNode): Stmt {
    const items = withItems(node).map(({ manager, alias }) => ({ manager: this.expr(manager), alias: alias && this.target(alias) }));
    const body = this.body(node.childForFieldName("body"));
    const run = (s: Scope, index: number): Completion => {
      if (index === items.length) return body(s);
      const { manager, alias } = items[index];
      const context = enterContext(manager(s));
      if (alias) alias(s, context.value);
      return withExit(context.exit, () => run(s, index + 1));
    };
    return (s) => run(s, 0);
  }

  private tryStatement(node: SyntaxNode): Stmt {
    const body = this.body(node.childForFieldName("body"));
    const parts = tryParts(node);
    const handlers = parts.handlers.map((clause) => ({
      matches: clause.type ? this.expr(clause.type) : null,
      alias: clause.alias ? this.target(clause.alias) : null,
      body: this.body(clause.block),
    }));
    const orelse = parts.orelse ? this.body(parts.orelse) : null;
    const final = parts.final ? this.body(parts.final) : null;
    const runTry = (s: Scope): Completion => {
      let completion: Completion;
      try {
        completion = body(s);
      } catch (error) {
        const exception = toPyException(error);
        if (exception.pyType === "KeyboardInterrupt" && handlers.every((h) => h.matches !== null)) throw exception;
        for (const handler of handlers) {
          if (handler.matches && !exceptionMatches(exception, handler.matches(s))) continue;
          if (handler.alias) handler.alias(s, exceptionValue(exception));
          return handler.body(s);
        }
        throw exception;
      }
      return completion === NORMAL && orelse ? orelse(s) : completion;
    };
    if (!final) return runTry;
    return (s) => {
      let completion: Completion;
      try {
        completion = runTry(s);
      } catch (error) {
        const finalCompletion = final(s);
        if (finalCompletion !== NORMAL) return finalCompletion;
        throw error;
      }
      const finalCompletion = final(s);
      return finalCompletion !== NORMAL ? finalCompletion : completion;
    };
  }

  private raiseStatement(node: SyntaxNode): Stmt {
    const children = node.namedChildren.filter((c) => c !== null) as SyntaxNode[];
    const cause = node.childForFieldName("cause");
    const raised = children.find((c) => c !== cause);
    const value = raised ? this.expr(raised) : null;
    return (s) => {
      if (!value) throw new PyException("RuntimeError", "No active exception to reraise");
      let v = value(s);
      if (v instanceof PyExceptionType) v = v.call([]);
      if (!(v instanceof PyExceptionValue)) throw typeError("exceptions must derive from BaseException");
      const exception = new PyException(v.typeName, str(v));
      exception.instance = v;
      throw exception;
    };
  }

  private assertStatement(node: SyntaxNode): Stmt {
    const [test, message] = node.namedChildren.map((c) => this.expr(c!));
    return (s) => {
      if (!truthy(test(s))) throw new PyException("AssertionError", message ? str(message(s)) : "");
      return NORMAL;
    };
  }

  private deleteStatement(node: SyntaxNode): Stmt {
    const list = node.namedChildren[0]!;
    const targets = list.type === "expression_list" ? list.namedChildren.map((c) => c!) : [list];
    const deletions = targets.map((t) => {
      if (t.type === "identifier") {
        const name = t.text;
        const globals = this.runtime.globals;
        const isModule = this.scopeInfo.kind === "module" || this.scopeInfo.globals.has(name);
        return (s: Scope) => {
          const vars = isModule ? globals : s.vars;
          if (!vars.delete(name)) throw new PyException("NameError", `name '${name}' is not defined`);
        };
      }
      if (t.type === "subscript") {
        const object = this.expr(t.childForFieldName("value")!);
        const index = this.expr(t.childForFieldName("subscript")!);
        return (s: Scope) => void callMethod(object(s), "__delitem__", [index(s)], null);
      }
      if (t.type === "attribute") {
        const object = this.expr(t.childForFieldName("object")!);
        const name = t.childForFieldName("attribute")!.text;
        return (s: Scope) => void callMethod(object(s), "__delattr__", [name], null);
      }
      throw new PyException("SyntaxError", "cannot delete this target", this.location(t));
    });
    return (s) => {
      for (const d of deletions) d(s);
      return NORMAL;
    };
  }
}

function isBareExpression(node: SyntaxNode): boolean {
  if (node.type !== "expression_statement") return false;
  const children = node.namedChildren.filter((c) => c && c.type !== "comment");
  return children.length > 0 && !children.some((c) => c!.type === "assignment" || c!.type === "augmented_assignment" || c!.type === "yield");
}

function withExit(exit: ExitContext, body: () => Completion): Completion {
  let completion: Completion;
  try {
    completion = body();
  } catch (error) {
    const exception = toPyException(error);
    if (!exit(exception)) throw exception;
    return NORMAL;
  }
  exit(null);
  return completion;
}

/** Sets where an error came from, once: the innermost statement wins, as in a traceback's last line. */
export function locate(error: unknown, location: SourceLocation): PyException {
  const exception = toPyException(error);
  exception.location ??= location;
  return exception;
}

function exceptionMatches(exception: PyException, matcher: Value): boolean {
  if (matcher instanceof PyTuple) return matcher.items.some((m) => exceptionMatches(exception, m));
  if (!(matcher instanceof PyExceptionType)) throw typeError("catching classes that do not inherit from BaseException is not allowed");
  const instance = exception.instance;
  const raised = instance instanceof PyExceptionValue && instance.type ? instance.type : exceptionTypes.get(exception.pyType);
  return raised ? raised.isSubclassOf(matcher) : matcher.name === exception.pyType;
}

function exceptionValue(exception: PyException): Value {
  if (exception.instance instanceof PyExceptionValue) return exception.instance;
  return new PyExceptionValue(exception.pyType, exception.pyMessage === "" ? [] : [exception.pyMessage]);
}

function inPlaceOperation(op: BinaryOperator, current: Value, value: Value): Value {
  const inPlace = inPlaceMethods[op];
  if (inPlace && typeof current === "object" && current !== null && hasInPlaceMethod(current, inPlace)) {
    return callMethod(current, inPlace, [value], null);
  }
  return binaryOp(op, current, value);
}

const inPlaceMethods: Partial<Record<BinaryOperator, string>> = {
  "+": "__iadd__", "-": "__isub__", "*": "__imul__", "/": "__itruediv__", "**": "__ipow__",
  "//": "__ifloordiv__", "%": "__imod__", "&": "__iand__", "|": "__ior__", "^": "__ixor__",
};
