// Attribute access and method calls, dispatched once per call on the receiver's kind.

import { Node, Tensor } from "../engine";
import { attributeError } from "./errors";
import { builtinMethod } from "./builtin_methods";
import { nodeAttribute } from "./modules/graph_nodes";
import { setTensorAttribute, tensorAttribute, tensorMethods } from "./modules/tensor_methods";
import { typeName } from "./repr";
import { Kwargs, PyBoundMethod, PyCallable, PyExceptionValue, PyModule, PyNamespace, PyTuple, Value } from "./values";

export function getAttribute(object: Value, name: string): Value {
  if (object instanceof Tensor) return tensorAttribute(object, name);
  if (object instanceof PyModule || object instanceof PyNamespace) {
    const v = object.attributes.get(name);
    if (v !== undefined) return v;
    throw attributeError(object instanceof PyModule
      ? `module '${object.name}' has no attribute '${name}'`
      : `'${object.typeName}' object has no attribute '${name}'`);
  }
  if (object instanceof Node) return nodeAttribute(object, name);
  if (object instanceof PyExceptionValue && name === "args") {
    return new PyTuple(object.message === "" ? [] : [object.message]);
  }
  if (object instanceof PyCallable && name === "__name__") return object.name;
  const method = builtinMethod(object, name);
  if (method) return new PyBoundMethod(name, object, method);
  throw attributeError(`'${typeName(object)}' object has no attribute '${name}'`);
}

export function setAttribute(object: Value, name: string, value: Value): void {
  if (object instanceof Tensor) return setTensorAttribute(object, name, value);
  if (object instanceof PyNamespace) {
    object.attributes.set(name, value);
    return;
  }
  throw attributeError(`'${typeName(object)}' object has no attribute '${name}'`);
}

/** `object.name(...)` without building a bound method for the common receivers. */
export function callMethod(object: Value, name: string, args: Value[], kwargs: Kwargs): Value {
  if (object instanceof Tensor) {
    const method = tensorMethods.get(name);
    if (method) return method(object, args, kwargs);
  } else if (!(object instanceof PyModule) && !(object instanceof PyNamespace)) {
    const method = builtinMethod(object, name);
    if (method) return method(object, args, kwargs);
  }
  const f = getAttribute(object, name);
  if (f instanceof PyCallable) return f.call(args, kwargs);
  throw attributeError(`'${typeName(f)}' object is not callable`);
}

export function hasInPlaceMethod(object: Value, name: string): boolean {
  if (object instanceof Tensor) return tensorMethods.has(name);
  return builtinMethod(object, name) !== null;
}
