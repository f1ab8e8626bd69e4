// Methods of str, list, tuple and dict that tutorial code calls.

import { parseArgs } from "./args";
import { indexError, keyError, typeError, valueError } from "./errors";
import { equals } from "./operators";
import { hashKey, toArray } from "./protocols";
import { repr, str, typeName } from "./repr";
import { Kwargs, PyDict, PyList, PySet, PyTuple, Value } from "./values";
import { formatValue } from "./formatting";
import { sortedItems } from "./sorting";
import { truthy } from "./protocols";

type Method<T> = (self: T, args: Value[], kwargs: Kwargs) => Value;

/** A method that takes no arguments, with CPython's complaint when given some. */
function noArgs<T>(qualifiedName: string, impl: (self: T) => Value): Method<T> {
  return (self, args) => {
    if (args.length > 0) throw typeError(`${qualifiedName}() takes no arguments (${args.length} given)`);
    return impl(self);
  };
}

const listMethods = new Map<string, Method<PyList>>([
  ["append", (self, args) => { self.items.push(args[0]); return null; }],
  ["extend", (self, args) => { self.items.push(...toArray(args[0])); return null; }],
  ["insert", (self, args) => { self.items.splice(Number(args[0]), 0, args[1]); return null; }],
  ["pop", (self, args) => {
    if (self.items.length === 0) throw indexError("pop from empty list");
    const i = args.length === 0 ? self.items.length - 1 : (Number(args[0]) + self.items.length) % self.items.length;
    return self.items.splice(i, 1)[0];
  }],
  ["clear", (self) => { self.items.length = 0; return null; }],
  ["remove", (self, args) => {
    const i = self.items.findIndex((v) => equals(v, args[0]));
    if (i < 0) throw valueError("list.remove(x): x not in list");
    self.items.splice(i, 1);
    return null;
  }],
  ["sort", (self, args, kwargs) => {
    parseArgs("sort", [], args, null);
    self.items = sortedItems(self.items, kwargs?.get("key") ?? null, truthy(kwargs?.get("reverse") ?? false));
    return null;
  }],
  ["index", (self, args) => {
    const i = self.items.findIndex((v) => equals(v, args[0]));
    if (i < 0) throw valueError(`${repr(args[0])} is not in list`);
    return i;
  }],
  ["count", (self, args) => self.items.filter((v) => equals(v, args[0])).length],
  ["reverse", (self) => { self.items.reverse(); return null; }],
  ["copy", (self) => new PyList([...self.items])],
  ["__iadd__", (self, args) => { self.items.push(...toArray(args[0])); return self; }],
]);

const tupleMethods = new Map<string, Method<PyTuple>>([
  ["index", (self, args) => {
    const i = self.items.findIndex((v) => equals(v, args[0]));
    if (i < 0) throw valueError("tuple.index(x): x not in tuple");
    return i;
  }],
  ["count", (self, args) => self.items.filter((v) => equals(v, args[0])).length],
]);

const dictMethods = new Map<string, Method<PyDict>>([
  ["keys", noArgs("dict.keys", (self) => new PyList([...self.entries.values()].map(([k]) => k)))],
  ["values", noArgs("dict.values", (self) => new PyList([...self.entries.values()].map(([, v]) => v)))],
  ["items", noArgs("dict.items", (self) => new PyList([...self.entries.values()].map(([k, v]) => new PyTuple([k, v]))))],
  ["get", (self, args) => {
    const entry = self.entries.get(hashKey(args[0]));
    return entry !== undefined ? entry[1] : args.length > 1 ? args[1] : null;
  }],
  ["pop", (self, args) => {
    const key = hashKey(args[0]);
    const entry = self.entries.get(key);
    if (!entry) {
      if (args.length > 1) return args[1];
      throw keyError(repr(args[0]));
    }
    self.entries.delete(key);
    return entry[1];
  }],
  ["update", (self, args) => {
    const other = args[0];
    if (other instanceof PyDict) for (const [k, e] of other.entries) self.entries.set(k, e);
    return null;
  }],
  ["setdefault", (self, args) => {
    const key = hashKey(args[0]);
    if (!self.entries.has(key)) self.entries.set(key, [args[0], args[1] ?? null]);
    return self.entries.get(key)![1];
  }],
  ["copy", (self) => {
    const copy = new PyDict();
    for (const [k, e] of self.entries) copy.entries.set(k, e);
    return copy;
  }],
  ["__delitem__", (self, args) => {
    if (!self.entries.delete(hashKey(args[0]))) throw keyError(repr(args[0]));
    return null;
  }],
]);

