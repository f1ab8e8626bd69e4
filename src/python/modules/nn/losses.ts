// Loss modules: constructor options kept as attributes and handed to the torch.nn.functional loss.

import { parseArgs } from "../../args";
import { PyClass, PyInstance, setClassObjectAttribute } from "../../classes";
import { PyFloat, Value } from "../../values";
import { bindings as functional } from "../bindings/nn_functional";
import { moduleClass, moduleState } from "./module";
import { method } from "./native_class";

const WEIGHT: readonly [string, Value] = ["weight", null];
const SIZE_AVERAGE: readonly [string, Value] = ["size_average", null];
const REDUCE: readonly [string, Value] = ["reduce", null];
const REDUCTION: readonly [string, Value] = ["reduction", "mean"];
const IGNORE_INDEX: readonly [string, Value] = ["ignore_index", -100];

/** The legacy size_average/reduce flags are only read when given, so they are kept as attributes but never forwarded as None. */
const LEGACY = new Set(["size_average", "reduce"]);

function lossClass(name: string, functionalName: string, options: readonly (readonly [string, Value])[]): PyClass {
  const impl = functional.nnFunctional!.get(functionalName)!;
  return new PyClass(name, [moduleClass], new Map<string, Value>([
    method("__init__", (self, args, kwargs) => {
      moduleState(self);
      const values = parseArgs(name, options.map(([n]) => `${n}?`), args, kwargs);
      options.forEach(([n, fallback], i) => setClassObjectAttribute(self, n, values[i] ?? fallback));
      return null;
    }),
    method("forward", (self: PyInstance, args, kwargs) => {
      const [input, target] = parseArgs("forward", ["input", "target"], args, kwargs);
      const forwarded = options.filter(([n]) => !LEGACY.has(n) || self.dict.get(n) !== null);
      return impl([input!, target!], new Map(forwarded.map(([n]) => [n, self.dict.get(n) ?? null])));
    }),
  ]), "torch.nn.modules.loss");
}

export const lossClasses: PyClass[] = [
  lossClass("MSELoss", "mse_loss", [SIZE_AVERAGE, REDUCE, REDUCTION]),
  lossClass("L1Loss", "l1_loss", [SIZE_AVERAGE, REDUCE, REDUCTION]),
  lossClass("BCELoss", "binary_cross_entropy", [WEIGHT, SIZE_AVERAGE, REDUCE, REDUCTION]),
  lossClass("BCEWithLogitsLoss", "binary_cross_entropy_with_logits", [WEIGHT, SIZE_AVERAGE, REDUCE, REDUCTION, ["pos_weight", null]]),
  lossClass("NLLLoss", "nll_loss", [WEIGHT, SIZE_AVERAGE, IGNORE_INDEX, REDUCE, REDUCTION]),
  lossClass("CrossEntropyLoss", "cross_entropy",
    [WEIGHT, SIZE_AVERAGE, IGNORE_INDEX, REDUCE, REDUCTION, ["label_smoothing", new PyFloat(0)]]),
];
