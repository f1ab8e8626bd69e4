// A leaf that got no gradient because the path to it was cut: detach(), .data, an op under
// torch.no_grad(), or requires_grad_(False). Pure; computed from the recorded events.

import type { CutKind, EvaluationResult } from "../../src/result";
import type { ViewGraph } from "./graph";
import { EventOf, leafNodeIds, linesOf, onLines, TeachingWarning, variablesByTensor } from "./warningSupport";

const CUT_WORDS: Record<CutKind, { what: string; why: string; fix: string }> = {
  detach: {
    what: "detach()",
    why: "detach() returns the same values with no history (no grad_fn). backward() stops at such a tensor, so no gradient flows back through it to the tensors it came from.",
    fix: "Use the tensor itself where you want gradients to flow; detach only values you mean to treat as constants.",
  },
  data: {
    what: ".data",
    why: ".data is the raw values without autograd history: what is computed from it is invisible to backward().",
    fix: "Use the tensor itself in the computation (to change values without recording, use torch.no_grad() around the update, not .data in the forward pass).",
  },
  no_grad: {
    what: "an operation under torch.no_grad()",
    why: "Inside torch.no_grad() operations record no graph, so their results lead nowhere when backward() runs.",
    fix: "Compute the value outside the torch.no_grad() block (or under torch.enable_grad()) when you need its gradient.",
  },
  requires_grad_: {
    what: "requires_grad_(False)",
    why: "requires_grad_(False) turns off gradient tracking for the leaf: operations on it record no edge to it, so backward() never reaches it.",
    fix: "Keep requires_grad=True (or call requires_grad_(True) again) before building the graph whose gradient you want.",
  },
};

const NO_GRAPH_ERROR = "does not require grad and does not have a grad_fn";

/**
 * Named leaves whose .grad is still None although backward() ran after something cut them off,
 * and that no backward() reached after that cut. One warning per leaf, naming each cut's line.
 * (torch.autograd.grad() fills no .grad, so only backward() calls count.)
 */
export function cutWarnings(result: EvaluationResult, graph: ViewGraph): TeachingWarning[] {
  // backward() on a result with no graph at all raises instead of recording a pass.
  const failed = result.cells.find((cell) => cell.error?.includes(NO_GRAPH_ERROR));
  const errorLines = failed?.errorLocation ? [failed.errorLocation.line] : [];
  const variables = variablesByTensor(result);
  const cutsByLeaf = new Map<number, { cuts: EventOf<"cut">[]; reached: boolean; ran: boolean; backwardLines: number[] }>();
  for (const event of result.events) {
    if (event.kind === "cut") {
      for (const leaf of event.leaves) {
        const entry = cutsByLeaf.get(leaf) ?? { cuts: [], reached: false, ran: false, backwardLines: [] };
        entry.cuts.push(event);
        cutsByLeaf.set(leaf, entry);
      }
    } else if (event.kind === "accumulate") {
      const entry = cutsByLeaf.get(event.tensor);
      if (entry) entry.reached = true;
    } else if (event.kind === "backward" && event.api === "backward") {
      const lines = linesOf([event.site ?? undefined]);
      for (const entry of cutsByLeaf.values()) {
        entry.ran = true;
        entry.backwardLines.push(...lines);
      }
    }
  }
  const warnings: TeachingWarning[] = [];
  for (const [leaf, { cuts, reached, ran, backwardLines }] of cutsByLeaf) {
    const variable = variables.get(leaf);
    if (reached || !variable || variable.tensor.grad !== null || !variable.tensor.isLeaf) continue;
    const stillOff = cuts.some((c) => c.how === "requires_grad_");
    if (variable.tensor.requiresGrad === stillOff) continue;
    if (ran || failed) warnings.push(warning(variable.name, leaf, cuts, graph, [...new Set([...backwardLines, ...errorLines])]));
  }
  return warnings;
}

function warning(name: string, leaf: number, cuts: EventOf<"cut">[], graph: ViewGraph, backwardLines: number[]): TeachingWarning {
  const words = CUT_WORDS[cuts[0].how];
  const cutLines = linesOf(cuts.map((c) => c.site ?? undefined));
  const hows = [...new Set(cuts.map((c) => CUT_WORDS[c.how].what))].join(" and ");
  const backward = backwardLines.length > 0 ? `backward()${onLines(backwardLines)}` : "backward()";
  const cutTensors = cuts.flatMap((c) => (c.tensor === undefined || c.tensor === leaf ? [] : [`t${c.tensor}`]));
  return {
    kind: "gradient-cut",
    title: `${name} got no gradient: the path to it was cut${onLines(cutLines)}`,
    detail: `${name}.grad is still None after ${backward}: ${hows}${onLines(cutLines)} cut ${name} off from the graph that was backpropagated.`,
    why: words.why,
    fix: words.fix,
    nodeIds: [...leafNodeIds(graph, leaf), ...cutTensors.filter((id) => graph.byId.has(id))],
    lines: [...cutLines, ...backwardLines.filter((line) => !cutLines.includes(line))],
  };
}
