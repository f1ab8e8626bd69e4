// The graph panel's webview script (bundled to dist/webview.js). It draws the last evaluation's
// computation graph with ELK, steps through its backward pass, lists the warnings that teach, and
// talks to the extension only through the messages of src/protocol.ts. No network: all is local.

import type { ExportFormat, FromWebviewMessage, GraphSnapshot, PanelState, PanelViewState, ToWebviewMessage } from "../src/protocol";
import { collapseRepeated, type DrawGraph, type DrawNode } from "./model/collapse";
import { toDot } from "./model/dot";
import { buildViewGraph, defaultOutput, nodesOnLines, outputChoices, subgraph, type ViewGraph } from "./model/graph";
import { splitShared } from "./model/shared";
import { backwardPasses, defaultPass, stepSequence, type StepView } from "./model/stepper";
import { teachingWarnings, type TeachingWarning } from "./model/warnings";
import { button, element } from "./view/dom";
import { GraphCanvas, type Overlay } from "./view/graphCanvas";
import { warmLayout } from "./view/layoutClient";
import { stepperView } from "./view/stepperView";
import { warningsView } from "./view/warningsView";

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

const ALL = "*";
const PLAY_INTERVAL_MS = 900;

/** Everything derived from one snapshot and the user's choices; rebuilt when either changes. */
interface Model {
  graph: ViewGraph;
  shown: ViewGraph;
  draw: DrawGraph;
  warnings: TeachingWarning[];
  steps: StepView[];
}

class Panel {
  private snapshot: GraphSnapshot | null;
  private view: PanelViewState;
  private model: Model | undefined;
  private highlightedLines = new Set<number>();
  private player: ReturnType<typeof setInterval> | undefined;
  /** Settles once the current graph is laid out and drawn. */
  private drawn: Promise<unknown> = Promise.resolve();
  private readonly header = element("header", {});
  private readonly notices = element("div", { className: "notices" });
  private readonly stepperSlot = element("div", { className: "stepper-slot" });
  private readonly canvasHost = element("div", { className: "canvas", tabIndex: -1 });
  private readonly status = element("div", { className: "status" });
  private readonly canvas: GraphCanvas;

  constructor(private readonly vscode: VsCodeApi, private readonly root: HTMLElement) {
    const state = vscode.getState();
    this.snapshot = state?.snapshot ?? null;
    this.view = state?.view ?? {};
    this.canvas = new GraphCanvas(this.canvasHost, { activate: (node) => this.activate(node) });
    root.append(this.header, this.notices, this.stepperSlot, this.canvasHost, this.status);
    document.addEventListener("keydown", (event) => this.onKey(event));
    window.addEventListener("message", (event: MessageEvent<ToWebviewMessage>) => this.onMessage(event.data));
    warmLayout();
    this.rebuild(true);
    vscode.postMessage({ type: "ready" });
  }

  private onMessage(message: ToWebviewMessage): void {
    switch (message.type) {
      case "graph":
        this.snapshot = message.snapshot;
        this.view = {};
        this.rebuild(true);
        return;
      case "highlightLines":
        if (!this.snapshot || message.uri !== this.snapshot.document.uri) return;
        this.highlightedLines = new Set(message.lines);
        this.applyHighlight();
        return;
      case "requestExport":
        void this.export(message.format);
        return;
    }
  }

