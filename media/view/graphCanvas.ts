// The drawn DAG: ELK positions, SVG nodes and edges, pan and zoom, keyboard navigation, and the
// overlays the stepper, the editor's selection and the warnings put on it.

import type { DrawGraph, DrawNode } from "../model/collapse";
import { nodeText, type NodeText } from "../model/labels";
import { elkInput, readLayout, type PlacedGraph, type Point, type Size } from "../model/layout";
import type { EdgeGradient } from "../model/stepper";
import { svg } from "./dom";
import { runLayout } from "./layoutClient";
import { TextMeasure } from "./textMeasure";

const LINE_HEIGHT = 17;
/** A graph that fits the panel only below this zoom first shows its output end at this zoom. */
const READABLE_SCALE = 0.4;
const FIT_MARGIN = 24;
const PADDING_X = 10;
const PADDING_Y = 7;

export interface CanvasEvents {
  /** A node was clicked or Enter was pressed on it. */
  activate(node: DrawNode): void;
}

export interface Overlay {
  /** The node the stepper is on. */
  current?: string;
  /** Nodes the stepper has run. */
  visited: Set<string>;
  /** Gradients on edges so far; the current step's are marked `current`. */
  gradients: (EdgeGradient & { current: boolean })[];
  /** A leaf's .grad while stepping, replacing its drawn grad line. */
  leafGrads: Map<string, string>;
}

export class GraphCanvas {
  readonly svg: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private readonly overlayLayer: SVGGElement;
  private placed: PlacedGraph | undefined;
  private draw: DrawGraph | undefined;
  private nodeElements = new Map<string, SVGGElement>();
  private drawNodes = new Map<string, DrawNode>();
  /** Leaves' grad lines, which the stepper rewrites. */
  private gradLines = new Map<string, SVGTextElement>();
  /** Nodes carrying overlay or highlight classes now: only these are reset on the next change. */
  private marked = { overlay: new Set<string>(), highlighted: new Set<string>() };
  private transform = { x: 0, y: 0, k: 1 };
  private readonly text = new TextMeasure();
  private generation = 0;
  /**
   * Who chose the view: "fitted" and "initial" are redone on a resize (the panel often gets its real
   * size only after the first graph is drawn); once the user pans or zooms, a resize keeps the view.
   */
  private chosenBy: "fitted" | "initial" | "user" = "fitted";

