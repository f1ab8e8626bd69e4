// The built-in exception classes and their hierarchy, for `raise` and `except`.

import { PyExceptionType } from "./values";

const hierarchy: [string, string | null][] = [
  ["BaseException", null], ["Exception", "BaseException"], ["KeyboardInterrupt", "BaseException"],
  ["ArithmeticError", "Exception"], ["ZeroDivisionError", "ArithmeticError"], ["OverflowError", "ArithmeticError"],
  ["AssertionError", "Exception"], ["AttributeError", "Exception"], ["ImportError", "Exception"],
  ["ModuleNotFoundError", "ImportError"], ["LookupError", "Exception"], ["IndexError", "LookupError"],
  ["KeyError", "LookupError"], ["NameError", "Exception"], ["UnboundLocalError", "NameError"],
  ["RuntimeError", "Exception"], ["NotImplementedError", "RuntimeError"], ["RecursionError", "RuntimeError"],
  ["StopIteration", "Exception"], ["SyntaxError", "Exception"], ["SystemError", "Exception"],
  ["TypeError", "Exception"], ["ValueError", "Exception"], ["Warning", "Exception"],
  ["UserWarning", "Warning"], ["DeprecationWarning", "Warning"], ["RuntimeWarning", "Warning"],
  ["OSError", "Exception"], ["PermissionError", "OSError"], ["FileNotFoundError", "OSError"],
  ["EOFError", "Exception"], ["MemoryError", "Exception"],
];

export const exceptionTypes = new Map<string, PyExceptionType>();
for (const [name, base] of hierarchy) {
  exceptionTypes.set(name, new PyExceptionType(name, base ? exceptionTypes.get(base)! : null));
}
