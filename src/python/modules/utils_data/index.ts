// The torch.utils package as far as snippets use it: torch.utils.data.

import { PyBuiltin, PyModule, Value } from "../../values";
import { dataLoaderClass } from "./dataloader";
import { datasetClass, randomSplit, subsetClass, tensorDatasetClass } from "./datasets";

const PACKAGE = "/usr/lib/python3/dist-packages/torch/utils";

export function createUtilsModule(): PyModule {
  const data = new PyModule("torch.utils.data", new Map<string, Value>([
    ["Dataset", datasetClass],
    ["TensorDataset", tensorDatasetClass],
    ["Subset", subsetClass],
    ["DataLoader", dataLoaderClass],
    ["random_split", new PyBuiltin("random_split", randomSplit)],
  ]), `${PACKAGE}/data/__init__.py`);
  return new PyModule("torch.utils", new Map<string, Value>([["data", data]]), `${PACKAGE}/__init__.py`);
}
