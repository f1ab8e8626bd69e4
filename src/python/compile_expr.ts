// Expressions → closures. Each syntax node is compiled once; running a closure never re-walks the tree.

import { setCurrentSite, Tensor } from "../engine";
import type { SourceLocation } from "../result";
import { callMethod, getAttribute, setAttribute } from "./attributes";
import { nameError, PyException, typeError } from "./errors";
import { formatValue } from "./formatting";
import { Parameters, PyFunction } from "./functions";
import { BinaryOperator, binaryOp, compareOp, CompareOperator, tensorPairOperator, unaryOp } from "./operators";
import type { SyntaxNode } from "./parse";
import { getItem, hashKey, iterate, setItem, toArray, truthy } from "./protocols";
import { repr, str, typeName } from "./repr";
import type { Runtime } from "./runtime";
import { Scope, unboundLocal } from "./scope";
import { functionScope, ScopeInfo, targetNames } from "./scope_analysis";
import { decodeEscapes, parsePrefix } from "./strings";
import { callValue, PySuper, superError } from "./classes";
import {
  ELLIPSIS, Kwargs, PyDict, PyFloat, PyIterator, PyList, PySet, PySlice, PyTuple, STOP, Value,
} from "./values";

export type Expr = (s: Scope) => Value;
export type Assign = (s: Scope, value: Value) => void;

export { callValue };

/** super() inside a method: the method's class and its first argument, from the running call. */
function zeroArgumentSuper(s: Scope): Value {
  let scope: Scope | null = s;
  while (scope !== null && scope.function === null) scope = scope.parent;
  const fn = scope?.function;
  if (!fn || !fn.ownerClass || fn.params.names.length === 0) throw superError();
  return new PySuper(fn.ownerClass, scope!.vars.get(fn.params.names[0]) ?? null);
}

export class ExpressionCompiler {
  constructor(
    protected readonly runtime: Runtime,
    protected scopeInfo: ScopeInfo,
    /** Added to tree rows so locations are in document lines. */
    protected readonly lineOffset: number,
  ) {}

  location(node: SyntaxNode): SourceLocation {
    return { line: node.startPosition.row + 1 + this.lineOffset, column: node.startPosition.column + 1 };
  }

  expr(node: SyntaxNode): Expr {
    switch (node.type) {
      case "identifier": return this.name(node.text);
      case "integer": return constant(parseInteger(node.text));
      case "float": return constant(parseFloatLiteral(node.text));
      case "true": return constant(true);
      case "false": return constant(false);
      case "none": return constant(null);
      case "ellipsis": return constant(ELLIPSIS);
      case "string": case "concatenated_string": return this.string(node);
      case "parenthesized_expression": return this.expr(node.namedChildren[0]!);
      case "binary_operator": return this.binary(node);
      case "unary_operator": return this.unary(node);
      case "not_operator": {
        const argument = this.expr(node.childForFieldName("argument")!);
        return (s) => !truthy(argument(s));
      }
      case "boolean_operator": return this.booleanOperator(node);
      case "comparison_operator": return this.comparison(node);
      case "conditional_expression": {
        const [body, test, orelse] = node.namedChildren.map((c) => this.expr(c!));
        return (s) => (truthy(test(s)) ? body(s) : orelse(s));
      }
      case "call": return this.call(node);
      case "attribute": {
        const object = this.expr(node.childForFieldName("object")!);
        const name = node.childForFieldName("attribute")!.text;
        // `.data` cuts a path and `.T` builds a node: both are located at the attribute.
        const site = this.location(node);
        return (s) => {
          const receiver = object(s);
          setCurrentSite(site);
          return getAttribute(receiver, name);
        };
      }
      case "subscript": {
        const value = this.expr(node.childForFieldName("value")!);
        const index = this.subscriptIndex(node);
        return (s) => getItem(value(s), index(s));
      }
      case "slice": return this.slice(node);
      case "list": {
        const items = this.sequenceItems(node);
        return (s) => new PyList(items(s));
      }
      case "tuple": case "expression_list": {
        const items = this.sequenceItems(node);
        return (s) => new PyTuple(items(s));
      }
      case "set": {
        const items = this.sequenceItems(node);
        return (s) => {
          const set = new PySet();
          for (const item of items(s)) set.entries.set(hashKey(item), item);
          return set;
        };
      }
      case "dictionary": return this.dictionary(node);
      case "lambda": return this.lambda(node);
      case "list_comprehension": case "set_comprehension": case "generator_expression": case "dictionary_comprehension":
        return this.comprehension(node);
      case "keyword_argument":
        throw new PyException("SyntaxError", "invalid syntax", this.location(node));
      case "named_expression": {
        const name = node.childForFieldName("name")!.text;
        const value = this.expr(node.childForFieldName("value")!);
        const assign = this.nameTarget(name);
        return (s) => {
          const v = value(s);
          assign(s, v);
          return v;
        };
      }
    }
    throw new PyException("SyntaxError", `Autograd Lens does not support '${node.type}' expressions yet`, this.location(node));
  }