  /** Rebuilds the model from the snapshot and the view state, then redraws. */
  private rebuild(relayout: boolean, keepView = false): void {
    this.stopPlaying();
    this.vscode.setState({ snapshot: this.snapshot, view: this.view });
    const snapshot = this.snapshot;
    if (!snapshot) {
      this.model = undefined;
      this.header.replaceChildren(element("h1", {}, "Computation graph"));
      this.notices.replaceChildren(element("p", { className: "empty" }, "No evaluation yet. Select PyTorch code and run ",
        element("strong", {}, "Autograd Lens: Evaluate Selection"), ", then this panel draws its computation graph."));
      this.stepperSlot.replaceChildren();
      this.canvas.clear();
      this.status.textContent = "";
      return;
    }
    const { result } = snapshot;
    const graph = buildViewGraph(result);
    const output = this.view.output ?? defaultOutput(graph, result) ?? ALL;
    this.view.output = output;
    const shown = subgraph(graph, output === ALL ? undefined : output);
    const draw = collapseRepeated(shown, new Set(this.view.expanded ?? []));
    const warnings = teachingWarnings(result, graph);
    this.view.pass ??= defaultPass(result, shown);
    const steps = this.view.pass === undefined ? [] : stepSequence(result, shown, this.view.pass);
    this.view.step = Math.min(this.view.step ?? -1, steps.length - 1);
    this.model = { graph, shown, draw, warnings, steps };

    this.renderHeader(snapshot, graph);
    const notices: HTMLElement[] = [];
    if (result.interrupted) notices.push(element("p", { className: "notice" }, "The evaluation was interrupted; the graph shows what ran before it stopped."));
    const list = warningsView(warnings, (line) => this.reveal(line));
    if (list) notices.push(list);
    this.notices.replaceChildren(...notices);
    this.renderStepper();

    if (draw.nodes.length === 0) {
      this.canvas.clear();
      this.notices.append(element("p", { className: "empty" }, "This evaluation built no computation graph. Tensors created with ",
        element("code", {}, "requires_grad=True"), " and the operations on them appear here."));
      this.status.textContent = "";
      return;
    }
    if (!relayout) return;
    const warned = new Set(warnings.flatMap((w) => w.nodeIds.map((id) => draw.drawnAs.get(id) ?? id)));
    this.status.textContent = `Laying out ${draw.nodes.length} nodes…`;
    // A leaf's grad line reads `grad 20. → 24.` while stepping: its box is made wide enough now.
    const alternatives = new Map<string, string[]>();
    for (const step of steps) {
      const leaf = step.accumulation?.leafId;
      if (leaf) alternatives.set(leaf, [...(alternatives.get(leaf) ?? []), leafGradText(step)]);
    }
    this.drawn = this.canvas.show(splitShared(draw), warned, keepView, alternatives).then((ms) => {
      if (this.model?.draw !== draw) return;
      const collapsed = draw.nodes.filter((n) => n.kind === "group").length;
      this.status.textContent = `${shown.nodes.length} nodes${collapsed ? ` (${collapsed} groups collapsed)` : ""} · layout ${ms.toFixed(0)} ms · drag to pan, wheel to zoom, arrows move between nodes, Enter reveals the line`;
      this.root.dataset.ready = "true";
      this.applyOverlay();
      this.applyHighlight();
    }).catch((error: unknown) => {
      this.status.textContent = `Layout failed: ${error instanceof Error ? error.message : String(error)}`;
    });
  }

  private renderHeader(snapshot: GraphSnapshot, graph: ViewGraph): void {
    const { result, document } = snapshot;
    const functions = graph.nodes.filter((node) => node.kind === "function").length;
    const picker = element("select", { className: "output-picker", title: "Whose graph to draw" });
    picker.setAttribute("aria-label", "Output");
    for (const choice of outputChoices(graph, result)) {
      picker.append(element("option", { value: choice.id, selected: choice.id === this.view.output },
        `${choice.label}${choice.description ? ` (${choice.description})` : ""}`));
    }
    picker.append(element("option", { value: ALL, selected: this.view.output === ALL }, "everything in the namespace"));
    picker.addEventListener("change", () => {
      this.view = { output: picker.value };
      this.rebuild(true);
    });
    this.header.replaceChildren(
      element("div", { className: "title-row" },
        element("h1", {}, "Computation graph of ", element("span", { className: "document" }, document.name)),
        element("span", { className: "summary" },
          `${graph.nodes.length} node${graph.nodes.length === 1 ? "" : "s"} · ${functions} backward function${functions === 1 ? "" : "s"} · ran in ${formatMs(result.elapsedMs)}`)),
      element("div", { className: "toolbar" },
        element("label", {}, "Graph of ", picker),
        element("span", { className: "spacer" }),
        button("Fit", "Fit the graph to the panel (0)", () => this.canvas.fit()),
        button("−", "Zoom out (-)", () => this.canvas.zoom(1 / 1.25)),
        button("+", "Zoom in (+)", () => this.canvas.zoom(1.25)),
        button("SVG", "Export the graph as SVG", () => void this.export("svg")),
        button("DOT", "Export the graph as Graphviz DOT", () => void this.export("dot"))),
    );
  }

  private renderStepper(): void {
    const model = this.model;
    if (!model || !this.snapshot) return;
    const passes = backwardPasses(this.snapshot.result);
    this.stepperSlot.replaceChildren(stepperView(passes, this.view.pass, model.steps, this.view.step ?? -1, {
      choosePass: (id) => {
        this.view = { ...this.view, pass: id, step: -1 };
        this.rebuild(false);
        this.applyOverlay();
      },
      go: (step) => this.goTo(step),
    }, this.player !== undefined, () => this.togglePlay()));
  }

