// The torch.optim package.

import { PyModule, Value } from "../../values";
import { adamClass } from "./adam";
import { sgdClass } from "./sgd";

export function createOptimModule(): PyModule {
  return new PyModule("torch.optim", new Map<string, Value>([["SGD", sgdClass], ["Adam", adamClass]]),
    "/usr/lib/python3/dist-packages/torch/optim/__init__.py");
}
