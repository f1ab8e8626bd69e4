// The torch.nn package: Module and its layers, Parameter, and torch.nn.functional beside them.

import { PyBuiltin, PyModule, Value } from "../../values";
import { sequentialClass } from "./containers";
import { layerClasses } from "./layers";
import { convClasses } from "./conv";
import { lossClasses } from "./losses";
import { moduleClass } from "./module";
import { parameterConstructor } from "./parameter";
import { createInitModule } from "./init";
import { createUtilsModule } from "./utils";

export function createNnModule(functional: PyModule): PyModule {
  const attributes = new Map<string, Value>([
    ["functional", functional],
    ["Module", moduleClass],
    ["Parameter", new PyBuiltin("Parameter", parameterConstructor)],
    ["Sequential", sequentialClass],
    ["init", createInitModule()],
    ["utils", createUtilsModule()],
  ]);
  for (const cls of [...layerClasses, ...lossClasses, ...convClasses]) attributes.set(cls.name, cls);
  return new PyModule("torch.nn", attributes, "/usr/lib/python3/dist-packages/torch/nn/__init__.py");
}
