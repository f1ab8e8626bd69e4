// Python values. int is a JS number (a bigint beyond 2^53), bool a JS boolean, None is null,
// str a JS string, float a PyFloat; tensors and graph nodes are the engine's own objects.

import type { Node, Tensor } from "../engine";

export class PyFloat {
  constructor(readonly value: number) {}
}

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyFloat
  | Tensor
  | Node
  | PyObject;

export type Kwargs = Map<string, Value> | null;

/** Every other Python object: containers, functions, modules, classes. */
export abstract class PyObject {
  abstract readonly typeName: string;
}

export class PyList extends PyObject {
  readonly typeName: string = "list";
  constructor(public items: Value[]) {
    super();
  }
}

export class PyTuple extends PyObject {
  readonly typeName: string = "tuple";
  constructor(readonly items: readonly Value[]) {
    super();
  }
}

/** torch.Size: a tuple of ints that prints as `torch.Size([2, 3])`. */
export class PySize extends PyTuple {
  readonly typeName = "Size";
}

/** dict, keyed by a string that identifies the Python key's value and type. */
export class PyDict extends PyObject {
  readonly typeName: string = "dict";
  readonly entries = new Map<unknown, [Value, Value]>();
}

export class PySet extends PyObject {
  readonly typeName: string = "set";
  readonly entries = new Map<unknown, Value>();
}

export class PyRange extends PyObject {
  readonly typeName = "range";
  constructor(readonly start: number, readonly stop: number, readonly step: number) {
    super();
  }
  get length(): number {
    const span = this.step > 0 ? this.stop - this.start : this.start - this.stop;
    return Math.max(0, Math.ceil(span / Math.abs(this.step)));
  }
}

export class PySlice extends PyObject {
  readonly typeName = "slice";
  constructor(readonly start: Value, readonly stop: Value, readonly step: Value) {
    super();
  }
}

export abstract class PyCallable extends PyObject {
  abstract readonly name: string;
  abstract call(args: Value[], kwargs: Kwargs): Value;
}

export type NativeImpl = (args: Value[], kwargs: Kwargs) => Value;

export class PyBuiltin extends PyCallable {
  readonly typeName: string = "builtin_function_or_method";
  constructor(readonly name: string, readonly impl: NativeImpl) {
    super();
  }
  call(args: Value[], kwargs: Kwargs): Value {
    return this.impl(args, kwargs);
  }
}

/** A method bound to its receiver: `x.backward` before it is called. */
export class PyBoundMethod extends PyCallable {
  readonly typeName: string = "method";
  constructor(readonly name: string, readonly self: Value, readonly impl: (self: Value, args: Value[], kwargs: Kwargs) => Value) {
    super();
  }
  call(args: Value[], kwargs: Kwargs): Value {
    return this.impl(this.self, args, kwargs);
  }
}

export class PyModule extends PyObject {
  readonly typeName = "module";
  constructor(
    readonly name: string,
    readonly attributes: Map<string, Value>,
    /** Where CPython would have loaded it from (ImportError messages name it); null for built-ins. */
    readonly file: string | null = null,
  ) {
    super();
  }
}

/** An object with attributes only (e.g. `torch.autograd`'s namespaces, context managers). */
export class PyNamespace extends PyObject {
  constructor(readonly typeName: string, readonly attributes: Map<string, Value>, readonly reprText?: string) {
    super();
  }
}

export class PyIterator extends PyObject {
  readonly typeName: string;
  constructor(
    readonly next: () => Value | typeof STOP,
    typeName = "iterator",
    /** A generator's function name, for its repr. */
    readonly functionName = "",
  ) {
    super();
    this.typeName = typeName;
  }
}

/** Python's `...` (Ellipsis), which indexing understands. */
export const ELLIPSIS = new PyNamespace("ellipsis", new Map(), "Ellipsis");

/** Returned by an iterator's `next` when it is exhausted; never a Python value. */
export const STOP: unique symbol = Symbol("StopIteration");

/** A Python exception instance, e.g. what `except ValueError as e` binds. */
/** An exception instance: its class name and its args, as Python keeps them. */
export class PyExceptionValue extends PyObject {
  constructor(
    readonly typeName: string,
    readonly args: readonly Value[],
    /** The class it was made from, when known (user-defined exception classes have no builtin entry). */
    readonly type: PyExceptionType | null = null,
  ) {
    super();
  }
}

/** An exception class such as ValueError, usable in `raise` and `except`. */
export class PyExceptionType extends PyCallable {
  readonly typeName = "type";
  constructor(readonly name: string, readonly base: PyExceptionType | null) {
    super();
  }
  call(args: Value[]): Value {
    return new PyExceptionValue(this.name, args, this);
  }
  isSubclassOf(other: PyExceptionType): boolean {
    for (let t: PyExceptionType | null = this; t !== null; t = t.base) if (t === other) return true;
    return false;
  }
}
