// `import x`: the modules bundled with Autograd Lens, created on first import and cached.

import { PyException } from "../errors";
import { PyFloat, PyModule, Value } from "../values";
import { createMathModule } from "./math";
import { createTorchModule } from "./torch";

const factories: Record<string, () => PyModule> = {
  torch: createTorchModule,
  math: createMathModule,
  // numpy is imported by many autograd tutorials only for a constant or two.
  numpy: () => new PyModule("numpy", new Map<string, Value>([["pi", new PyFloat(Math.PI)], ["e", new PyFloat(Math.E)]])),
};

const cache = new Map<string, PyModule>();

export function importModule(dotted: string): PyModule {
  const cached = cache.get(dotted);
  if (cached) return cached;
  const [root, ...rest] = dotted.split(".");
  const factory = factories[root];
  if (!factory) throw new PyException("ModuleNotFoundError", `No module named '${dotted}'`);
  let module = cache.get(root) ?? factory();
  cache.set(root, module);
  for (const part of rest) {
    const next = module.attributes.get(part);
    if (!(next instanceof PyModule)) throw new PyException("ModuleNotFoundError", `No module named '${dotted}'`);
    module = next;
  }
  cache.set(dotted, module);
  return module;
}
