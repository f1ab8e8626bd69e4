// The backward stepper's controls and the card explaining the current step.

import type { BackwardPass, StepView } from "../model/stepper";
import { button, element } from "./dom";

export interface StepperEvents {
  choosePass(id: number): void;
  go(step: number): void;
}

export function stepperView(
  passes: BackwardPass[], passId: number | undefined, steps: StepView[], step: number, events: StepperEvents, playing: boolean,
  togglePlay: () => void,
): HTMLElement {
  const section = element("section", { className: "stepper" });
  section.setAttribute("aria-label", "Backward pass stepper");
  if (passes.length === 0) {
    section.append(element("p", { className: "hint" }, "No backward() call yet. Run one (e.g. ", element("code", {}, "z.backward()"),
      ") to step through how the gradients flow back through this graph."));
    return section;
  }
  const picker = element("select", { className: "pass-picker", title: "Which backward call to step through" });
  picker.setAttribute("aria-label", "Backward pass");
  for (const pass of passes) {
    const option = element("option", { value: String(pass.id), selected: pass.id === passId },
      `${pass.api}()${pass.site ? ` · line ${pass.site.line}` : ""}${pass.retainGraph ? " · retain_graph" : ""} · ${pass.stepCount} steps`);
    picker.append(option);
  }
  picker.addEventListener("change", () => events.choosePass(Number(picker.value)));
  const last = steps.length - 1;
  const controls = element("div", { className: "controls" },
    element("span", { className: "section-title" }, "Backward pass"),
    picker,
    button("|◀", "Back to the start (Home)", () => events.go(-1), "start"),
    button("◀", "Previous step ([)", () => events.go(Math.max(-1, step - 1)), "previous"),
    button(playing ? "Pause" : "Play", playing ? "Pause (p)" : "Play the backward pass (p)", togglePlay, "play"),
    button("Next ▶", "Next step (])", () => events.go(Math.min(last, step + 1)), "next"),
    button("▶|", "Jump to the end (End)", () => events.go(last), "end"),
    element("span", { className: "position" }, step < 0 ? `${steps.length} steps` : `Step ${step + 1} of ${steps.length}`),
  );
  section.append(controls, stepCard(steps, step));
  return section;
}

function stepCard(steps: StepView[], step: number): HTMLElement {
  const card = element("div", { className: "step-card" });
  card.setAttribute("aria-live", "polite");
  if (step < 0) {
    const first = steps[0];
    card.append(element("p", { className: "hint" },
      "Press Next ▶ to follow the gradient from the output back to the leaves, one node at a time.",
      first ? ` It starts at ${first.name} with gradient ${first.gradIn} (d output / d output = 1).` : ""));
    return card;
  }
  const current = steps[step];
  card.append(element("div", { className: "step-title" },
    element("span", { className: "step-name" }, current.name), " receives ", element("code", {}, current.gradIn)));
  if (current.accumulation) {
    const { leaf, before, after } = current.accumulation;
    card.append(element("div", { className: "accumulation" },
      "Accumulates into ", element("code", {}, `${leaf}.grad`), ": ",
      element("code", {}, before), " → ", element("code", {}, after),
      before === "None" ? " (first gradient)" : " (added, not replaced)"));
  }
  for (const product of current.products) card.append(element("div", { className: "product" }, element("code", {}, product)));
  if (!current.accumulation && current.gradsOut.length > 0 && current.products.length === 0) {
    card.append(element("div", { className: "product" }, "sends ", ...current.gradsOut.map((g) => element("code", {}, g.value))));
  }
  if (current.gradsOut.length === 0 && !current.accumulation) card.append(element("div", { className: "hint" }, "No gradient flows further from here."));
  return card;
}

