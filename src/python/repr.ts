// repr() and str() of every value, exactly as CPython and PyTorch print them.

import { Node, Tensor } from "../engine";
import { CustomFunctionNode } from "../engine/autograd/custom_function";
import { tensorRepr } from "../engine/repr";
import { formatFloatRepr } from "./float_repr";
import { callDunder, PyClass, PyInstance } from "./classes";
import { typeError } from "./errors";
import {
  PyBoundMethod, PyBuiltin, PyIterator, PyDict, PyExceptionType, PyExceptionValue, PyFloat, PyList, PyModule,
  PyNamespace, PyObject, PyRange, PySet, PySize, PySlice, PyTuple, Value,
} from "./values";

/** Stable fake addresses: the oracle and conformance checks mask "at 0x…", but ids must differ. */
const addresses = new WeakMap<object, string>();
let nextAddress = 0x7f3a5c000000;

export function addressOf(o: object): string {
  let address = addresses.get(o);
  if (!address) {
    address = "0x" + (nextAddress += 0x40).toString(16);
    addresses.set(o, address);
  }
  return address;
}

export function quoteString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

/** repr()/str() of an instance of a user class: its own dunder, or Python's default. */
function instanceText(v: PyInstance, dunder: "__repr__" | "__str__"): string {
  const text = callDunder(v, dunder, []) ?? (dunder === "__str__" ? callDunder(v, "__repr__", []) : undefined);
  if (text === undefined) return `<${v.cls.qualifiedName} object at ${addressOf(v)}>`;
  if (typeof text !== "string") throw typeError(`${dunder} returned non-string (type ${typeName(text)})`);
  return text;
}

export function repr(v: Value): string {
  if (v === null) return "None";
  switch (typeof v) {
    case "boolean": return v ? "True" : "False";
    case "number": return String(v);
    case "bigint": return v.toString();
    case "string": return quoteString(v);
  }
  if (v instanceof PyFloat) return formatFloatRepr(v.value);
  if (v instanceof Tensor) return tensorRepr(v);
  // A custom Function's node is its ctx as Python sees it (`<torch.autograd.function.XBackward object at …>`).
  if (v instanceof CustomFunctionNode) return repr(v.context as Value);
  if (v instanceof Node) return `<${v.name} object at ${addressOf(v)}>`;
  return objectRepr(v);
}

function objectRepr(v: PyObject): string {
  if (v instanceof PyInstance) return instanceText(v, "__repr__");
  if (v instanceof PyClass) return `<class '${v.qualifiedName}'>`;
  if (v instanceof PySize) return `torch.Size([${v.items.map(repr).join(", ")}])`;
  if (v instanceof PyTuple) return v.items.length === 1 ? `(${repr(v.items[0])},)` : `(${v.items.map(repr).join(", ")})`;
  if (v instanceof PyList) return `[${v.items.map(repr).join(", ")}]`;
  if (v instanceof PyDict) return `{${[...v.entries.values()].map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(", ")}}`;
  if (v instanceof PySet) return v.entries.size === 0 ? "set()" : `{${[...v.entries.values()].map(repr).join(", ")}}`;
  if (v instanceof PyRange) return v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
  if (v instanceof PySlice) return `slice(${repr(v.start)}, ${repr(v.stop)}, ${repr(v.step)})`;
  if (v instanceof PyExceptionValue) return `${v.typeName}(${v.args.map(repr).join(", ")})`;
  if (v instanceof PyExceptionType) return `<class '${v.name}'>`;
  if (v instanceof PyIterator && v.typeName === "generator") return `<generator object ${v.functionName || "<genexpr>"} at ${addressOf(v)}>`;
  if (v instanceof PyModule) return `<module '${v.name}'>`;
  if (v instanceof PyBuiltin) return `<built-in function ${v.name}>`;
  if (v instanceof PyBoundMethod) return `<built-in method ${v.name} of ${typeName(v.self)} object at ${addressOf(v)}>`;
  if (v instanceof PyNamespace && v.reprText) return v.reprText;
  return `<${v.typeName} object at ${addressOf(v)}>`;
}

export function str(v: Value): string {
  if (typeof v === "string") return v;
  if (v instanceof PyInstance) return instanceText(v, "__str__");
  if (v instanceof PyExceptionValue) return v.args.length === 0 ? "" : v.args.length === 1 ? str(v.args[0]) : repr(new PyTuple(v.args));
  return repr(v);
}

export function typeName(v: Value): string {
  if (v === null) return "NoneType";
  switch (typeof v) {
    case "boolean": return "bool";
    case "number": case "bigint": return "int";
    case "string": return "str";
  }
  if (v instanceof PyFloat) return "float";
  if (v instanceof Tensor) return "Tensor";
  if (v instanceof Node) return v.name;
  return v.typeName;
}
