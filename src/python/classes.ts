// User-defined classes: instances, method binding, descriptors (property, staticmethod,
// classmethod), the MRO, super(), and dunder-method dispatch for the protocols.

import { attributeError, PyException, typeError } from "./errors";
import { PyFunction } from "./functions";
import { typeName } from "./repr";
import { Kwargs, PyBoundMethod, PyBuiltin, PyCallable, PyObject, Value } from "./values";

export class PyClass extends PyCallable {
  readonly typeName = "type";
  readonly mro: readonly PyClass[];

  constructor(
    readonly name: string,
    readonly bases: readonly PyClass[],
    readonly dict: Map<string, Value>,
    /** The module that defines it, as reprs show it (`<class 'numpy.ndarray'>`). */
    readonly module = "__main__",
  ) {
    super();
    this.mro = linearize(this, bases);
  }

  /** `module.Name`, or just `Name` for builtins. */
  get qualifiedName(): string {
    return this.module === "builtins" ? this.name : `${this.module}.${this.name}`;
  }

  lookup(name: string): Value | undefined {
    for (const c of this.mro) {
      const v = c.dict.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  isSubclassOf(other: PyClass): boolean {
    return this.mro.includes(other);
  }

  call(args: Value[], kwargs: Kwargs): Value {
    const instance = new PyInstance(this);
    const init = this.lookup("__init__");
    if (init !== undefined) {
      const result = callBound(init, instance, args, kwargs);
      if (result !== null) throw typeError(`__init__() should return None, not '${typeName(result)}'`);
    } else if (args.length > 0 || (kwargs !== null && kwargs.size > 0)) {
      throw typeError(`${this.name}() takes no arguments`);
    }
    return instance;
  }
}

/** C3 linearisation, as Python computes __mro__. */
function linearize(cls: PyClass, bases: readonly PyClass[]): PyClass[] {
  const sequences = [...bases.map((b) => [...b.mro]), [...bases]];
  const result: PyClass[] = [cls];
  for (;;) {
    const nonEmpty = sequences.filter((s) => s.length > 0);
    if (nonEmpty.length === 0) return result;
    const head = nonEmpty.map((s) => s[0]).find((candidate) => !nonEmpty.some((s) => s.indexOf(candidate) > 0));
    if (!head) throw typeError("Cannot create a consistent method resolution order (MRO)");
    result.push(head);
    for (const s of nonEmpty) if (s[0] === head) s.shift();
  }
}

export class PyInstance extends PyObject {
  readonly dict = new Map<string, Value>();

  constructor(readonly cls: PyClass) {
    super();
  }

  get typeName(): string {
    return this.cls.name;
  }
}

/** A method written in TypeScript for a class Python code may subclass: it binds to the instance like a `def`. */
export class PyNativeMethod extends PyBuiltin {
  readonly typeName: string = "function";
}

export class PyStaticMethod extends PyObject {
  readonly typeName = "staticmethod";
  constructor(readonly fn: Value) {
    super();
  }
}

export class PyClassMethod extends PyObject {
  readonly typeName = "classmethod";
  constructor(readonly fn: Value) {
    super();
  }
}

export class PyProperty extends PyObject {
  readonly typeName = "property";
  constructor(readonly getter: Value, readonly setter: Value = null) {
    super();
  }
}

/** What `super()` returns: attribute lookup that starts after `owner` in the instance's MRO. */
export class PySuper extends PyObject {
  readonly typeName = "super";
  constructor(readonly owner: PyClass, readonly self: Value) {
    super();
  }
}

/** `f(*args, **kwargs)` for anything callable: functions, classes, instances with __call__. */
export function callValue(f: Value, args: Value[], kwargs: Kwargs): Value {
  if (f instanceof PyCallable) return f.call(args, kwargs);
  if (f instanceof PyInstance) {
    const method = f.cls.lookup("__call__");
    if (method !== undefined) return callBound(method, f, args, kwargs);
  }
  throw typeError(`'${typeName(f)}' object is not callable`);
}

/** Calls a class attribute as a method of `self`, honouring staticmethod and classmethod. */
export function callBound(attribute: Value, self: Value, args: Value[], kwargs: Kwargs): Value {
  if (attribute instanceof PyStaticMethod) return callValue(attribute.fn, args, kwargs);
  if (attribute instanceof PyClassMethod) return callValue(attribute.fn, [self instanceof PyInstance ? self.cls : self, ...args], kwargs);
  return callValue(attribute, [self, ...args], kwargs);
}

/** A class attribute as seen through an instance (or a class, for `Foo.method`). */
function bindAttribute(name: string, attribute: Value, self: Value, throughClass: PyClass | null): Value {
  if (attribute instanceof PyProperty) {
    return throughClass ? attribute : callValue(attribute.getter, [self], null);
  }
  if (attribute instanceof PyStaticMethod) return attribute.fn;
  if (attribute instanceof PyClassMethod) {
    const cls = throughClass ?? (self as PyInstance).cls;
    return new PyBoundMethod(name, cls, (c, args, kwargs) => callValue(attribute.fn, [c, ...args], kwargs));
  }
  if ((attribute instanceof PyFunction || attribute instanceof PyNativeMethod) && !throughClass) {
    return new PyBoundMethod(name, self, (s, args, kwargs) => attribute.call([s, ...args], kwargs));
  }
  return attribute;
}

function lookupAfter(mro: readonly PyClass[], owner: PyClass, name: string): Value | undefined {
  for (let i = mro.indexOf(owner) + 1; i < mro.length; i++) {
    const v = mro[i].dict.get(name);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function getClassObjectAttribute(object: PyInstance | PyClass | PySuper, name: string): Value {
  if (object instanceof PySuper) {
    const mro = object.self instanceof PyInstance ? object.self.cls.mro : (object.self as PyClass).mro;
    const found = lookupAfter(mro, object.owner, name);
    if (found === undefined) throw attributeError(`'super' object has no attribute '${name}'`);
    return bindAttribute(name, found, object.self, object.self instanceof PyClass ? object.self : null);
  }
  if (object instanceof PyClass) {
    if (name === "__name__") return object.name;
    const found = object.lookup(name);
    if (found === undefined) throw attributeError(`type object '${object.name}' has no attribute '${name}'`);
    return bindAttribute(name, found, object, object);
  }
  if (name === "__class__") return object.cls;
  const classAttribute = object.cls.lookup(name);
  if (classAttribute instanceof PyProperty) return bindAttribute(name, classAttribute, object, null);
  const own = object.dict.get(name);
  if (own !== undefined) return own;
  if (classAttribute !== undefined) return bindAttribute(name, classAttribute, object, null);
  const fallback = object.cls.lookup("__getattr__");
  if (fallback !== undefined) return callBound(fallback, object, [name], null);
  throw attributeError(`'${object.cls.name}' object has no attribute '${name}'`);
}

export function setClassObjectAttribute(object: PyInstance | PyClass, name: string, value: Value): void {
  if (object instanceof PyClass) {
    object.dict.set(name, value);
    return;
  }
  const classAttribute = object.cls.lookup(name);
  if (classAttribute instanceof PyProperty) {
    if (classAttribute.setter === null) throw attributeError(`can't set attribute '${name}'`);
    callValue(classAttribute.setter, [object, value], null);
    return;
  }
  const custom = object.cls.lookup("__setattr__");
  if (custom !== undefined) {
    callBound(custom, object, [name, value], null);
    return;
  }
  object.dict.set(name, value);
}

/** `obj.__name__(*args)` when the instance's class defines it; undefined when it does not. */
export function callDunder(object: Value, name: string, args: Value[]): Value | undefined {
  if (!(object instanceof PyInstance)) return undefined;
  const method = object.cls.lookup(name);
  return method === undefined ? undefined : callBound(method, object, args, null);
}

/** Python's NotImplemented, which a binary dunder returns to let the other operand try. */
export const NOT_IMPLEMENTED = new (class extends PyObject {
  readonly typeName = "NotImplementedType";
})();

export function superError(): PyException {
  return new PyException("RuntimeError", "super(): no arguments");
}