  name(name: string): Expr {
    const { globals, builtins } = this.runtime;
    const info = this.scopeInfo;
    const fromGlobals = (): Value => {
      const v = globals.get(name);
      if (v !== undefined) return v;
      const b = builtins.get(name);
      if (b !== undefined) return b;
      throw nameError(name);
    };
    if (info.kind === "module" || info.globals.has(name)) return fromGlobals;
    if (info.locals.has(name)) {
      return (s) => {
        const v = s.vars.get(name);
        if (v === undefined) throw unboundLocal(name);
        return v;
      };
    }
    return (s) => {
      const owner = s.lookupEnclosing(name);
      return owner ? owner.vars.get(name)! : fromGlobals();
    };
  }

  nameTarget(name: string): Assign {
    const info = this.scopeInfo;
    if (info.kind === "module" || info.globals.has(name)) {
      const globals = this.runtime.globals;
      return (_s, v) => void globals.set(name, v);
    }
    if (info.nonlocals.has(name)) {
      return (s, v) => {
        const owner = s.lookupEnclosing(name);
        if (!owner) throw new PyException("SyntaxError", `no binding for nonlocal '${name}' found`);
        owner.vars.set(name, v);
      };
    }
    return (s, v) => void s.vars.set(name, v);
  }

  private string(node: SyntaxNode): Expr {
    const parts = node.type === "concatenated_string" ? node.namedChildren.map((c) => c!) : [node];
    const pieces: Expr[] = [];
    for (const part of parts) pieces.push(...this.stringPieces(part));
    if (pieces.length === 1) return pieces[0];
    return (s) => {
      let out = "";
      for (const piece of pieces) out += piece(s) as string;
      return out;
    };
  }

