// Python exceptions raised by the interpreter, with the source location they came from.

import { TorchError } from "../engine/errors";
import { FormatSpecError } from "./format_spec";

import type { SourceLocation } from "../result";

export class PyException extends Error {
  location: SourceLocation | undefined;
  /** The Python exception object when user code raised an instance (`raise ValueError("x")`). */
  instance: unknown = undefined;

  constructor(readonly pyType: string, readonly pyMessage: string, location?: SourceLocation) {
    super(pyMessage === "" ? pyType : `${pyType}: ${pyMessage}`);
    this.location = location;
  }

  /**
   * "ExceptionType: message", as the notebook fixtures record it (`f"{type}: {e}"`, so an empty
   * message still gets its colon). KeyboardInterrupt is no Exception and prints bare.
   */
  get formatted(): string {
    return this.pyType === "KeyboardInterrupt" ? this.pyType : `${this.pyType}: ${this.pyMessage}`;
  }
}

export const typeError = (message: string): PyException => new PyException("TypeError", message);
export const valueError = (message: string): PyException => new PyException("ValueError", message);
export const nameError = (name: string): PyException => new PyException("NameError", `name '${name}' is not defined`);
export const attributeError = (message: string): PyException => new PyException("AttributeError", message);
export const indexError = (message: string): PyException => new PyException("IndexError", message);
export const keyError = (message: string): PyException => new PyException("KeyError", message);
export const zeroDivision = (message: string): PyException => new PyException("ZeroDivisionError", message);
export const notImplemented = (message: string): PyException => new PyException("NotImplementedError", message);

/** Raised into user code when the session is interrupted (Cancel, time limit). */
export const keyboardInterrupt = (): PyException => new PyException("KeyboardInterrupt", "");

/** Any error thrown while running user code, as the Python exception the user should see. */
export function toPyException(error: unknown): PyException {
  if (error instanceof PyException) return error;
  if (error instanceof TorchError) return new PyException(error.pythonType, error.message);
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new PyException("RecursionError", "maximum recursion depth exceeded");
  }
  if (error instanceof FormatSpecError) return new PyException(error.pyType, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new PyException("SystemError", `internal error in Autograd Lens: ${message}`);
}
