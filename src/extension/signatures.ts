// Hover text for a torch function or tensor method: PyTorch's signature and what its gradient is
// recorded as, from the generated SIGNATURES table. Pure; tested in test/extension/hoverMarkdown.test.ts.

import { SIGNATURES } from "./signatureTable";

/** How the code names a function: `torch.sin`, `F.relu`, or a method on a tensor (`x.sum`). */
export type CalleeOwner = "torch" | "torch.nn.functional" | "Tensor";

/** Module aliases the hover understands, as they are usually imported. */
const OWNER_ALIASES: Readonly<Record<string, CalleeOwner>> = { torch: "torch", F: "torch.nn.functional" };

/** The owner a name before a dot stands for, when it is a module alias; undefined otherwise. */
export function moduleOwner(name: string): CalleeOwner | undefined {
  return OWNER_ALIASES[name];
}

/** Markdown for `owner.name`, or undefined when the catalogue does not have it. */
export function signatureMarkdown(owner: CalleeOwner, name: string): string | undefined {
  const entry = SIGNATURES[`${owner}.${name}`];
  if (!entry) return undefined;
  const [signature, gradFn] = entry;
  const qualified = owner === "Tensor" ? `Tensor.${signature}` : `${owner}.${signature}`;
  const lines = [`\`\`\`python\n${qualified}\n\`\`\``];
  if (gradFn) lines.push(`Differentiable: on a tensor that requires grad its result records \`grad_fn=<${gradFn}>\`, whose backward applies this op's derivative.`);
  else if (gradFn === "") lines.push("Not differentiable: its result has no `grad_fn`, so no gradient flows back through it.");
  return lines.join("\n\n");
}
