// The list of what Python code can call, derived from the binding tables: the README's operations
// section is generated from it (scripts/docs.ts), so the docs cannot drift from the code.

import { PyBuiltin, PyModule } from "../values";
import { createTorchModule } from "./torch";
import { tensorMethods } from "./tensor_methods";

export interface Catalogue {
  tensorMethods: string[];
  torchFunctions: string[];
  nnFunctional: string[];
  autograd: string[];
}

function functionNames(module: PyModule): string[] {
  return [...module.attributes].filter(([, v]) => v instanceof PyBuiltin).map(([name]) => name).sort();
}

export function catalogue(): Catalogue {
  const torch = createTorchModule();
  const submodule = (path: string[]): PyModule => path.reduce((m, name) => m.attributes.get(name) as PyModule, torch);
  return {
    tensorMethods: [...tensorMethods.keys()].filter((name) => !name.startsWith("__")).sort(),
    torchFunctions: functionNames(torch),
    nnFunctional: functionNames(submodule(["nn", "functional"])),
    autograd: functionNames(submodule(["autograd"])),
  };
}

/** The README section listing every supported operation. */
export function catalogueMarkdown(): string {
  const c = catalogue();
  const list = (names: string[]) => names.map((n) => `\`${n}\``).join(", ");
  return [
    `- **torch** (${c.torchFunctions.length}): ${list(c.torchFunctions)}`,
    `- **Tensor methods** (${c.tensorMethods.length}): ${list(c.tensorMethods)}`,
    `- **torch.nn.functional** (${c.nnFunctional.length}): ${list(c.nnFunctional)}`,
    `- **torch.autograd** (${c.autograd.length}): ${list(c.autograd)}`,
  ].join("\n");
}
