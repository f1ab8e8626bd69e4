// Python's operators over our values: numbers with CPython's semantics, tensors via the engine.

import * as E from "../engine";
import { Tensor } from "../engine";
import { PyException, typeError, zeroDivision } from "./errors";
import { instanceBinary, instanceCompare, instanceUnary, isInstance } from "./dunders";
import { percentFormat } from "./percent_format";
import { typeName } from "./repr";
import { PyFloat, PyList, PyTuple, Value } from "./values";

export type BinaryOperator = "+" | "-" | "*" | "/" | "//" | "%" | "**" | "@" | "&" | "|" | "^" | "<<" | ">>";
export type CompareOperator = "<" | "<=" | ">" | ">=" | "==" | "!=";

/** An int result, as a bigint only when it no longer fits a double exactly. */
function intResult(n: number, exact: () => bigint): number | bigint {
  return Number.isSafeInteger(n) ? n : normalizeBig(exact());
}

function normalizeBig(b: bigint): number | bigint {
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

function isInt(v: Value): v is number | bigint | boolean {
  return typeof v === "number" || typeof v === "bigint" || typeof v === "boolean";
}

function toNumber(v: number | bigint | boolean | PyFloat): number {
  return v instanceof PyFloat ? v.value : Number(v);
}

function toBig(v: number | bigint | boolean): bigint {
  return typeof v === "bigint" ? v : BigInt(Number(v));
}

function floorMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

/** &, |, ^, <<, >> on ints (exact, through bigint); bools with bools stay bools, as in Python. */
function intBitwise(op: BinaryOperator, a: number | bigint | boolean, b: number | bigint | boolean): Value | undefined {
  if (op !== "&" && op !== "|" && op !== "^" && op !== "<<" && op !== ">>") return undefined;
  if (typeof a === "boolean" && typeof b === "boolean" && op !== "<<" && op !== ">>") {
    return op === "&" ? a && b : op === "|" ? a || b : a !== b;
  }
  const x = toBig(a);
  const y = toBig(b);
  if ((op === "<<" || op === ">>") && y < 0n) throw new PyException("ValueError", "negative shift count");
  switch (op) {
    case "&": return normalizeBig(x & y);
    case "|": return normalizeBig(x | y);
    case "^": return normalizeBig(x ^ y);
    case "<<": return normalizeBig(x << y);
    case ">>": return normalizeBig(x >> y);
  }
}

function intBinary(op: BinaryOperator, a: number | bigint | boolean, b: number | bigint | boolean): Value {
  const bitwise = intBitwise(op, a, b);
  if (bitwise !== undefined) return bitwise;
  if (typeof a !== "bigint" && typeof b !== "bigint") {
    const x = Number(a);
    const y = Number(b);
    switch (op) {
      case "+": return intResult(x + y, () => toBig(a) + toBig(b));
      case "-": return intResult(x - y, () => toBig(a) - toBig(b));
      case "*": return intResult(x * y, () => toBig(a) * toBig(b));
      case "/":
        if (y === 0) throw zeroDivision("division by zero");
        return new PyFloat(x / y);
      case "//":
        if (y === 0) throw zeroDivision("integer division or modulo by zero");
        return Math.floor(x / y);
      case "%":
        if (y === 0) throw zeroDivision("integer modulo by zero");
        return floorMod(x, y);
      case "**":
        if (y < 0) {
          if (x === 0) throw zeroDivision("0.0 cannot be raised to a negative power");
          return new PyFloat(Math.pow(x, y));
        }
        return intResult(Math.pow(x, y), () => toBig(a) ** toBig(b));
      case "@": break;
    }
    throw unsupported(op, a, b);
  }
  const x = toBig(a);
  const y = toBig(b);
  switch (op) {
    case "+": return normalizeBig(x + y);
    case "-": return normalizeBig(x - y);
    case "*": return normalizeBig(x * y);
    case "/": return new PyFloat(Number(x) / Number(y));
    case "//": {
      if (y === 0n) throw zeroDivision("integer division or modulo by zero");
      const q = x / y;
      return normalizeBig(q * y !== x && (x < 0n) !== (y < 0n) ? q - 1n : q);
    }
    case "%": {
      if (y === 0n) throw zeroDivision("integer modulo by zero");
      const r = x % y;
      return normalizeBig(r !== 0n && (r < 0n) !== (y < 0n) ? r + y : r);
    }
    case "**": return y < 0n ? new PyFloat(Math.pow(Number(x), Number(y))) : normalizeBig(x ** y);
    case "@": break;
  }
  throw unsupported(op, a, b);
}

function floatBinary(op: BinaryOperator, x: number, y: number, a: Value, b: Value): Value {
  switch (op) {
    case "+": return new PyFloat(x + y);
    case "-": return new PyFloat(x - y);
    case "*": return new PyFloat(x * y);
    case "/":
      if (y === 0) throw zeroDivision("float division by zero");
      return new PyFloat(x / y);
    case "//":
      if (y === 0) throw zeroDivision("float floor division by zero");
      return new PyFloat(Math.floor(x / y));
    case "%":
      if (y === 0) throw zeroDivision("float modulo");
      return new PyFloat(floorMod(x, y));
    case "**": {
      if (x === 0 && y < 0) throw zeroDivision("0.0 cannot be raised to a negative power");
      const r = Math.pow(x, y);
      if (Number.isNaN(r) && !Number.isNaN(x) && !Number.isNaN(y)) {
        throw new PyException("ValueError", "math domain error");
      }
      return new PyFloat(r);
    }
    case "@": break;
  }
  throw unsupported(op, a, b);
}

/** A Python scalar as an engine operand (an int, a bool or a float). */
export function asScalar(v: Value): E.Scalar | null {
  if (typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof PyFloat) return v;
  return null;
}

const bitwiseOperators = { "&": "and", "|": "or", "^": "xor" } as const;

/**
 * A binary operator with a tensor on either side. When only the right operand is a tensor, Python
 * calls its reflected method (`__rsub__`, `__rpow__`, ...), which PyTorch defines with the tensor
 * as `self`; that decides grad_fn names and the order of next_functions.
 */
function tensorBinary(op: BinaryOperator, a: Value, b: Value): Value {
  const left = a instanceof Tensor ? a : asScalar(a);
  const right = b instanceof Tensor ? b : asScalar(b);
  if (left === null || right === null) throw unsupported(op, a, b);
  if (!(left instanceof Tensor)) return reflectedTensorBinary(op, right as Tensor, left, a, b);
  switch (op) {
    case "+": return E.add(left, right);
    case "-": return E.sub(left, right);
    case "*": return E.mul(left, right);
    case "/": return E.div(left, right);
    case "//": return E.floorDivide(left, right);
    case "%": return E.binary("remainder", left, right);
    case "**": return E.pow(left, right);
    case "@":
      if (!(right instanceof Tensor)) throw unsupported(op, a, b);
      return E.matmul(left, right);
    case "&": case "|": case "^": return E.bitwise(bitwiseOperators[op], left, right);
    case "<<": case ">>": throw unsupported(op, a, b);
  }
}

/** `scalar op tensor`: the tensor's reflected method. */
function reflectedTensorBinary(op: BinaryOperator, self: Tensor, other: E.Scalar, a: Value, b: Value): Value {
  switch (op) {
    case "+": return E.add(self, other);
    case "-": return E.rsub(self, other);
    case "*": return E.mul(self, other);
    case "/": return E.rdiv(self, other);
    case "//": return E.floorDivide(other, self);
    case "%": return E.binary("remainder", other, self);
    case "**": return E.rpow(self, other);
    case "@": throw unsupported(op, a, b);
    case "&": case "|": case "^": return E.bitwise(bitwiseOperators[op], self, other);
    case "<<": case ">>": throw unsupported(op, a, b);
  }
}

/**
 * The engine op `a op b` is when both operands are tensors (+ - * /), resolved once per expression
 * so that scalar graphs reach the engine without the operand dispatch; null for other operators.
 */
export function tensorPairOperator(op: BinaryOperator): ((a: Tensor, b: Tensor) => Tensor) | null {
  switch (op) {
    case "+": return E.add;
    case "-": return E.sub;
    case "*": return E.mul;
    case "/": return E.div;
    default: return null;
  }
}

export function binaryOp(op: BinaryOperator, a: Value, b: Value): Value {
  if (a instanceof Tensor && b instanceof Tensor) return tensorBinary(op, a, b);
  if (isInt(a) && isInt(b)) return intBinary(op, a, b);
  if ((a instanceof PyFloat || isInt(a)) && (b instanceof PyFloat || isInt(b))) {
    return floatBinary(op, toNumber(a), toNumber(b), a, b);
  }
  if (isInstance(a) || isInstance(b)) {
    const result = instanceBinary(op, a, b);
    if (result !== undefined) return result;
    throw unsupported(op, a, b);
  }
  if (a instanceof Tensor || b instanceof Tensor) return tensorBinary(op, a, b);
  return sequenceBinary(op, a, b);
}

function sequenceBinary(op: BinaryOperator, a: Value, b: Value): Value {
  if (op === "%" && typeof a === "string") return percentFormat(a, b);
  if (op === "+") {
    if (typeof a === "string" && typeof b === "string") return a + b;
    if (a instanceof PyList && b instanceof PyList) return new PyList([...a.items, ...b.items]);
    if (a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
    const kind = typeof a === "string" ? "str" : a instanceof PyList ? "list" : a instanceof PyTuple ? "tuple" : null;
    if (kind) throw typeError(`can only concatenate ${kind} (not "${typeName(b)}") to ${kind}`);
  }
  if (op === "*") {
    const [seq, count] = isInt(b) ? [a, Number(b)] : isInt(a) ? [b, Number(a)] : [null, 0];
    if (typeof seq === "string") return seq.repeat(Math.max(0, count));
    if (seq instanceof PyList) return new PyList(repeatItems(seq.items, count));
    if (seq instanceof PyTuple) return new PyTuple(repeatItems(seq.items, count));
    const sequence = typeof a === "string" || a instanceof PyList || a instanceof PyTuple ? b
      : typeof b === "string" || b instanceof PyList || b instanceof PyTuple ? a : undefined;
    if (sequence !== undefined) throw typeError(`can't multiply sequence by non-int of type '${typeName(sequence)}'`);
  }
  throw unsupported(op, a, b);
}

function repeatItems(items: readonly Value[], count: number): Value[] {
  const out: Value[] = [];
  for (let i = 0; i < count; i++) out.push(...items);
  return out;
}

function unsupported(op: string, a: Value, b: Value): PyException {
  const symbol = op === "**" ? "** or pow()" : op;
  return typeError(`unsupported operand type(s) for ${symbol}: '${typeName(a)}' and '${typeName(b)}'`);
}

export function unaryOp(op: "-" | "+" | "~", v: Value): Value {
  if (isInstance(v)) {
    const result = instanceUnary(op, v);
    if (result !== undefined) return result;
  }
  if (typeof v === "number" || typeof v === "boolean") {
    const n = Number(v);
    return op === "-" ? (n === 0 ? 0 : -n) : op === "+" ? n : ~n;
  }
  if (typeof v === "bigint") return normalizeBig(op === "-" ? -v : op === "+" ? v : ~v);
  if (v instanceof PyFloat) {
    if (op === "~") throw typeError("bad operand type for unary ~: 'float'");
    return op === "-" ? new PyFloat(-v.value) : v;
  }
  if (v instanceof Tensor) return tensorUnary(op, v);
  throw typeError(`bad operand type for unary ${op}: '${typeName(v)}'`);
}

function tensorUnary(op: "-" | "+" | "~", v: Tensor): Tensor {
  if (op === "-") return E.neg(v);
  if (op === "+") return E.positive(v);
  if (E.isFloating(v.dtype)) throw typeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors");
  return E.bitwiseNot(v);
}

export function compareOp(op: CompareOperator, a: Value, b: Value): Value {
  if (isInstance(a) || isInstance(b)) {
    const result = instanceCompare(op, a, b);
    if (result !== undefined) return result;
    if (op === "==") return a === b;
    if (op === "!=") return a !== b;
  }
  if (a instanceof Tensor || b instanceof Tensor) {
    const left = a instanceof Tensor ? a : asScalar(a);
    const right = b instanceof Tensor ? b : asScalar(b);
    if (left !== null && right !== null) return E.compare(tensorComparison[op], left, right);
    if (op === "==") return false;
    if (op === "!=") return true;
  }
  if (op === "==") return equals(a, b);
  if (op === "!=") return !equals(a, b);
  const order = compareOrder(a, b, op);
  switch (op) {
    case "<": return order < 0;
    case "<=": return order <= 0;
    case ">": return order > 0;
    case ">=": return order >= 0;
  }
}

const tensorComparison = { "<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne" } as const;

function numeric(v: Value): number | bigint | null {
  if (typeof v === "number" || typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof PyFloat) return v.value;
  return null;
}

function compareOrder(a: Value, b: Value, op: string): number {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== null && y !== null) {
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      if (!equals(a.items[i], b.items[i])) return compareOrder(a.items[i], b.items[i], op);
    }
    return a.items.length - b.items.length;
  }
  throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function equals(a: Value, b: Value): boolean {
  if (a === b) return !(a instanceof PyFloat && Number.isNaN(a.value));
  const x = numeric(a);
  const y = numeric(b);
  if (x !== null && y !== null) return x == y; // eslint-disable-line eqeqeq -- bigint vs number
  if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
    return a.items.length === b.items.length && a.items.every((v, i) => equals(v, b.items[i]));
  }
  if (a instanceof Tensor && b instanceof Tensor) return false;
  return false;
}
