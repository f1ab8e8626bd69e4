// torch.autograd.set_detect_anomaly: backward checks every gradient it produces for NaN.

import { runtimeError } from "../errors";
import type { Tensor } from "../tensor";
import type { Node } from "./node";

let enabled = false;

export function isAnomalyDetectionEnabled(): boolean {
  return enabled;
}

export function setAnomalyDetection(value: boolean): boolean {
  const previous = enabled;
  enabled = value;
  return previous;
}

export function checkForNaN(node: Node, gradsOut: readonly (Tensor | null)[]): void {
  gradsOut.forEach((g, i) => {
    if (g === null) return;
    for (let k = 0; k < g.numel; k++) {
      if (Number.isNaN(g.at(k))) throw runtimeError(`Function '${node.name}' returned nan values in its ${i}th output.`);
    }
  });
}
