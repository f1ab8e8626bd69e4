// The list of teaching warnings: a title, what happened, why, and a fix each.

import type { TeachingWarning } from "../model/warnings";
import { element } from "./dom";

export function warningsView(warnings: TeachingWarning[], revealLine: (line: number) => void): HTMLElement | null {
  if (warnings.length === 0) return null;
  const section = element("section", { className: "warnings" });
  section.setAttribute("aria-label", "Warnings");
  for (const warning of warnings) {
    const lines = warning.lines.map((line) => {
      const link = element("button", { type: "button", className: "line-link", title: `Reveal line ${line}` }, `line ${line}`);
      link.addEventListener("click", () => revealLine(line));
      return link;
    });
    const details = element("details", { className: `warning ${warning.kind}`, open: true },
      element("summary", {}, element("span", { className: "icon" }, "⚠"), " ", warning.title, ...(lines.length ? [" ", ...lines] : [])),
      element("p", { className: "what" }, warning.detail),
      element("p", { className: "why" }, element("strong", {}, "Why: "), warning.why),
      element("p", { className: "fix" }, element("strong", {}, "Fix: "), warning.fix),
    );
    section.append(details);
  }
  return section;
}