  constructor(private readonly container: HTMLElement, private readonly events: CanvasEvents) {
    this.viewport = svg("g", { class: "viewport" });
    this.overlayLayer = svg("g", { class: "overlay" });
    this.svg = svg("svg", { class: "graph", role: "application", "aria-label": "Computation graph" },
      svg("defs", {},
        svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
          svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead" })),
        svg("marker", { id: "arrow-grad", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
          svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrowhead-grad" }))),
      this.viewport);
    container.append(this.svg);
    this.installPanZoom();
    this.installNodeEvents();
  }

  /** Lays the graph out (in the worker) and draws it; resolves once it is on screen. */
  async show(draw: DrawGraph, warned: ReadonlySet<string>, keepView = false, alternatives = new Map<string, string[]>()): Promise<number> {
    const generation = ++this.generation;
    const texts = new Map(draw.nodes.map((node) => [node.id, nodeText(node)]));
    this.text.reset();
    const sizes = new Map([...texts].map(([id, text]) => [id, this.measure(text, alternatives.get(id) ?? [])]));
    const started = performance.now();
    const output = await runLayout(elkInput(draw, (id) => sizes.get(id)!));
    if (generation !== this.generation) return 0;
    const elapsed = performance.now() - started;
    this.draw = draw;
    this.placed = readLayout(output as Parameters<typeof readLayout>[0]);
    this.render(draw, texts, warned);
    if (!keepView) this.initialView();
    else this.applyTransform();
    return elapsed;
  }

  clear(): void {
    this.generation++;
    this.viewport.replaceChildren();
    this.nodeElements.clear();
    this.drawNodes.clear();
    this.gradLines.clear();
    this.draw = undefined;
    this.placed = undefined;
  }

  setHighlighted(ids: ReadonlySet<string>): void {
    for (const id of this.marked.highlighted) this.nodeElements.get(id)?.classList.remove("highlighted");
    for (const id of ids) this.nodeElements.get(id)?.classList.add("highlighted");
    this.marked.highlighted = new Set(ids);
  }

  setOverlay(overlay: Overlay | undefined): void {
    this.overlayLayer.replaceChildren();
    for (const id of this.marked.overlay) this.nodeElements.get(id)?.classList.remove("current", "visited");
    for (const [id, gradLine] of this.gradLines) {
      const stepped = overlay?.leafGrads.get(id);
      gradLine.textContent = stepped ?? gradLine.dataset.static ?? "";
      gradLine.classList.toggle("grad-step", stepped !== undefined);
    }
    this.marked.overlay = new Set(overlay?.visited);
    if (overlay?.current) this.marked.overlay.add(overlay.current);
    for (const id of overlay?.visited ?? []) this.nodeElements.get(id)?.classList.add("visited");
    if (overlay?.current) this.nodeElements.get(overlay.current)?.classList.add("current");
    if (!overlay || !this.placed) return;
    for (const gradient of overlay.gradients) {
      const points = this.placed.edges.get(`${gradient.from}->${gradient.to}`);
      if (!points) continue;
      // The gradient flows against the forward edge: draw it from the node that ran to its input.
      // Drawn a few pixels beside the forward edge so both arrows stay visible.
      const reversed = [...points].reverse().map((p) => ({ x: p.x + 4, y: p.y }));
      this.overlayLayer.append(svg("polyline", {
        class: `grad-edge${gradient.current ? " current" : ""}`, points: reversed.map((p) => `${p.x},${p.y}`).join(" "),
        "marker-end": "url(#arrow-grad)",
      }));
      const middle = midpoint(points);
      const label = svg("g", { class: `grad-label${gradient.current ? " current" : ""}`, transform: `translate(${middle.x + 6},${middle.y})` });
      const text = svg("text", { x: 6, y: 4 }, `∂ ${gradient.value}`);
      label.append(svg("rect", { x: 0, y: -9, width: this.text.width(`∂ ${gradient.value}`) + 12, height: 18, rx: 4 }), text);
      this.overlayLayer.append(label);
    }
  }

  focusNode(id: string): void {
    const element = this.nodeElements.get(id);
    if (!element) return;
    element.focus();
    this.ensureVisible(id);
  }

  fit(): void {
    this.chosenBy = "fitted";
    if (!this.placed) return;
    const { width, height } = this.container.getBoundingClientRect();
    const scale = Math.max(0.05, Math.min(1.5, this.fitScale()));
    this.transform = {
      k: scale,
      x: (width - this.placed.width * scale) / 2,
      y: Math.max(FIT_MARGIN, (height - this.placed.height * scale) / 2),
    };
    this.applyTransform();
  }

  /** The whole graph when it fits readably; else its bottom (the output, where backward starts) at a readable zoom. */
  private initialView(): void {
    if (this.fitScale() >= READABLE_SCALE) {
      this.fit();
      return;
    }
    const { width, height } = this.container.getBoundingClientRect();
    const placed = this.placed!;
    const k = READABLE_SCALE;
    this.chosenBy = "initial";
    this.transform = { k, x: Math.max(FIT_MARGIN, (width - placed.width * k) / 2), y: height - FIT_MARGIN - placed.height * k };
    this.applyTransform();
  }

  /** The zoom at which the whole graph fits the panel. */
  private fitScale(): number {
    const { width, height } = this.container.getBoundingClientRect();
    const placed = this.placed!;
    return Math.min((width - FIT_MARGIN * 2) / Math.max(1, placed.width), (height - FIT_MARGIN * 2) / Math.max(1, placed.height));
  }

  zoom(factor: number, around?: Point): void {
    this.chosenBy = "user";
    const rect = this.container.getBoundingClientRect();
    const center = around ?? { x: rect.width / 2, y: rect.height / 2 };
    const k = Math.min(4, Math.max(0.05, this.transform.k * factor));
    const ratio = k / this.transform.k;
    this.transform = { k, x: center.x - (center.x - this.transform.x) * ratio, y: center.y - (center.y - this.transform.y) * ratio };
    this.applyTransform();
  }

  pan(dx: number, dy: number): void {
    this.chosenBy = "user";
    this.transform = { ...this.transform, x: this.transform.x + dx, y: this.transform.y + dy };
    this.applyTransform();
  }

  /** The drawn graph as a standalone SVG document, with the theme's colours written in. */
  exportSvg(): string {
    if (!this.placed) return "";
    const clone = this.svg.cloneNode(true) as SVGSVGElement;
    inlineStyles(this.svg, clone);
    const margin = 16;
    clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    clone.setAttribute("viewBox", `${-margin} ${-margin} ${this.placed.width + 2 * margin} ${this.placed.height + 2 * margin}`);
    clone.setAttribute("width", String(Math.ceil(this.placed.width + 2 * margin)));
    clone.setAttribute("height", String(Math.ceil(this.placed.height + 2 * margin)));
    clone.querySelector(".viewport")?.removeAttribute("transform");
    const background = getComputedStyle(document.body).backgroundColor;
    clone.insertBefore(svg("rect", { x: -margin, y: -margin, width: "100%", height: "100%", fill: background }), clone.firstChild);
    clone.style.cssText = "";
    return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
  }

  /** Builds the whole drawing off-document and inserts it with one DOM operation. */
  private render(draw: DrawGraph, texts: Map<string, NodeText>, warned: ReadonlySet<string>): void {
    const placed = this.placed!;
    const edgeLayer = svg("g", { class: "edges" });
    for (const edge of draw.edges) {
      const points = placed.edges.get(edge.id);
      if (!points) continue;
      edgeLayer.append(svg("polyline", { class: "edge", points: points.map((p) => `${p.x},${p.y}`).join(" "), "marker-end": "url(#arrow)" }));
    }
    const nodeLayer = svg("g", { class: "nodes" });
    this.nodeElements.clear();
    this.drawNodes.clear();
    this.gradLines.clear();
    this.marked = { overlay: new Set(), highlighted: new Set() };
    for (const node of draw.nodes) {
      const box = placed.nodes.get(node.id);
      if (!box) continue;
      const text = texts.get(node.id)!;
      const clickable = node.location || node.kind === "group" || node.kind === "ref";
      const group = svg("g", {
        class: `node ${node.kind}${clickable ? " clickable" : ""}${warned.has(node.id) ? " warned" : ""}`,
        transform: `translate(${box.x},${box.y})`, tabindex: 0, role: "button",
        "aria-label": `${text.title}. ${text.lines.join(". ")}`,
        "data-node-id": node.id,
      });
      // The stack outline draws behind its node.
      if (node.kind === "group") group.append(svg("rect", { class: "stack", x: 4, y: -4, width: box.width, height: box.height, rx: 3 }));
      group.append(
        svg("title", {}, text.tooltip),
        svg("rect", { class: "box", width: box.width, height: box.height, rx: node.kind === "function" ? 3 : 9 }),
        svg("text", { class: "title", x: PADDING_X, y: PADDING_Y + 12 }, text.title),
      );
      text.lines.forEach((line, i) => {
        const isGrad = line.startsWith("grad ");
        const created = svg("text", { class: isGrad ? "line grad-line" : "line", x: PADDING_X, y: PADDING_Y + 12 + LINE_HEIGHT * (i + 1) }, line);
        if (isGrad) {
          created.dataset.static = line;
          this.gradLines.set(node.id, created);
        }
        group.append(created);
      });
      if (warned.has(node.id)) group.append(svg("text", { class: "warn-badge", x: box.width - 6, y: 14, "text-anchor": "end" }, "⚠"));
      this.nodeElements.set(node.id, group);
      this.drawNodes.set(node.id, node);
      nodeLayer.append(group);
    }
    this.viewport.replaceChildren(edgeLayer, this.overlayLayer, nodeLayer);
  }

  /** One click and one keydown listener for all nodes, rather than two per node. */
  private installNodeEvents(): void {
    const nodeOf = (event: Event) => {
      const id = (event.target as Element).closest<SVGGElement>(".node")?.dataset.nodeId;
      return id === undefined ? undefined : this.drawNodes.get(id);
    };
    this.svg.addEventListener("click", (event) => {
      const node = nodeOf(event);
      if (!node) return;
      event.stopPropagation();
      this.activate(node);
    });
    this.svg.addEventListener("keydown", (event) => {
      const node = nodeOf(event);
      if (node) this.onNodeKey(event, node);
    });
  }

  /** A reference node leads to the node it stands for; any other node is the panel's to handle. */
  private activate(node: DrawNode): void {
    if (node.refOf) this.focusNode(node.refOf.id);
    else this.events.activate(node);
  }

  private onNodeKey(event: KeyboardEvent, node: DrawNode): void {
    const next = this.neighbour(node.id, event.key);
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.activate(node);
    } else if (next) {
      event.preventDefault();
      this.focusNode(next);
    }
  }

  /** Arrow keys: up to an input, down to a user, left and right along the same row. */
  private neighbour(id: string, key: string): string | undefined {
    if (!this.draw || !this.placed) return undefined;
    const here = this.placed.nodes.get(id)!;
    const centre = (n: string) => { const b = this.placed!.nodes.get(n)!; return { x: b.x + b.width / 2, y: b.y + b.height / 2 }; };
    const c = centre(id);
    const pick = (candidates: string[]) => candidates.sort((a, b) => Math.abs(centre(a).x - c.x) - Math.abs(centre(b).x - c.x))[0];
    switch (key) {
      case "ArrowUp": return pick(this.draw.edges.filter((e) => e.to === id).map((e) => e.from));
      case "ArrowDown": return pick(this.draw.edges.filter((e) => e.from === id).map((e) => e.to));
      case "ArrowLeft":
      case "ArrowRight": {
        const sign = key === "ArrowLeft" ? -1 : 1;
        const row = [...this.placed.nodes.entries()]
          .filter(([other, box]) => other !== id && Math.abs(box.y - here.y) < here.height && sign * (centre(other).x - c.x) > 0)
          .map(([other]) => other);
        return pick(row);
      }
      default: return undefined;
    }
  }

  private ensureVisible(id: string): void {
    const box = this.placed?.nodes.get(id);
    if (!box) return;
    const rect = this.container.getBoundingClientRect();
    const { x, y, k } = this.transform;
    const left = box.x * k + x;
    const top = box.y * k + y;
    let dx = 0;
    let dy = 0;
    if (left < 8) dx = 8 - left;
    else if (left + box.width * k > rect.width - 8) dx = rect.width - 8 - (left + box.width * k);
    if (top < 8) dy = 8 - top;
    else if (top + box.height * k > rect.height - 8) dy = rect.height - 8 - (top + box.height * k);
    if (dx || dy) this.pan(dx, dy);
  }

  private installPanZoom(): void {
    let drag: { x: number; y: number; id: number } | undefined;
    this.svg.addEventListener("pointerdown", (event) => {
      if ((event.target as Element).closest(".node")) return;
      drag = { x: event.clientX, y: event.clientY, id: event.pointerId };
      this.svg.setPointerCapture(event.pointerId);
      this.svg.classList.add("panning");
    });
    this.svg.addEventListener("pointermove", (event) => {
      if (!drag || drag.id !== event.pointerId) return;
      this.pan(event.clientX - drag.x, event.clientY - drag.y);
      drag = { ...drag, x: event.clientX, y: event.clientY };
    });
    const end = () => {
      drag = undefined;
      this.svg.classList.remove("panning");
    };
    this.svg.addEventListener("pointerup", end);
    this.svg.addEventListener("pointercancel", end);
    this.svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      const rect = this.container.getBoundingClientRect();
      if (event.ctrlKey || event.metaKey || Math.abs(event.deltaY) > 0 && !event.shiftKey) {
        this.zoom(Math.exp(-event.deltaY * 0.0015), { x: event.clientX - rect.left, y: event.clientY - rect.top });
      } else {
        this.pan(-event.deltaX, -event.deltaY);
      }
    }, { passive: false });
    new ResizeObserver(() => {
      if (this.chosenBy === "fitted") this.fit();
      else if (this.chosenBy === "initial") this.initialView();
      else this.applyTransform();
    }).observe(this.container);
  }

