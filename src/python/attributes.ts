// Attribute access and method calls, dispatched once per call on the receiver's kind.

import { Node, Tensor } from "../engine";
import { attributeError } from "./errors";
import { builtinMethod } from "./builtin_methods";
import { nodeAttribute } from "./modules/graph_nodes";
import { setTensorAttribute, tensorAttribute, tensorMethods } from "./modules/tensor_methods";
import { typeName } from "./repr";
import {
  callBound, callValue, getClassObjectAttribute, PyClass, PyInstance, PyProperty, PySuper, setClassObjectAttribute,
} from "./classes";

import { Kwargs, PyBoundMethod, PyCallable, PyExceptionValue, PyModule, PyNamespace, PyTuple, Value } from "./values";

export function getAttribute(object: Value, name: string): Value {
  if (object instanceof Tensor) return tensorAttribute(object, name);
  if (object instanceof PyInstance || object instanceof PyClass || object instanceof PySuper) {
    return getClassObjectAttribute(object, name);
  }
  if (object instanceof PyModule || object instanceof PyNamespace) {
    const v = object.attributes.get(name);
    if (v !== undefined) return v;
    throw attributeError(object instanceof PyModule
      ? `module '${object.name}' has no attribute '${name}'`
      : `'${object.typeName}' object has no attribute '${name}'`);
  }
  if (object instanceof Node) return nodeAttribute(object, name);
  if (object instanceof PyExceptionValue && name === "args") {
    return new PyTuple(object.args);
  }
  if (object instanceof PyCallable && name === "__name__") return object.name;
  const method = builtinMethod(object, name);
  if (method) return new PyBoundMethod(name, object, method);
  throw attributeError(`'${typeName(object)}' object has no attribute '${name}'`);
}

export function setAttribute(object: Value, name: string, value: Value): void {
  if (object instanceof Tensor) return setTensorAttribute(object, name, value);
  if (object instanceof PyInstance || object instanceof PyClass) return setClassObjectAttribute(object, name, value);
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
  } else if (object instanceof PyInstance) {
    const method = object.cls.lookup(name);
    if (method !== undefined && !object.dict.has(name) && !(method instanceof PyProperty)) return callBound(method, object, args, kwargs);
  } else if (!(object instanceof PyModule) && !(object instanceof PyNamespace)) {
    const method = builtinMethod(object, name);
    if (method) return method(object, args, kwargs);
  }
  return callValue(getAttribute(object, name), args, kwargs);
}

export function hasInPlaceMethod(object: Value, name: string): boolean {
  if (object instanceof Tensor) return tensorMethods.has(name);
  if (object instanceof PyInstance) return object.cls.lookup(name) !== undefined;
  return builtinMethod(object, name) !== null;
}
