// nn.Embedding: a float32 table drawn from N(0, 1) under the default generator, its padding row
// zeroed, looked up by F.embedding.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { getClassObjectAttribute, PyInstance, setClassObjectAttribute } from "../../classes";
import { asIndex } from "../../protocols";
import { str } from "../../repr";
import { paddingIndex } from "../bindings/normalization";
import { option } from "./activations";
import { layerClass } from "./layers";
import { makeParameter } from "./parameter";

function setupEmbedding(self: PyInstance): void {
  const count = asIndex(option(self, "num_embeddings"));
  const width = asIndex(option(self, "embedding_dim"));
  const given = option(self, "padding_idx");
  const padding = given === null ? -1 : paddingIndex(given, count);
  if (given !== null) self.dict.set("padding_idx", padding);
  const weight = E.normal_(Tensor.zeros([count, width], "float32"));
  if (padding >= 0) weight.storage.data.fill(0, padding * width, (padding + 1) * width);
  setClassObjectAttribute(self, "weight", makeParameter(weight));
}

export const embeddingClass = layerClass({
  name: "Embedding", file: "sparse",
  options: [["num_embeddings", null], ["embedding_dim", null], ["padding_idx", null], ["max_norm", null], ["norm_type", null],
    ["scale_grad_by_freq", false], ["sparse", false]],
  setup: setupEmbedding,
  forward: (self, input) => {
    const padding = option(self, "padding_idx");
    return E.embedding(getClassObjectAttribute(self, "weight") as Tensor, input, padding === null ? -1 : asIndex(padding));
  },
  extraRepr: (self) => {
    let text = `${str(option(self, "num_embeddings"))}, ${str(option(self, "embedding_dim"))}`;
    if (option(self, "padding_idx") !== null) text += `, padding_idx=${str(option(self, "padding_idx"))}`;
    return text;
  },
});
