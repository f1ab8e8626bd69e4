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
  nnClasses: string[];
  nnInit: string[];
  nnUtils: string[];
  optimizers: string[];
  lrSchedulers: string[];
  utilsData: string[];
}

function functionNames(module: PyModule): string[] {
  return [...module.attributes].filter(([, v]) => v instanceof PyBuiltin).map(([name]) => name).sort();
}

/** Classes (and class-like constructors) a module exports: everything but submodules and plain functions. */
function classNames(module: PyModule): string[] {
  return [...module.attributes]
    .filter(([name, v]) => !(v instanceof PyModule) && (!(v instanceof PyBuiltin) || /^[A-Z]/.test(name)))
    .map(([name]) => name).sort();
}

function publicNames(module: PyModule): string[] {
  return [...module.attributes.keys()].filter((name) => !name.startsWith("_") && !(module.attributes.get(name) instanceof PyModule)).sort();
}

export function catalogue(): Catalogue {
  const torch = createTorchModule();
  const submodule = (path: string[]): PyModule => path.reduce((m, name) => m.attributes.get(name) as PyModule, torch);
  return {
    tensorMethods: [...tensorMethods.keys()].filter((name) => !name.startsWith("__")).sort(),
    torchFunctions: functionNames(torch),
    nnFunctional: functionNames(submodule(["nn", "functional"])),
    autograd: functionNames(submodule(["autograd"])),
    nnClasses: classNames(submodule(["nn"])),
    nnInit: publicNames(submodule(["nn", "init"])),
    nnUtils: publicNames(submodule(["nn", "utils"])),
    optimizers: classNames(submodule(["optim"])),
    lrSchedulers: classNames(submodule(["optim", "lr_scheduler"])),
    utilsData: publicNames(submodule(["utils", "data"])),
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
    `- **torch.nn** (${c.nnClasses.length}): ${list(c.nnClasses)}`,
    `- **torch.nn.init** (${c.nnInit.length}): ${list(c.nnInit)}`,
    `- **torch.nn.utils** (${c.nnUtils.length}): ${list(c.nnUtils)}`,
    `- **torch.optim** (${c.optimizers.length}): ${list(c.optimizers)}`,
    `- **torch.optim.lr_scheduler** (${c.lrSchedulers.length}): ${list(c.lrSchedulers)}`,
    `- **torch.utils.data** (${c.utilsData.length}): ${list(c.utilsData)}`,
  ].join("\n");
}