  private goTo(step: number): void {
    const model = this.model;
    if (!model) return;
    this.view.step = Math.max(-1, Math.min(model.steps.length - 1, step));
    this.vscode.setState({ snapshot: this.snapshot, view: this.view });
    this.renderStepper();
    this.applyOverlay();
    const nodeId = model.steps[this.view.step]?.nodeId;
    const drawn = nodeId ? model.draw.drawnAs.get(nodeId) : undefined;
    if (drawn) this.canvas.focusNode(drawn);
  }

  private togglePlay(): void {
    if (this.player !== undefined) {
      this.stopPlaying();
      this.renderStepper();
      return;
    }
    const model = this.model;
    if (!model || model.steps.length === 0) return;
    if ((this.view.step ?? -1) >= model.steps.length - 1) this.view.step = -1;
    this.player = setInterval(() => {
      const next = (this.view.step ?? -1) + 1;
      if (next >= model.steps.length) {
        this.stopPlaying();
        this.renderStepper();
        return;
      }
      this.goTo(next);
    }, PLAY_INTERVAL_MS);
    this.goTo((this.view.step ?? -1) + 1);
  }

  private stopPlaying(): void {
    if (this.player !== undefined) clearInterval(this.player);
    this.player = undefined;
  }

  /** Marks the steps run so far on the graph: the gradients on their edges, the current node. */
  private applyOverlay(): void {
    const model = this.model;
    if (!model) return;
    const step = this.view.step ?? -1;
    if (step < 0) {
      this.canvas.setOverlay(undefined);
      return;
    }
    const drawn = (id: string | undefined) => (id ? model.draw.drawnAs.get(id) ?? id : undefined);
    const overlay: Overlay = { current: drawn(model.steps[step].nodeId), visited: new Set(), gradients: [], leafGrads: new Map() };
    model.steps.slice(0, step + 1).forEach((s, index) => {
      const id = drawn(s.nodeId);
      if (id) overlay.visited.add(id);
      for (const g of s.gradsOut) {
        const from = drawn(g.from)!;
        const to = drawn(g.to)!;
        if (from !== to) overlay.gradients.push({ from, to, value: g.value, current: index === step });
      }
      if (s.accumulation?.leafId) overlay.leafGrads.set(s.accumulation.leafId, leafGradText(s));
    });
    this.canvas.setOverlay(overlay);
  }

  private applyHighlight(): void {
    const model = this.model;
    if (!model) return;
    const ids = nodesOnLines(model.shown, this.highlightedLines).map((id) => model.draw.drawnAs.get(id) ?? id);
    this.canvas.setHighlighted(new Set(ids));
  }

  /** A click or Enter on a node: a group expands; a located node reveals its line. */
  private activate(node: DrawNode): void {
    if (node.kind === "group") {
      this.view.expanded = [...(this.view.expanded ?? []), node.id];
      this.rebuild(true, true);
      return;
    }
    if (node.location) this.reveal(node.location.line, node.location.column, node.location.endLine, node.location.endColumn);
  }

  private reveal(line: number, column?: number, endLine?: number, endColumn?: number): void {
    if (!this.snapshot) return;
    this.vscode.postMessage({ type: "revealLine", uri: this.snapshot.document.uri, line, column, endLine, endColumn });
  }

  private async export(format: ExportFormat): Promise<void> {
    await this.drawn;
    if (!this.model || !this.snapshot) return;
    const base = this.snapshot.document.name.replace(/\.[^.]*$/, "").replace(/[^\w.-]+/g, "_") || "graph";
    const content = format === "svg" ? this.canvas.exportSvg() : toDot(this.model.draw, base);
    this.vscode.postMessage({ type: "export", format, content, fileName: `${base}-graph.${format}` });
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (target.closest("select, input, textarea")) return;
    const step = this.view.step ?? -1;
    switch (event.key) {
      case "]": this.goTo(step + 1); break;
      case "[": this.goTo(step - 1); break;
      case "Home": this.goTo(-1); break;
      case "End": this.goTo(this.model ? this.model.steps.length - 1 : -1); break;
      case "p": this.togglePlay(); break;
      case "0": this.canvas.fit(); break;
      case "+": case "=": this.canvas.zoom(1.25); break;
      case "-": this.canvas.zoom(1 / 1.25); break;
      default: return;
    }
    event.preventDefault();
  }
}

function leafGradText(step: StepView): string {
  return `grad ${step.accumulation!.before} → ${step.accumulation!.after}`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

if (typeof acquireVsCodeApi === "function") {
  new Panel(acquireVsCodeApi(), document.getElementById("root")!);
}
