// The modules over functional_more.ts: Softsign, Tanhshrink, Hardswish, Hardsigmoid, Mish, CELU,
// GLU, Threshold, Hardshrink, Softshrink, PReLU, PairwiseDistance and the losses SmoothL1Loss,
// HuberLoss, SoftMarginLoss, KLDivLoss, MarginRankingLoss, GaussianNLLLoss, CosineEmbeddingLoss
// and PoissonNLLLoss; CosineSimilarity too. Each forward calls the functional with the module's
// options as keywords, as the Python modules do.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { getClassObjectAttribute, PyClass, PyInstance, setClassObjectAttribute } from "../../classes";
import { asIndex, truthy } from "../../protocols";
import { str } from "../../repr";
import { NativeImpl, PyFloat, Value } from "../../values";
import { bindings as functional } from "../bindings/functional_more";
import { scalarArg } from "../tensor_args";
import { option } from "./activations";
import { layerClass } from "./layers";
import { lossClass, REDUCE, REDUCTION, SIZE_AVERAGE } from "./losses";
import { makeParameter } from "./parameter";

const impl = (name: string): NativeImpl => functional.nnFunctional!.get(name)!;

/** The functional called on the input with the named options as keywords. */
const calling = (fn: string, names: readonly string[]) => {
  const f = impl(fn);
  return (self: PyInstance, x: Tensor): Tensor => f([x], new Map(names.map((n) => [n, option(self, n)]))) as Tensor;
};

const inplaceSuffix = (self: PyInstance): string => (truthy(option(self, "inplace")) ? ", inplace=True" : "");

type Options = readonly (readonly [string, Value])[];

function activationClass(name: string, fn: string, options: Options, extraRepr?: (self: PyInstance) => string): PyClass {
  return layerClass({ name, file: "activation", options, forward: calling(fn, options.map(([n]) => n)), extraRepr });
}

const INPLACE: readonly [string, Value] = ["inplace", false];

/** PReLU(num_parameters=1, init=0.25): a weight of num_parameters elements filled with init. */
function resetPrelu(self: PyInstance): void {
  const count = asIndex(option(self, "num_parameters"));
  const init = E.scalarValue(scalarArg(option(self, "init"), "PReLU") ?? 0.25);
  setClassObjectAttribute(self, "weight", makeParameter(E.full([count], init, "float32")));
}

const preluForward = (self: PyInstance, x: Tensor): Tensor => E.prelu(x, getClassObjectAttribute(self, "weight") as Tensor);

export const moreLayerClasses: PyClass[] = [
  activationClass("Softsign", "softsign", []),
  activationClass("Tanhshrink", "tanhshrink", []),
  activationClass("Hardswish", "hardswish", [INPLACE]),
  activationClass("Hardsigmoid", "hardsigmoid", [INPLACE]),
  activationClass("Mish", "mish", [INPLACE]),
  activationClass("CELU", "celu", [["alpha", new PyFloat(1)], INPLACE], (self) => `alpha=${str(option(self, "alpha"))}${inplaceSuffix(self)}`),
  activationClass("GLU", "glu", [["dim", -1]], (self) => `dim=${str(option(self, "dim"))}`),
  activationClass("Threshold", "threshold", [["threshold", null], ["value", null], INPLACE],
    (self) => `threshold=${str(option(self, "threshold"))}, value=${str(option(self, "value"))}${inplaceSuffix(self)}`),
  activationClass("Hardshrink", "hardshrink", [["lambd", new PyFloat(0.5)]], (self) => str(option(self, "lambd"))),
  activationClass("Softshrink", "softshrink", [["lambd", new PyFloat(0.5)]], (self) => str(option(self, "lambd"))),
  layerClass({
    name: "PReLU", file: "activation", options: [["num_parameters", 1], ["init", new PyFloat(0.25)], ["device", null], ["dtype", null]],
    setup: resetPrelu, forward: preluForward, extraRepr: (self) => `num_parameters=${str(option(self, "num_parameters"))}`,
  }),
  lossClass("CosineSimilarity", impl("cosine_similarity"), [["dim", 1], ["eps", new PyFloat(1e-8)]], ["x1", "x2"], "distance"),
  lossClass("PairwiseDistance", impl("pairwise_distance"), [["p", new PyFloat(2)], ["eps", new PyFloat(1e-6)], ["keepdim", false]], ["x1", "x2"], "distance"),
  lossClass("SmoothL1Loss", impl("smooth_l1_loss"), [SIZE_AVERAGE, REDUCE, REDUCTION, ["beta", new PyFloat(1)]]),
  lossClass("HuberLoss", impl("huber_loss"), [REDUCTION, ["delta", new PyFloat(1)]]),
  lossClass("SoftMarginLoss", impl("soft_margin_loss"), [SIZE_AVERAGE, REDUCE, REDUCTION]),
  lossClass("KLDivLoss", impl("kl_div"), [SIZE_AVERAGE, REDUCE, REDUCTION, ["log_target", false]]),
  lossClass("MarginRankingLoss", impl("margin_ranking_loss"), [["margin", new PyFloat(0)], SIZE_AVERAGE, REDUCE, REDUCTION], ["input1", "input2", "target"]),
  lossClass("GaussianNLLLoss", impl("gaussian_nll_loss"), [["full", false], ["eps", new PyFloat(1e-6)], REDUCTION], ["input", "target", "var"]),
  lossClass("CosineEmbeddingLoss", impl("cosine_embedding_loss"), [["margin", new PyFloat(0)], SIZE_AVERAGE, REDUCE, REDUCTION], ["input1", "input2", "target"]),
  lossClass("PoissonNLLLoss", impl("poisson_nll_loss"),
    [["log_input", true], ["full", false], SIZE_AVERAGE, ["eps", new PyFloat(1e-8)], REDUCE, REDUCTION], ["log_input", "target"]),
];