  private stringPieces(node: SyntaxNode): Expr[] {
    const prefix = parsePrefix(node.namedChildren[0]!.text);
    const pieces: Expr[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === "string_content") {
        let text = prefix.raw ? child.text : decodeEscapes(child.text);
        if (prefix.formatted) text = text.replace(/\{\{/g, "{").replace(/\}\}/g, "}");
        pieces.push(constant(text));
      } else if (child.type === "interpolation") {
        pieces.push(this.interpolation(child));
      }
    }
    return pieces.length > 0 ? pieces : [constant("")];
  }

  private interpolation(node: SyntaxNode): Expr {
    const expression = node.childForFieldName("expression") ?? node.namedChildren[0]!;
    const value = this.expr(expression);
    const selfDocumenting = node.children.some((c) => c?.type === "=");
    const conversion = node.namedChildren.find((c) => c?.type === "type_conversion")?.text.slice(1) ?? (selfDocumenting ? "r" : "");
    const specNode = node.namedChildren.find((c) => c?.type === "format_specifier");
    const spec = specNode ? this.formatSpec(specNode) : constant("");
    const label = selfDocumenting ? sourceBetween(node, expression) : "";
    const hasSpec = specNode !== undefined;
    return (s) => {
      const v = value(s);
      const converted = conversion === "r" && !(selfDocumenting && hasSpec) ? repr(v) : conversion === "s" ? str(v) : conversion === "a" ? repr(v) : v;
      return label + formatValue(converted, spec(s) as string);
    };
  }

  /** The text of a format spec, with nested `{width}` fields filled in at run time. */
  private formatSpec(node: SyntaxNode): Expr {
    const text = node.text.replace(/^:/, "");
    const nested = node.namedChildren.filter((c) => c?.type === "format_expression").map((c) => c!);
    if (nested.length === 0) return constant(text);
    const base = node.startIndex + 1;
    const pieces: Expr[] = [];
    let cursor = 0;
    for (const field of nested) {
      pieces.push(constant(text.slice(cursor, field.startIndex - base)));
      const inner = this.expr(field.namedChildren[0]!);
      pieces.push((s) => str(inner(s)));
      cursor = field.endIndex - base;
    }
    pieces.push(constant(text.slice(cursor)));
    return (s) => pieces.map((p) => p(s)).join("");
  }

  private binary(node: SyntaxNode): Expr {
    const left = this.expr(node.childForFieldName("left")!);
    const right = this.expr(node.childForFieldName("right")!);
    const op = node.childForFieldName("operator")!.type as BinaryOperator;
    const site = this.location(node);
    const pair = tensorPairOperator(op);
    if (pair !== null) {
      return (s) => {
        const a = left(s);
        const b = right(s);
        setCurrentSite(site);
        return a instanceof Tensor && b instanceof Tensor ? pair(a, b) : binaryOp(op, a, b);
      };
    }
    return (s) => {
      const a = left(s);
      const b = right(s);
      setCurrentSite(site);
      return binaryOp(op, a, b);
    };
  }

  private unary(node: SyntaxNode): Expr {
    const argument = this.expr(node.childForFieldName("argument")!);
    const op = node.childForFieldName("operator")!.type as "-" | "+" | "~";
    const site = this.location(node);
    return (s) => {
      const v = argument(s);
      setCurrentSite(site);
      return unaryOp(op, v);
    };
  }

  private booleanOperator(node: SyntaxNode): Expr {
    const left = this.expr(node.childForFieldName("left")!);
    const right = this.expr(node.childForFieldName("right")!);
    return node.childForFieldName("operator")!.type === "and"
      ? (s) => {
        const a = left(s);
        return truthy(a) ? right(s) : a;
      }
      : (s) => {
        const a = left(s);
        return truthy(a) ? a : right(s);
      };
  }

  private comparison(node: SyntaxNode): Expr {
    const operands = node.namedChildren.map((c) => this.expr(c!));
    const operators = node.childrenForFieldName("operators").map((o) => o!.text.replace(/\s+/g, " "));
    const compareOne = (op: string, a: Value, b: Value): Value => {
      switch (op) {
        case "is": return identical(a, b);
        case "is not": return !identical(a, b);
        case "in": return contains(b, a);
        case "not in": return !contains(b, a);
        default: return compareOp(op as CompareOperator, a, b);
      }
    };
    if (operators.length === 1) {
      const [left, right] = operands;
      const op = operators[0];
      return (s) => compareOne(op, left(s), right(s));
    }
    return (s) => {
      let a = operands[0](s);
      let result: Value = true;
      for (let i = 0; i < operators.length; i++) {
        const b = operands[i + 1](s);
        result = compareOne(operators[i], a, b);
        if (!truthy(result)) return result;
        a = b;
      }
      return result;
    };
  }

  private call(node: SyntaxNode): Expr {
    const callee = node.childForFieldName("function")!;
    const argsNode = node.childForFieldName("arguments")!;
    const args = this.arguments(argsNode);
    const site = this.location(node);
    const runtime = this.runtime;
    if (callee.type === "attribute") {
      const object = this.expr(callee.childForFieldName("object")!);
      const name = callee.childForFieldName("attribute")!.text;
      return (s) => {
        const receiver = object(s);
        const [positional, keywords] = args(s);
        setCurrentSite(site);
        runtime.tick();
        return callMethod(receiver, name, positional, keywords);
      };
    }
    if (callee.type === "identifier" && callee.text === "super" && argsNode.namedChildren.length === 0) {
      return (s) => zeroArgumentSuper(s);
    }
    const f = this.expr(callee);
    return (s) => {
      const fn = f(s);
      const [positional, keywords] = args(s);
      setCurrentSite(site);
      return callValue(fn, positional, keywords);
    };
  }

  private arguments(node: SyntaxNode): (s: Scope) => [Value[], Kwargs] {
    if (node.type === "generator_expression") {
      const gen = this.expr(node);
      return (s) => [[gen(s)], null];
    }
    type Part = { kind: "arg" | "star" | "kw" | "starstar"; name?: string; value: Expr };
    const parts: Part[] = node.namedChildren.filter((c) => c && c.type !== "comment").map((c) => {
      const child = c!;
      switch (child.type) {
        case "keyword_argument":
          return { kind: "kw", name: child.childForFieldName("name")!.text, value: this.expr(child.childForFieldName("value")!) };
        case "list_splat": return { kind: "star", value: this.expr(child.namedChildren[0]!) };
        case "dictionary_splat": return { kind: "starstar", value: this.expr(child.namedChildren[0]!) };
        default: return { kind: "arg", value: this.expr(child) };
      }
    });
    if (parts.every((p) => p.kind === "arg")) {
      const values = parts.map((p) => p.value);
      if (values.length === 0) return () => [[], null];
      if (values.length === 1) {
        const only = values[0];
        return (s) => [[only(s)], null];
      }
      return (s) => [values.map((v) => v(s)), null];
    }
    return (s) => {
      const positional: Value[] = [];
      let keywords: Map<string, Value> | null = null;
      for (const part of parts) {
        const v = part.value(s);
        if (part.kind === "arg") positional.push(v);
        else if (part.kind === "star") positional.push(...toArray(v));
        else {
          keywords ??= new Map();
          if (part.kind === "kw") {
            keywords.set(part.name!, v);
          } else {
            if (!(v instanceof PyDict)) throw typeError(`argument after ** must be a mapping, not ${typeName(v)}`);
            for (const [k, x] of v.entries.values()) keywords.set(String(k), x);
          }
        }
      }
      return [positional, keywords];
    };
  }

  protected subscriptIndex(node: SyntaxNode): Expr {
    const parts = node.childrenForFieldName("subscript").map((c) => this.expr(c!));
    if (parts.length === 1) return parts[0];
    return (s) => new PyTuple(parts.map((p) => p(s)));
  }

  private slice(node: SyntaxNode): Expr {
    const slots: (Expr | null)[] = [null, null, null];
    let slot = 0;
    for (const child of node.children) {
      if (!child) continue;
      if (child.type === ":") slot++;
      else if (child.isNamed) slots[slot] = this.expr(child);
    }
    const [start, stop, step] = slots;
    return (s) => new PySlice(start ? start(s) : null, stop ? stop(s) : null, step ? step(s) : null);
  }

  private sequenceItems(node: SyntaxNode): (s: Scope) => Value[] {
    const items = node.namedChildren.filter((c) => c && c.type !== "comment").map((c) =>
      c!.type === "list_splat" ? { star: true, value: this.expr(c!.namedChildren[0]!) } : { star: false, value: this.expr(c!) });
    if (items.every((i) => !i.star)) {
      const values = items.map((i) => i.value);
      return (s) => values.map((v) => v(s));
    }
    return (s) => {
      const out: Value[] = [];
      for (const item of items) {
        if (item.star) out.push(...toArray(item.value(s)));
        else out.push(item.value(s));
      }
      return out;
    };
  }

  private dictionary(node: SyntaxNode): Expr {
    const entries = node.namedChildren.filter((c) => c && c.type !== "comment").map((c) => {
      if (c!.type === "dictionary_splat") return { splat: this.expr(c!.namedChildren[0]!) };
      return { key: this.expr(c!.childForFieldName("key")!), value: this.expr(c!.childForFieldName("value")!) };
    });
    return (s) => {
      const dict = new PyDict();
      for (const entry of entries) {
        if ("splat" in entry) {
          const other = entry.splat!(s);
          if (!(other instanceof PyDict)) throw typeError(`'${typeName(other)}' object is not a mapping`);
          for (const [k, [key, v]] of other.entries) dict.entries.set(k, [key, v]);
        } else {
          const key = entry.key!(s);
          dict.entries.set(hashKey(key), [key, entry.value!(s)]);
        }
      }
      return dict;
    };
  }

  /** Compiles a parameter list; defaults are compiled here and evaluated when the def runs. */
  parameters(node: SyntaxNode | null): { params: Parameters; defaults: [string, Expr][] } {
    const names: string[] = [];
    const defaults: [string, Expr][] = [];
    let kwOnlyStart = -1;
    let varArgs: string | null = null;
    let varKwargs: string | null = null;
    for (const child of node?.namedChildren ?? []) {
      if (!child) continue;
      switch (child.type) {
        case "identifier": names.push(child.text); break;
        case "typed_parameter": names.push(child.namedChildren[0]!.text); break;
        case "default_parameter": case "typed_default_parameter": {
          const name = child.childForFieldName("name")!.text;
          names.push(name);
          defaults.push([name, this.expr(child.childForFieldName("value")!)]);
          break;
        }
        case "list_splat_pattern": varArgs = child.namedChildren[0]!.text; kwOnlyStart = names.length; break;
        case "keyword_separator": kwOnlyStart = names.length; break;
        case "dictionary_splat_pattern": varKwargs = child.namedChildren[0]!.text; break;
      }
    }
    return { params: { names, kwOnlyStart: kwOnlyStart < 0 ? names.length : kwOnlyStart, varArgs, varKwargs }, defaults };
  }

  private lambda(node: SyntaxNode): Expr {
    const { params, defaults } = this.parameters(node.childForFieldName("parameters"));
    const bodyNode = node.childForFieldName("body")!;
    const allNames = [...params.names, ...(params.varArgs ? [params.varArgs] : []), ...(params.varKwargs ? [params.varKwargs] : [])];
    const body = this.withScope(functionScope(allNames, bodyNode), () => this.expr(bodyNode));
    const runtime = this.runtime;
    return (s) => new PyFunction("<lambda>", params, evaluateDefaults(defaults, s), (scope) => {
      scope.returnValue = body(scope);
      return 1;
    }, s, runtime, true);
  }

  protected withScope<T>(info: ScopeInfo, build: () => T): T {
    const saved = this.scopeInfo;
    this.scopeInfo = info;
    try {
      return build();
    } finally {
      this.scopeInfo = saved;
    }
  }

  /** Assignment to any target: names, attributes, subscripts and (starred) unpacking. */
  target(node: SyntaxNode): Assign {
    switch (node.type) {
      case "identifier": return this.nameTarget(node.text);
      case "attribute": {
        const object = this.expr(node.childForFieldName("object")!);
        const name = node.childForFieldName("attribute")!.text;
        return (s, v) => setAttribute(object(s), name, v);
      }
      case "subscript": {
        const value = this.expr(node.childForFieldName("value")!);
        const index = this.subscriptIndex(node);
        return (s, v) => setItem(value(s), index(s), v);
      }
      case "parenthesized_expression": return this.target(node.namedChildren[0]!);
      case "pattern_list": case "tuple_pattern": case "list_pattern": case "tuple": case "list": case "expression_list":
        return this.unpackTarget(node);
    }
    throw new PyException("SyntaxError", `cannot assign to ${node.type.replace(/_/g, " ")}`, this.location(node));
  }

  private unpackTarget(node: SyntaxNode): Assign {
    const children = node.namedChildren.filter((c) => c && c.type !== "comment").map((c) => c!);
    const starIndex = children.findIndex((c) => c.type === "list_splat_pattern" || c.type === "list_splat");
    const targets = children.map((c, i) => (i === starIndex ? this.target(c.namedChildren[0]!) : this.target(c)));
    return (s, v) => {
      const items = toArray(v);
      if (starIndex < 0) {
        if (items.length !== targets.length) {
          throw new PyException("ValueError", items.length > targets.length
            ? `too many values to unpack (expected ${targets.length})`
            : `not enough values to unpack (expected ${targets.length}, got ${items.length})`);
        }
        for (let i = 0; i < targets.length; i++) targets[i](s, items[i]);
        return;
      }
      const after = targets.length - starIndex - 1;
      if (items.length < targets.length - 1) {
        throw new PyException("ValueError", `not enough values to unpack (expected at least ${targets.length - 1}, got ${items.length})`);
      }
      for (let i = 0; i < starIndex; i++) targets[i](s, items[i]);
      targets[starIndex](s, new PyList(items.slice(starIndex, items.length - after)));
      for (let i = 0; i < after; i++) targets[starIndex + 1 + i](s, items[items.length - after + i]);
    };
  }

  private comprehension(node: SyntaxNode): Expr {
    const clauses = node.namedChildren.filter((c) => c && (c.type === "for_in_clause" || c.type === "if_clause")).map((c) => c!);
    const bodyNode = node.childForFieldName("body")!;
    const locals = new Set<string>();
    for (const clause of clauses) if (clause.type === "for_in_clause") targetNames(clause.childForFieldName("left")!, locals);
    // The first iterable is evaluated in the enclosing scope, as in Python.
    const firstIterable = this.expr(clauses[0].childForFieldName("right")!);
    const info: ScopeInfo = { kind: "function", locals, globals: new Set(), nonlocals: new Set() };
    const runtime = this.runtime;
    return this.withScope(info, () => {
      type Step = { kind: "for"; target: Assign; iterable: Expr | null } | { kind: "if"; test: Expr };
      const steps: Step[] = clauses.map((clause, i) => clause.type === "for_in_clause"
        ? { kind: "for", target: this.target(clause.childForFieldName("left")!), iterable: i === 0 ? null : this.expr(clause.childForFieldName("right")!) }
        : { kind: "if", test: this.expr(clause.namedChildren[0]!) });
      const isDict = node.type === "dictionary_comprehension";
      const key = isDict ? this.expr(bodyNode.childForFieldName("key")!) : null;
      const value = isDict ? this.expr(bodyNode.childForFieldName("value")!) : this.expr(bodyNode);
      const produce = (scope: Scope, emit: (v: Value, k?: Value) => void, first: Value): void => {
        const run = (index: number): void => {
          if (index === steps.length) {
            if (key) emit(value(scope), key(scope));
            else emit(value(scope));
            return;
          }
          const step = steps[index];
          if (step.kind === "if") {
            if (truthy(step.test(scope))) run(index + 1);
            return;
          }
          const next = iterate(index === 0 ? first : step.iterable!(scope));
          for (let item = next(); item !== STOP; item = next()) {
            runtime.tick();
            step.target(scope, item);
            run(index + 1);
          }
        };
        run(0);
      };
      // Runtime closures must not touch syntax nodes: the tree is freed once the cell is compiled.
      const isList = node.type === "list_comprehension";
      switch (node.type) {
        case "list_comprehension": case "generator_expression":
          return (s) => {
            const out: Value[] = [];
            produce(new Scope(s, s.globals), (v) => out.push(v), firstIterable(s));
            if (isList) return new PyList(out);
            let i = 0;
            return new PyIterator(() => (i < out.length ? out[i++] : STOP), "generator");
          };
        case "set_comprehension":
          return (s) => {
            const set = new PySet();
            produce(new Scope(s, s.globals), (v) => set.entries.set(hashKey(v), v), firstIterable(s));
            return set;
          };
        default:
          return (s) => {
            const dict = new PyDict();
            produce(new Scope(s, s.globals), (v, k) => dict.entries.set(hashKey(k!), [k!, v]), firstIterable(s));
            return dict;
          };
      }
    });
  }
}


