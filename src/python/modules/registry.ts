// `import x`: the modules bundled with Autograd Lens, created on first import and cached.

import { PyException } from "../errors";
import { PyModule } from "../values";
import { createMathModule } from "./math";
import { createNumpyModule } from "./numpy";
import { createTimeModule } from "./time";
import { createRandomModule } from "./random";
import { blockedModules } from "./sandbox";
import { createTorchModule } from "./torch";
import { createTypingModule } from "./typing";

const factories: Record<string, () => PyModule> = {
  torch: createTorchModule,
  math: createMathModule,
  random: createRandomModule,
  numpy: createNumpyModule,
  time: createTimeModule,
  typing: createTypingModule,
  ...blockedModules,
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
