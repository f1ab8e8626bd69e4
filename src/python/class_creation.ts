// What a `class` statement builds: a PyClass, or an exception class when it derives from one.

import { PyClass, PyClassMethod, PyProperty, PyStaticMethod } from "./classes";
import { typeError } from "./errors";
import { PyFunction } from "./functions";
import { PyExceptionType, Value } from "./values";

export function createClass(name: string, bases: Value[], namespace: Map<string, Value>): Value {
  const exceptionBase = bases.find((b): b is PyExceptionType => b instanceof PyExceptionType);
  if (exceptionBase) {
    return new PyExceptionType(name, exceptionBase);
  }
  const classBases = bases.map((b) => {
    if (!(b instanceof PyClass)) throw typeError("bases must be types");
    return b;
  });
  const cls = new PyClass(name, classBases, new Map(namespace));
  for (const value of namespace.values()) {
    for (const fn of functionsIn(value)) fn.ownerClass = cls;
  }
  return cls;
}

function functionsIn(value: Value): PyFunction[] {
  if (value instanceof PyFunction) return [value];
  if (value instanceof PyStaticMethod || value instanceof PyClassMethod) return functionsIn(value.fn);
  if (value instanceof PyProperty) return [...functionsIn(value.getter), ...functionsIn(value.setter)];
  return [];
}