  private applyTransform(): void {
    const { x, y, k } = this.transform;
    this.viewport.setAttribute("transform", `translate(${x},${y}) scale(${k})`);
  }

  /** A node's box: its longest line (or alternative text shown while stepping), and its lines. */
  private measure(text: NodeText, alternatives: string[]): Size {
    let width = this.text.width(text.title, true);
    for (const line of text.lines) width = Math.max(width, this.text.width(line));
    for (const line of alternatives) width = Math.max(width, this.text.width(line));
    return { width: Math.ceil(width + PADDING_X * 2 + 14), height: PADDING_Y * 2 + 14 + LINE_HEIGHT * text.lines.length };
  }
}

function midpoint(points: Point[]): Point {
  if (points.length === 2) return { x: (points[0].x + points[1].x) / 2, y: (points[0].y + points[1].y) / 2 };
  return points[Math.floor(points.length / 2)];
}

/** Copies the computed paint of each SVG element onto its clone, so the export needs no stylesheet. */
function inlineStyles(source: Element, target: Element): void {
  const properties = ["fill", "stroke", "stroke-width", "stroke-dasharray", "font-family", "font-size", "font-weight", "opacity"];
  const style = getComputedStyle(source);
  const declarations = properties.map((p) => `${p}:${style.getPropertyValue(p)}`).join(";");
  if (source instanceof SVGElement && !(source instanceof SVGSVGElement)) target.setAttribute("style", declarations);
  for (let i = 0; i < source.children.length; i++) inlineStyles(source.children[i], target.children[i]);
}