export function evaluateDefaults(defaults: readonly [string, Expr][], s: Scope): Map<string, Value> {
  const values = new Map<string, Value>();
  for (const [name, expr] of defaults) values.set(name, expr(s));
  return values;
}

function constant(v: Value): Expr {
  return () => v;
}

function parseInteger(text: string): number | bigint {
  const clean = text.replace(/_/g, "").toLowerCase();
  const big = /^0[box]/.test(clean) ? BigInt(clean) : BigInt(clean.replace(/^0+(?=\d)/, ""));
  return Number.isSafeInteger(Number(big)) ? Number(big) : big;
}

function parseFloatLiteral(text: string): PyFloat {
  return new PyFloat(Number(text.replace(/_/g, "").replace(/[jJ]$/, "")));
}

function sourceBetween(interpolation: SyntaxNode, expression: SyntaxNode): string {
  const equals = interpolation.children.find((c) => c?.type === "=")!;
  const text = interpolation.text;
  return text.slice(expression.startIndex - interpolation.startIndex, equals.endIndex - interpolation.startIndex)
    .replace(/^\{/, "");
}

function identical(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return a === b;
  return false;
}

function contains(container: Value, item: Value): boolean {
  if (typeof container === "string") {
    if (typeof item !== "string") throw typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (container instanceof PyDict) return container.entries.has(hashKey(item));
  if (container instanceof PySet) return container.entries.has(hashKey(item));
  const next = iterate(container);
  for (let v = next(); v !== STOP; v = next()) if (v === item || truthy(compareOp("==", v, item))) return true;
  return false;
}
