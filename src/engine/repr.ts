// A tensor's repr with PyTorch's suffixes (grad_fn or requires_grad).

import { formatTensorRepr } from "./print";
import { Tensor } from "./tensor";

/** Tensors made by nn.Parameter, whose repr says so. */
export const parameters = new WeakSet<Tensor>();

export function tensorRepr(t: Tensor): string {
  const prefix = parameters.has(t) ? "Parameter containing:\n" : "";
  const suffixes: string[] = [];
  if (t.gradFn !== null) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  return prefix + formatTensorRepr({ values: t.contiguousData(), shape: t.shape, dtype: t.dtype }, suffixes);
}
