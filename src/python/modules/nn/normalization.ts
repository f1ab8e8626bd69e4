// nn.LayerNorm and nn.BatchNorm1d / BatchNorm2d: parameters initialised to ones and zeros, and
// BatchNorm's running statistics, moved in training mode and used in eval mode.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { getClassObjectAttribute, PyInstance, setClassObjectAttribute } from "../../classes";
import { PyException } from "../../errors";
import { asIndex, toArray, truthy } from "../../protocols";
import { repr, str } from "../../repr";
import { PyFloat, PyTuple, Value } from "../../values";
import { verifyBatchSize } from "../bindings/normalization";
import { option } from "./activations";
import { layerClass } from "./layers";
import { moduleState } from "./module";
import { numberOf } from "./native_class";
import { makeParameter } from "./parameter";

/** A parameter or buffer, or null for one registered as None. */
const tensorOption = (self: PyInstance, name: string): Tensor | null => {
  const value = getClassObjectAttribute(self, name);
  return value instanceof Tensor ? value : null;
};

/** weight = ones and bias = zeros of `shape` when affine, else both registered as None. */
function affineParameters(self: PyInstance, shape: readonly number[], affine: boolean): void {
  if (!affine) {
    for (const name of ["weight", "bias"]) moduleState(self).parameters.set(name, null);
    return;
  }
  setClassObjectAttribute(self, "weight", makeParameter(E.full(shape, 1, "float32")));
  setClassObjectAttribute(self, "bias", makeParameter(Tensor.zeros(shape, "float32")));
}

function setupLayerNorm(self: PyInstance): void {
  const given = option(self, "normalized_shape");
  const shape = typeof given === "number" ? [given] : toArray(given).map((d) => asIndex(d));
  self.dict.set("normalized_shape", new PyTuple(shape));
  affineParameters(self, shape, truthy(option(self, "elementwise_affine")));
}

const layerNormClass = layerClass({
  name: "LayerNorm", file: "normalization",
  options: [["normalized_shape", null], ["eps", new PyFloat(1e-5)], ["elementwise_affine", true], ["device", null], ["dtype", null]],
  setup: setupLayerNorm,
  forward: (self, x) => E.layerNorm(x, toArray(option(self, "normalized_shape")).map((d) => asIndex(d)),
    tensorOption(self, "weight"), tensorOption(self, "bias"), numberOf(option(self, "eps"))),
  extraRepr: (self) => `${repr(option(self, "normalized_shape"))}, eps=${str(option(self, "eps"))}, elementwise_affine=${str(option(self, "elementwise_affine"))}`,
});

function setupBatchNorm(self: PyInstance): void {
  const features = asIndex(option(self, "num_features"));
  affineParameters(self, [features], truthy(option(self, "affine")));
  const tracking = truthy(option(self, "track_running_stats"));
  const buffers = moduleState(self).buffers;
  buffers.set("running_mean", tracking ? Tensor.zeros([features], "float32") : null);
  buffers.set("running_var", tracking ? E.full([features], 1, "float32") : null);
  buffers.set("num_batches_tracked", tracking ? Tensor.zeros([], "int64") : null);
}

/** _BatchNorm.forward: count the batch, pick the averaging factor, then F.batch_norm. */
function batchNormForward(self: PyInstance, x: Tensor): Tensor {
  const momentum = option(self, "momentum");
  let factor = momentum === null ? 0 : numberOf(momentum);
  const training = truthy(option(self, "training"));
  const tracking = truthy(option(self, "track_running_stats"));
  const counter = tensorOption(self, "num_batches_tracked");
  if (training && tracking && counter !== null) {
    E.applyInPlace(counter, (t) => E.addScalar(t, 1));
    if (momentum === null) factor = 1 / counter.at(0);
  }
  const runningMean = tensorOption(self, "running_mean");
  const runningVar = tensorOption(self, "running_var");
  const useBatchStats = training || (runningMean === null && runningVar === null);
  if (useBatchStats) verifyBatchSize(x);
  const useRunning = !training || tracking;
  return E.batchNorm(x, useRunning ? runningMean : null, useRunning ? runningVar : null,
    tensorOption(self, "weight"), tensorOption(self, "bias"), useBatchStats, factor, numberOf(option(self, "eps")));
}

const BATCH_NORM_OPTIONS: readonly (readonly [string, Value])[] = [["num_features", null], ["eps", new PyFloat(1e-5)],
  ["momentum", new PyFloat(0.1)], ["affine", true], ["track_running_stats", true], ["device", null], ["dtype", null]];

function batchNormClass(name: string, ranks: readonly number[], expected: string) {
  return layerClass({
    name, file: "batchnorm", options: BATCH_NORM_OPTIONS, setup: setupBatchNorm,
    forward: (self, x) => {
      if (!ranks.includes(x.dim)) throw new PyException("ValueError", `expected ${expected} input (got ${x.dim}D input)`);
      return batchNormForward(self, x);
    },
    extraRepr: (self) => ["eps", "momentum", "affine", "track_running_stats"]
      .reduce((text, n) => `${text}, ${n}=${str(option(self, n))}`, str(option(self, "num_features"))),
  });
}

export const normalizationClasses = [layerNormClass, batchNormClass("BatchNorm1d", [2, 3], "2D or 3D"), batchNormClass("BatchNorm2d", [4], "4D")];
