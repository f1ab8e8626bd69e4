// Warnings that teach: patterns in the recorded engine events and the cells' messages that
// usually surprise learners, each with a short why and a fix. Pure; unit-tested on recorded data.

import type { EvaluationResult } from "../../src/result";
import { cutWarnings } from "./cutWarnings";
import { formatValue } from "./format";
import type { ViewGraph } from "./graph";
import { optimizedLeaves, optimizerWarnings } from "./optimizerWarnings";
import { EventOf, isReset, leafNodeIds, linesOf, onLines, TeachingWarning } from "./warningSupport";

export type { TeachingWarning, WarningKind } from "./warningSupport";

export function teachingWarnings(result: EvaluationResult, graph: ViewGraph): TeachingWarning[] {
  return [
    ...accumulationWarnings(result, graph),
    ...optimizerWarnings(result, graph),
    ...retainGraphWarnings(result, graph),
    ...cutWarnings(result, graph),
    ...messageWarnings(result),
  ];
}

/**
 * A leaf's .grad that several backward calls added into with no zero_grad(), zero_() or `= None`
 * between them: the newest such run for each leaf (runs of one call are not reported). Leaves an
 * optimizer steps are left to optimizerWarnings, which judges them per step.
 */
export function accumulationWarnings(result: EvaluationResult, graph: ViewGraph): TeachingWarning[] {
  const runs = new Map<number, EventOf<"accumulate">[]>();
  for (const event of result.events) {
    if (event.kind === "grad-reset") event.tensors.forEach((t) => runs.delete(t));
    if (event.kind !== "accumulate") continue;
    const run = runs.get(event.tensor);
    if (run && !isReset(event.before)) run.push(event);
    else runs.set(event.tensor, [event]);
  }
  const optimized = optimizedLeaves(result);
  const warnings: TeachingWarning[] = [];
  for (const [tensor, run] of runs) {
    if (run.length < 2 || optimized.has(tensor)) continue;
    const name = graph.byId.get(`t${tensor}`)?.label ?? "a leaf tensor";
    const values = [formatValue(run[0].before), ...run.map((e) => formatValue(e.after))];
    const lines = linesOf(run.map((e) => e.site ?? undefined));
    const calls = run.length;
    const inLoop = lines.length < calls;
    const where = onLines(lines);
    warnings.push({
      kind: "accumulation",
      title: `${name}.grad accumulated over ${calls} backward calls`,
      detail: `${inLoop ? `backward()${where} ran ${calls} times without zeroing the gradient` : `${calls} backward calls${where} added into it`}: ${name}.grad went ${values.join(" → ")}`,
      why: "backward() adds each new gradient into .grad; it never replaces it. So .grad is the sum over every call since it was last cleared.",
      fix: `Clear it before each backward(): ${name}.grad.zero_() or ${name}.grad = None (optimizer.zero_grad() in a training loop). Keep it only if you mean to sum gradients.`,
      nodeIds: leafNodeIds(graph, tensor),
      lines,
    });
  }
  return warnings;
}

/** One graph backpropagated again and again with retain_graph=True (seed notebook 004). */
export function retainGraphWarnings(result: EvaluationResult, graph: ViewGraph): TeachingWarning[] {
  const byRoots = new Map<string, EventOf<"backward">[]>();
  for (const event of result.events) {
    if (event.kind !== "backward") continue;
    const key = event.roots.join(",");
    byRoots.set(key, [...(byRoots.get(key) ?? []), event]);
  }
  const warnings: TeachingWarning[] = [];
  for (const [key, events] of byRoots) {
    if (events.length < 2 || !events.some((e) => e.retainGraph)) continue;
    const root = graph.byId.get(`f${key.split(",")[0]}`);
    const output = root?.output ? graph.byId.get(root.output)?.label : undefined;
    const lines = linesOf(events.map((e) => e.site ?? undefined));
    warnings.push({
      kind: "retain-graph",
      title: `The same graph was backpropagated ${events.length} times`,
      detail: `${output ?? "One output"}'s graph${root ? ` (${root.label})` : ""} ran backward ${events.length} times with retain_graph=True${lines.length ? ` (line${lines.length === 1 ? "" : "s"} ${lines.join(", ")})` : ""}.`,
      why: "retain_graph=True keeps the graph so it can be backpropagated again, but each pass computes the same first derivative and adds it into .grad once more. It does not give a second derivative.",
      fix: "For higher derivatives use torch.autograd.grad(y, x, create_graph=True) and differentiate its result; otherwise call backward() once.",
      nodeIds: root ? [root.id] : [],
      lines,
    });
  }
  return warnings;
}

/** PyTorch's own warnings and errors about autograd, explained. */
export function messageWarnings(result: EvaluationResult): TeachingWarning[] {
  const warnings: TeachingWarning[] = [];
  const messages = result.cells.flatMap((cell) => [...cell.warnings, ...(cell.error ? [cell.error] : [])]);
  const line = result.cells.find((cell) => cell.errorLocation)?.errorLocation?.line;
  if (messages.some((m) => m.includes("not a leaf Tensor is being accessed"))) {
    warnings.push({
      kind: "non-leaf-grad",
      title: ".grad of a non-leaf tensor is None",
      detail: "PyTorch warned that the code read .grad of a tensor computed from others (it has a grad_fn).",
      why: "backward() stores gradients only in leaves (tensors you created with requires_grad=True). Intermediate results pass their gradient on and keep nothing.",
      fix: "Call .retain_grad() on the intermediate tensor before backward(), or read .grad of the leaf it came from.",
      nodeIds: [], lines: [],
    });
  }
  if (messages.some((m) => m.includes("backward through the graph a second time"))) {
    warnings.push({
      kind: "backward-twice",
      title: "backward() ran twice through a freed graph",
      detail: "The second backward() found the graph's saved tensors already freed by the first.",
      why: "To save memory, backward() frees what the graph saved for its formulas once it has used it.",
      fix: "Pass retain_graph=True to the first backward() if you really need a second pass, or rebuild the graph (run the forward computation again) before each backward().",
      nodeIds: [], lines: line ? [line] : [],
    });
  }
  const inplace = messages.find((m) => m.includes("modified by an inplace operation"));
  if (inplace) {
    const versions = /is at version (\d+); expected version (\d+)/.exec(inplace);
    warnings.push({
      kind: "inplace",
      title: "A tensor the graph needs was changed in place",
      detail: versions
        ? `backward() needed a tensor at version ${versions[2]}, but an in-place operation had moved it to version ${versions[1]}.`
        : "backward() needed a tensor that an in-place operation changed after the graph saved it.",
      why: "Operations save their inputs for the backward formulas; an in-place change (x += 1, x.add_(), x.zero_()) afterwards makes the saved value wrong, so PyTorch refuses.",
      fix: "Use the out-of-place version (x = x + 1) or clone() the tensor before changing it.",
      nodeIds: [], lines: line ? [line] : [],
    });
  }
  return warnings;
}