const setMethods = new Map<string, Method<PySet>>([
  ["add", (self, args) => { self.entries.set(hashKey(args[0]), args[0]); return null; }],
  ["update", (self, args) => {
    for (const iterable of args) for (const v of toArray(iterable)) self.entries.set(hashKey(v), v);
    return null;
  }],
  ["discard", (self, args) => { self.entries.delete(hashKey(args[0])); return null; }],
  ["remove", (self, args) => {
    if (!self.entries.delete(hashKey(args[0]))) throw keyError(repr(args[0]));
    return null;
  }],
  ["pop", (self) => {
    const first = self.entries.entries().next();
    if (first.done) throw keyError("'pop from an empty set'");
    self.entries.delete(first.value[0]);
    return first.value[1];
  }],
  ["clear", noArgs("set.clear", (self) => { self.entries.clear(); return null; })],
  ["copy", noArgs("set.copy", (self) => setOf(self.entries.values()))],
  ["union", (self, args) => setOf([...self.entries.values(), ...args.flatMap(toArray)])],
  ["intersection", (self, args) => {
    const others = args.map((a) => new Set(toArray(a).map(hashKey)));
    return setOf([...self.entries.values()].filter((v) => others.every((o) => o.has(hashKey(v)))));
  }],
  ["difference", (self, args) => {
    const others = new Set(args.flatMap(toArray).map(hashKey));
    return setOf([...self.entries.values()].filter((v) => !others.has(hashKey(v))));
  }],
  ["issubset", (self, args) => {
    const other = new Set(toArray(args[0]).map(hashKey));
    return [...self.entries.keys()].every((k) => other.has(k));
  }],
]);

function setOf(items: Iterable<Value>): PySet {
  const set = new PySet();
  for (const v of items) set.entries.set(hashKey(v), v);
  return set;
}

const stringMethods = new Map<string, Method<string>>([
  ["format", (self, args, kwargs) => formatString(self, args, kwargs)],
  ["join", (self, args) => toArray(args[0]).map((v, i) => {
    if (typeof v !== "string") throw typeError(`sequence item ${i}: expected str instance, ${typeName(v)} found`);
    return v;
  }).join(self)],
  ["upper", noArgs("str.upper", (self) => self.toUpperCase())],
  ["lower", noArgs("str.lower", (self) => self.toLowerCase())],
  ["strip", (self, args) => stripChars(self, args[0], true, true)],
  ["lstrip", (self, args) => stripChars(self, args[0], true, false)],
  ["rstrip", (self, args) => stripChars(self, args[0], false, true)],
  ["split", (self, args, kwargs) => {
    const [sep, maxsplit] = parseArgs("split", ["sep?", "maxsplit?"], args, kwargs);
    const parts = sep === undefined || sep === null ? self.trim().split(/\s+/).filter((p) => p !== "") : self.split(String(sep));
    const limit = maxsplit === undefined ? -1 : Number(maxsplit);
    if (limit >= 0 && parts.length > limit + 1) parts.splice(limit, parts.length - limit, parts.slice(limit).join(String(sep ?? " ")));
    return new PyList(parts);
  }],
  ["replace", (self, args) => self.split(String(args[0])).join(String(args[1]))],
  ["startswith", (self, args) => self.startsWith(String(args[0]))],
  ["endswith", (self, args) => self.endsWith(String(args[0]))],
  ["find", (self, args) => self.indexOf(String(args[0]))],
  ["count", (self, args) => self.split(String(args[0])).length - 1],
  ["center", (self, args) => {
    const width = Number(args[0]);
    const fill = args[1] === undefined ? " " : String(args[1]);
    const total = Math.max(0, width - self.length);
    const left = Math.floor(total / 2) + (total % 2 && width % 2 ? 1 : 0);
    return fill.repeat(left) + self + fill.repeat(total - left);
  }],
  ["ljust", (self, args) => self.padEnd(Number(args[0]), args[1] === undefined ? " " : String(args[1]))],
  ["rjust", (self, args) => self.padStart(Number(args[0]), args[1] === undefined ? " " : String(args[1]))],
  ["title", (self) => self.replace(/\w\S*/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase())],
  ["isdigit", (self) => /^\d+$/.test(self)],
]);

function stripChars(s: string, chars: Value | undefined, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? " \t\n\r\x0b\x0c" : String(chars);
  let start = 0;
  let end = s.length;
  if (left) while (start < end && set.includes(s[start])) start++;
  if (right) while (end > start && set.includes(s[end - 1])) end--;
  return s.slice(start, end);
}

/** str.format: positional `{}`/`{0}`, named `{x}`, attribute/index access is not supported. */
function formatString(template: string, args: Value[], kwargs: Kwargs): string {
  let auto = 0;
  return template.replace(/\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g, (match, field: string | undefined, conversion: string | undefined, spec: string | undefined) => {
    if (match === "{{") return "{";
    if (match === "}}") return "}";
    const key = field ?? "";
    let value: Value;
    if (key === "") value = args[auto++];
    else if (/^\d+$/.test(key)) value = args[Number(key)];
    else value = kwargs?.get(key) ?? null;
    if (value === undefined) throw indexError(`Replacement index ${key === "" ? auto - 1 : key} out of range for positional args tuple`);
    const converted = conversion === "r" || conversion === "a" ? repr(value) : conversion === "s" ? str(value) : value;
    return formatValue(converted, spec ?? "");
  });
}

export function builtinMethod(object: Value, name: string): Method<Value> | null {
  const table = object instanceof PyList ? listMethods
    : object instanceof PySet ? setMethods
    : object instanceof PyTuple ? tupleMethods
      : object instanceof PyDict ? dictMethods
        : typeof object === "string" ? stringMethods
          : null;
  return (table?.get(name) as Method<Value> | undefined) ?? null;
}
