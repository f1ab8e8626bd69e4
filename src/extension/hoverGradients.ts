// What the engine's events say about gradients, as hover text: a leaf's .grad history (each
// accumulation since its last reset) and what one `.backward()` / `autograd.grad` line did.
// Pure, over a recorded EvaluationResult; unit-tested in test/extension/hoverMarkdown.test.ts.

import { formatValue } from "../../media/model/format";
import type { AccumulateRecord, BackwardRecord } from "../engine/events";
import type { EngineEventView, EvaluationResult, SourceLocation, ValueSnapshot } from "../result";

type Accumulation = AccumulateRecord<SourceLocation | undefined>;
type Backward = BackwardRecord<SourceLocation | undefined>;

/**
 * "accumulated by 5 backward calls at line 3: 4. → 8. → 12. → 16. → 20. → 24." for the leaf with
 * engine id `tensorId`, counting from its last .grad reset; undefined when nothing accumulated.
 */
export function gradHistory(events: readonly EngineEventView[], tensorId: number): string | undefined {
  let run: Accumulation[] = [];
  for (const event of events) {
    if (event.kind === "accumulate" && event.tensor === tensorId) run.push(event);
    else if (event.kind === "grad-reset" && event.tensors.includes(tensorId)) run = [];
  }
  if (run.length === 0) return undefined;
  const values = run[0].before ? [run[0].before] : [];
  for (const accumulation of run) values.push(accumulation.after);
  const calls = run.length === 1 ? "1 backward call" : `${run.length} backward calls`;
  const where = atLines(run.map((a) => a.site));
  return `accumulated by ${calls}${where}: ${values.map(formatValue).join(" → ")}`;
}

/**
 * Markdown for the backward calls written on 1-based `line`: how many passes ran there and, for
 * each leaf they reached, what each pass added to its .grad (for autograd.grad, what it returned).
 * `names` maps engine tensor ids to variable names. `sinceBackward` drops passes older than that id (a notebook cell's earlier runs
 * share its line numbers). Undefined when no pass ran on that line.
 */
export function backwardCallMarkdown(
  result: EvaluationResult, line: number, names: ReadonlyMap<number, string>, sinceBackward = 0,
): string | undefined {
  const passes = result.events.filter((e): e is Backward => e.kind === "backward" && e.id >= sinceBackward && e.site?.line === line);
  if (passes.length === 0) return undefined;
  const isGrad = passes[0].api === "grad";
  const api = isGrad ? "torch.autograd.grad" : ".backward()";
  const count = passes.length === 1 ? "1 pass" : `${passes.length} passes`;
  const added = new Map<number, ValueSnapshot[]>();
  for (const pass of passes) {
    for (const step of pass.steps) {
      if (step.name !== "AccumulateGrad" || step.tensor === undefined) continue;
      const grad = step.gradsIn[0];
      if (!grad) continue;
      const grads = added.get(step.tensor);
      if (grads) grads.push(grad);
      else added.set(step.tensor, [grad]);
    }
  }
  const heading = `**${api}** on line ${line}: ${count}, ${passes.reduce((n, p) => n + p.steps.length, 0)} backward steps`;
  if (added.size === 0) return `${heading}  \nno leaf was reached`;
  const lines = [...added].map(([tensor, grads]) => {
    const name = names.get(tensor) ?? `tensor #${tensor}`;
    const values = grads.map(formatValue);
    const same = values.every((v) => v === values[0]);
    const what = same && values.length > 1 ? `${values[0]} each time` : values.join(", ");
    return isGrad ? `- d/d\`${name}\` = ${what}` : `- \`${name}.grad\` += ${what}`;
  });
  // autograd.grad hands its gradients back instead of accumulating them into .grad.
  const lead = isGrad ? "returned, leaving .grad unchanged:" : "reached and added:";
  return [heading, lead, lines.join("\n")].join("\n\n");
}

/** " at line 3", " at lines 3 and 7", " at lines 3, 7 and 9"; empty when no site is known. */
function atLines(sites: readonly (SourceLocation | undefined)[]): string {
  const lines = [...new Set(sites.flatMap((site) => (site ? [site.line] : [])))].sort((a, b) => a - b);
  if (lines.length === 0) return "";
  if (lines.length === 1) return ` at line ${lines[0]}`;
  return ` at lines ${lines.slice(0, -1).join(", ")} and ${lines[lines.length - 1]}`;
}
