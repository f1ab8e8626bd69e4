// torch.nn.functional.layer_norm, batch_norm and embedding, with functional.py's own argument
// handling (batch_norm's batch-size check, embedding's negative padding_idx).

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { PyException } from "../../errors";
import { asIndex, toArray } from "../../protocols";
import { NativeImpl, Value } from "../../values";
import type { OpBindings } from "../binding";
import { numberOf } from "../nn/native_class";
import { flag } from "./shape_args";
import { tensorParam } from "./signatures";

const optionalTensor = (v: Value | undefined, fn: string, param: string, position: number): Tensor | null =>
  v === undefined || v === null ? null : tensorParam(v, fn, param, position);

const numberOr = (v: Value | undefined, fallback: number): number => (v === undefined || v === null ? fallback : numberOf(v));

const sizeRepr = (shape: readonly number[]): string => `torch.Size([${shape.join(", ")}])`;

/** F._verify_batch_size: training needs more than one value per channel. */
export function verifyBatchSize(x: Tensor): void {
  const perChannel = x.dim >= 2 ? x.numel / x.shape[1] : x.shape[0];
  if (perChannel === 1) {
    throw new PyException("ValueError", `Expected more than 1 value per channel when training, got input size ${sizeRepr(x.shape)}`);
  }
}

/** F.embedding's padding_idx: checked against the table, negative counted from its end; -1 for none. */
export function paddingIndex(v: Value | undefined, numEmbeddings: number): number {
  if (v === undefined || v === null) return -1;
  const i = asIndex(v);
  if (i >= numEmbeddings || i < -numEmbeddings) {
    throw new PyException("AssertionError", "Padding_idx must be within num_embeddings");
  }
  return i < 0 ? numEmbeddings + i : i;
}

const layerNorm: NativeImpl = (args, kwargs) => {
  const [input, shape, weight, bias, eps] = parseArgs("layer_norm", ["input", "normalized_shape", "weight?", "bias?", "eps?"], args, kwargs);
  const normalizedShape = typeof shape === "number" ? [shape] : toArray(shape!).map((d) => asIndex(d));
  return E.layerNorm(tensorParam(input, "layer_norm", "input", 1), normalizedShape,
    optionalTensor(weight, "layer_norm", "weight", 3), optionalTensor(bias, "layer_norm", "bias", 4), numberOr(eps, 1e-5));
};

const batchNorm: NativeImpl = (args, kwargs) => {
  const [input, runningMean, runningVar, weight, bias, training, momentum, eps] = parseArgs("batch_norm",
    ["input", "running_mean", "running_var", "weight?", "bias?", "training?", "momentum?", "eps?"], args, kwargs);
  const fn = "batch_norm";
  const x = tensorParam(input, fn, "input", 1);
  if (flag(training)) verifyBatchSize(x);
  return E.batchNorm(x, optionalTensor(runningMean, fn, "running_mean", 2), optionalTensor(runningVar, fn, "running_var", 3),
    optionalTensor(weight, fn, "weight", 4), optionalTensor(bias, fn, "bias", 5), flag(training), numberOr(momentum, 0.1), numberOr(eps, 1e-5));
};

const embedding: NativeImpl = (args, kwargs) => {
  const [input, weight, padding] = parseArgs("embedding",
    ["input", "weight", "padding_idx?", "max_norm?", "norm_type?", "scale_grad_by_freq?", "sparse?"], args, kwargs);
  const w = tensorParam(weight, "embedding", "weight", 2);
  return E.embedding(w, tensorParam(input, "embedding", "input", 1), paddingIndex(padding, w.shape[0]));
};

export const bindings: OpBindings = {
  nnFunctional: new Map<string, NativeImpl>([["layer_norm", layerNorm], ["batch_norm", batchNorm], ["embedding", embedding]]),
};
