// An optimizer's step() reading gradients that earlier steps already used: the training loop with
// no zero_grad(). Pure; computed from the recorded events.

import type { EvaluationResult, SourceLocation, ValueSnapshot } from "../../src/result";
import { formatValue } from "./format";
import type { ViewGraph } from "./graph";
import { EventOf, isReset, leafName, leafNodeIds, linesOf, onLines, TeachingWarning } from "./warningSupport";

/** How many of a parameter's .grad values the warning lists. */
const VALUES_SHOWN = 5;

/** A leaf's .grad after every backward since it was last cleared, and where those backward calls were. */
type GradHistory = Map<number, { values: ValueSnapshot[]; sites: (SourceLocation | undefined)[] }>;

/** The steps of one step() call site, and the parameters whose gradients went stale there. */
interface StepSite {
  optimizer: string;
  site?: SourceLocation;
  steps: number;
  /** 1-based number of the first step that used an earlier step's gradient. */
  firstStale?: number;
  stale: number[];
  /** Whether its newest step was stale: code fixed and run again is no longer reported. */
  lastStale: boolean;
}

/** The leaves some optimizer stepped: their accumulation is judged per step, not per backward. */
export function optimizedLeaves(result: EvaluationResult): Set<number> {
  return new Set(result.events.flatMap((e) => (e.kind === "optimizer-step" ? e.params : [])));
}

export function optimizerWarnings(result: EvaluationResult, graph: ViewGraph): TeachingWarning[] {
  /** Leaves whose current .grad an earlier step already used. */
  const used = new Set<number>();
  const history: GradHistory = new Map();
  const sites = new Map<string, StepSite>();
  const clear = (tensor: number): void => {
    used.delete(tensor);
    history.delete(tensor);
  };
  for (const event of result.events) {
    if (event.kind === "grad-reset") event.tensors.forEach(clear);
    else if (event.kind === "accumulate") {
      if (isReset(event.before)) clear(event.tensor);
      const entry = history.get(event.tensor) ?? { values: [], sites: [] };
      entry.values.push(event.after);
      entry.sites.push(event.site ?? undefined);
      history.set(event.tensor, entry);
    } else if (event.kind === "optimizer-step") noteStep(event, sites, used);
  }
  return [...sites.values()].filter((s) => s.lastStale).map((s) => warning(s, result, graph, history));
}

function noteStep(event: EventOf<"optimizer-step">, sites: Map<string, StepSite>, used: Set<number>): void {
  const site = event.site ?? undefined;
  const key = site ? `${site.line}:${site.column}` : "";
  const entry = sites.get(key) ?? { optimizer: event.optimizer, site, steps: 0, stale: [], lastStale: false };
  sites.set(key, entry);
  entry.steps++;
  entry.lastStale = false;
  for (const param of event.params) {
    if (used.has(param)) {
      entry.firstStale ??= entry.steps;
      entry.lastStale = true;
      if (!entry.stale.includes(param)) entry.stale.push(param);
    }
    used.add(param);
  }
}

function warning(site: StepSite, result: EvaluationResult, graph: ViewGraph, history: GradHistory): TeachingWarning {
  const names = site.stale.map((t) => leafName(result, graph, t));
  const first = history.get(site.stale[0]);
  const values = first ? first.values.slice(-VALUES_SHOWN).map(formatValue) : [];
  const trail = values.length > 1 ? `: ${names[0]}.grad went ${values.join(" → ")}` : "";
  const stepLines = linesOf([site.site]);
  const backwardLines = linesOf(site.stale.flatMap((t) => history.get(t)?.sites ?? []));
  const call = `${site.optimizer}.step()${onLines(stepLines)}`;
  return {
    kind: "optimizer-no-zero-grad",
    title: "Gradients from earlier steps were added into this step's update",
    detail: `${call} ran ${site.steps} times with no zero_grad() in between; from step ${site.firstStale} on, ${names.join(", ")}.grad still held the gradients of earlier backward() calls${trail}.`,
    why: "backward() adds each new gradient into .grad, and step() uses .grad as it finds it. Without zero_grad() every update moves the parameters by the sum of this step's gradient and all earlier ones, so the steps grow and training goes wrong.",
    fix: "Call optimizer.zero_grad() before loss.backward() in each iteration (or set each parameter's .grad to None).",
    nodeIds: site.stale.flatMap((t) => leafNodeIds(graph, t)),
    lines: [...stepLines, ...backwardLines.filter((line) => !stepLines.includes(line))],
  };
}
