// Why PyTorch raised or warned, and what to do, for the messages learners meet most. Matched on
// PyTorch 1.13's own wording; pure data, read by diagnostics.ts.

export interface Explanation {
  why: string;
  fix: string;
}

const EXPLANATIONS: readonly (Explanation & { match: string })[] = [
  {
    match: "backward through the graph a second time",
    why: "backward() frees the values the graph saved for its formulas once it has used them, so the same graph cannot be backpropagated again.",
    fix: "Pass retain_graph=True to the earlier backward() if you need a second pass, or run the forward computation again before each backward().",
  },
  {
    match: "modified by an inplace operation",
    why: "An operation saved this tensor for its backward formula, and an in-place change (x += 1, x.add_(), x.zero_()) made the saved value wrong.",
    fix: "Use the out-of-place version (x = x + 1), or clone() the tensor before changing it.",
  },
  {
    match: "a leaf Variable that requires grad is being used in an in-place operation",
    why: "Changing a leaf that requires grad in place would hide the change from autograd, so PyTorch refuses.",
    fix: "Update it inside `with torch.no_grad():` (as optimizers do), or change a copy: x = x + 1.",
  },
  {
    match: "grad can be implicitly created only for scalar outputs",
    why: "backward() with no argument starts from a gradient of 1, which only makes sense for a single number.",
    fix: "Reduce the output first (y.sum().backward()), or pass the starting gradient: y.backward(torch.ones_like(y)).",
  },
  {
    match: "Only Tensors of floating point and complex dtype can require gradients",
    why: "Gradients are defined only for real or complex numbers; an integer tensor cannot take a small step.",
    fix: "Create it as floating point: torch.tensor(3.0, requires_grad=True) or dtype=torch.float32.",
  },
  {
    match: "does not require grad and does not have a grad_fn",
    why: "The tensor backward() started from was not computed from anything that requires grad, so there is no graph to go through.",
    fix: "Set requires_grad=True on the inputs before computing it, and check no torch.no_grad() or .detach() cut the path.",
  },
  {
    match: "not a leaf Tensor is being accessed",
    why: "backward() stores gradients only in leaves (tensors you created with requires_grad=True); intermediate results pass their gradient on and keep nothing.",
    fix: "Call .retain_grad() on the intermediate tensor before backward(), or read .grad of the leaf it came from.",
  },
];

export function explain(message: string): Explanation | undefined {
  return EXPLANATIONS.find((entry) => message.includes(entry.match));
}

/** The message with its explanation appended, as a diagnostic shows it. */
export function explained(message: string): string {
  const explanation = explain(message);
  return explanation ? `${message}\n\nWhy: ${explanation.why}\nFix: ${explanation.fix}` : message;
}
