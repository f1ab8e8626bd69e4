// The builtins that would reach outside the sandbox (files, standard input, code compiled at run
// time, the debugger) raise an error saying why; __import__ imports only what `import` may.

import { parseArgs } from "../args";
import { PyException } from "../errors";
import { truthy } from "../protocols";
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
  // Like `import a.b`: the top package, or with a fromlist the named module itself.
  __import__: (args, kwargs) => {
    const [name, , , fromlist] = parseArgs("__import__", ["name", "globals?", "locals?", "fromlist?", "level?"], args, kwargs);
    const dotted = str(name!);
    const module = importModule(dotted);
    return fromlist !== undefined && truthy(fromlist) ? module : importModule(dotted.split(".")[0]);
  },
};
