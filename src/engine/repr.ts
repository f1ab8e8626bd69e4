// A tensor's repr with PyTorch's suffixes (grad_fn or requires_grad).

import { formatTensorRepr } from "./print";
import { Tensor } from "./tensor";

export function tensorRepr(t: Tensor): string {
  const suffixes: string[] = [];
  if (t.gradFn !== null) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  return formatTensorRepr({ values: t.contiguousData(), shape: t.shape, dtype: t.dtype }, suffixes);
}
