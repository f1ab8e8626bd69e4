// The torch.nn package: Module and its layers, Parameter, and torch.nn.functional beside them.

import { PyBuiltin, PyModule, Value } from "../../values";
import { sequentialClass } from "./containers";
import { layerClasses } from "./layers";
import { activationClasses } from "./activations";
import { moduleListClass } from "./module_list";
import { moduleDictClass } from "./module_dict";
import { normalizationClasses } from "./normalization";
import { embeddingClass } from "./embedding";
import { parameterDictClass, parameterListClass } from "./parameter_containers";
import { convClasses } from "./conv";
import { lossClasses } from "./losses";
import { moreLayerClasses } from "./more_layers";
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
  const classes = [...layerClasses, ...lossClasses, ...moreLayerClasses, ...convClasses, ...activationClasses, ...normalizationClasses,
    moduleListClass, moduleDictClass, parameterListClass, parameterDictClass, embeddingClass];
  for (const cls of classes) attributes.set(cls.name, cls);
  return new PyModule("torch.nn", attributes, "/usr/lib/python3/dist-packages/torch/nn/__init__.py");
}
