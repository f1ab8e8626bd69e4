// The builtins that would reach outside the sandbox (files, standard input, code compiled at run
// time, the debugger) raise an error saying why; __import__ imports only what `import` may.

import { PyException, typeError } from "../errors";
import { str } from "../repr";
import type { NativeImpl } from "../values";
import { importModule } from "./registry";
import { SANDBOX_NOTE } from "./sandbox";

function unavailable(name: string, pyType = "NotImplementedError"): NativeImpl {
  return () => {
    throw new PyException(pyType, `${name}() is not available (${SANDBOX_NOTE})`);
  };
}

export const sandboxBuiltins: Record<string, NativeImpl> = {
  open: unavailable("open", "PermissionError"),
  input: () => {
    throw new PyException("EOFError", "EOF when reading a line (Autograd Lens runs code without standard input)");
  },
  exec: unavailable("exec"),
  eval: unavailable("eval"),
  compile: unavailable("compile"),
  breakpoint: unavailable("breakpoint"),
  __import__: (args) => {
    if (args.length === 0) throw typeError("__import__() missing required argument 'name' (pos 1)");
    const name = str(args[0]);
    const module = importModule(name);
    return name.includes(".") ? importModule(name.split(".")[0]) : module;
  },
};
