// Loss modules: constructor options kept as attributes and handed to the torch.nn.functional loss.

import { parseArgs } from "../../args";
import { PyClass, PyInstance, setClassObjectAttribute } from "../../classes";
import { NativeImpl, PyFloat, Value } from "../../values";
import { bindings as functional } from "../bindings/nn_functional";
import { moduleClass, moduleState } from "./module";
import { method } from "./native_class";

const WEIGHT: readonly [string, Value] = ["weight", null];
export const SIZE_AVERAGE: readonly [string, Value] = ["size_average", null];
export const REDUCE: readonly [string, Value] = ["reduce", null];
export const REDUCTION: readonly [string, Value] = ["reduction", "mean"];
const IGNORE_INDEX: readonly [string, Value] = ["ignore_index", -100];

/** The legacy size_average/reduce flags are only read when given, so they are kept as attributes but never forwarded as None. */
const LEGACY = new Set(["size_average", "reduce"]);

/**
 * A module whose constructor keeps `options` as attributes and whose forward(*inputs) calls the
 * functional `impl` with them as keywords (the losses, and distance modules shaped like them).
 */
export function lossClass(
  name: string, impl: NativeImpl, options: readonly (readonly [string, Value])[], inputs: readonly string[] = ["input", "target"], file = "loss",
): PyClass {
  return new PyClass(name, [moduleClass], new Map<string, Value>([
    method("__init__", (self, args, kwargs) => {
      moduleState(self);
      const values = parseArgs(name, options.map(([n]) => `${n}?`), args, kwargs);
      options.forEach(([n, fallback], i) => setClassObjectAttribute(self, n, values[i] ?? fallback));
      return null;
    }),
    method("forward", (self: PyInstance, args, kwargs) => {
      const values = parseArgs("forward", inputs, args, kwargs) as Value[];
      const forwarded = options.filter(([n]) => !LEGACY.has(n) || self.dict.get(n) !== null);
      return impl(values, new Map(forwarded.map(([n]) => [n, self.dict.get(n) ?? null])));
    }),
  ]), `torch.nn.modules.${file}`);
}

const nnLoss = (name: string): NativeImpl => functional.nnFunctional!.get(name)!;

export const lossClasses: PyClass[] = [
  lossClass("MSELoss", nnLoss("mse_loss"), [SIZE_AVERAGE, REDUCE, REDUCTION]),
  lossClass("L1Loss", nnLoss("l1_loss"), [SIZE_AVERAGE, REDUCE, REDUCTION]),
  lossClass("BCELoss", nnLoss("binary_cross_entropy"), [WEIGHT, SIZE_AVERAGE, REDUCE, REDUCTION]),
  lossClass("BCEWithLogitsLoss", nnLoss("binary_cross_entropy_with_logits"), [WEIGHT, SIZE_AVERAGE, REDUCE, REDUCTION, ["pos_weight", null]]),
  lossClass("NLLLoss", nnLoss("nll_loss"), [WEIGHT, SIZE_AVERAGE, IGNORE_INDEX, REDUCE, REDUCTION]),
  lossClass("CrossEntropyLoss", nnLoss("cross_entropy"),
    [WEIGHT, SIZE_AVERAGE, IGNORE_INDEX, REDUCE, REDUCTION, ["label_smoothing", new PyFloat(0)]]),
];
