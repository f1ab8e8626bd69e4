// A function node's details for its tooltip: PyTorch's name, what it saved for backward under the
// names `grad_fn._saved_*` has (values as Python prints them), and the line that made it.

import type { ViewNode } from "../model/graph";

/** Saved values longer than this are cut, so a tooltip stays readable. */
const VALUE_WIDTH = 200;

export function functionTooltip(view: ViewNode): string {
  const lines = [view.label];
  if (view.saved && view.saved.length > 0) {
    lines.push("saved for backward:");
    for (const { name, value } of view.saved) {
      const text = value.length > VALUE_WIDTH ? `${value.slice(0, VALUE_WIDTH - 1)}…` : value;
      lines.push(`  ${name} = ${text.replace(/\n\s*/g, " ")}`);
    }
  } else if (view.detail) {
    lines.push(`saved: ${view.detail}`);
  }
  if (view.location) lines.push(`line ${view.location.line}`);
  return lines.join("\n");
}
