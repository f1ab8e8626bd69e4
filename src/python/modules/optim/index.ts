// The torch.optim package.

import { PyModule, Value } from "../../values";
import { adagradClass } from "./adagrad";
import { adamClass } from "./adam";
import { adamwClass } from "./adamw";
import { createLrSchedulerModule } from "./lr_scheduler";
import { rmspropClass } from "./rmsprop";
import { sgdClass } from "./sgd";

export function createOptimModule(): PyModule {
  return new PyModule("torch.optim", new Map<string, Value>([["SGD", sgdClass], ["Adam", adamClass], ["AdamW", adamwClass], ["RMSprop", rmspropClass], ["Adagrad", adagradClass],
    ["lr_scheduler", createLrSchedulerModule()]]),
    "/usr/lib/python3/dist-packages/torch/optim/__init__.py");
}
