// The graph panel's webview script (bundled to dist/webview.js). It renders the last evaluation's
// computation graph as a table, one row per node in topological order (inputs first), and talks to
// the extension only through the messages of src/protocol.ts. No network: everything is local.

import type { FromWebviewMessage, GraphSnapshot, PanelState, ToWebviewMessage } from "../src/protocol";
import type { GraphNodeView, GraphView } from "../src/result";

/** A node prepared for display: its position in the table and its neighbours resolved. */
export interface GraphRow {
  node: GraphNodeView;
  /** 1-based position in the table, shown as `#n` and used to refer to the row. */
  index: number;
  inputs: GraphRow[];
  /** Nodes computed from this one. */
  users: GraphRow[];
}

/**
 * Orders nodes so that every node comes after its inputs: a depth-first walk that emits a node's
 * inputs before it, starting from the nodes in the engine's order. Inputs naming unknown ids are
 * ignored, and a cycle (which a valid graph never has) cannot loop. Iterative, so long chains from
 * training loops cannot overflow the stack.
 */
export function graphRows(graph: GraphView): GraphRow[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const ordered: GraphNodeView[] = [];
  const seen = new Set<string>();
  for (const start of graph.nodes) {
    if (seen.has(start.id)) continue;
    seen.add(start.id);
    const stack: { node: GraphNodeView; next: number }[] = [{ node: start, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const input = byId.get(top.node.inputs[top.next++]);
      if (top.next > top.node.inputs.length) {
        stack.pop();
        ordered.push(top.node);
      } else if (input && !seen.has(input.id)) {
        seen.add(input.id);
        stack.push({ node: input, next: 0 });
      }
    }
  }
  const rows = ordered.map((node, position): GraphRow => ({ node, index: position + 1, inputs: [], users: [] }));
  const rowById = new Map(rows.map((row) => [row.node.id, row]));
  for (const row of rows) {
    for (const id of new Set(row.node.inputs)) {
      const input = rowById.get(id);
      if (!input) continue;
      row.inputs.push(input);
      input.users.push(row);
    }
  }
  return rows;
}

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

function main(vscode: VsCodeApi, root: HTMLElement): void {
  let snapshot = vscode.getState()?.snapshot ?? null;
  render(root, snapshot, vscode);

  window.addEventListener("message", (event: MessageEvent<ToWebviewMessage>) => {
    const message = event.data;
    switch (message.type) {
      case "graph":
        snapshot = message.snapshot;
        vscode.setState({ snapshot });
        render(root, snapshot, vscode);
        return;
    }
  });
  vscode.postMessage({ type: "ready" });
}

function render(root: HTMLElement, snapshot: GraphSnapshot | null, vscode: VsCodeApi): void {
  root.replaceChildren();
  if (!snapshot) {
    root.append(
      element("p", { className: "empty" }, "No evaluation yet. Select PyTorch code and run ",
        element("strong", {}, "Autograd Lens: Evaluate Selection"), "."),
    );
    return;
  }
  const { document, result } = snapshot;
  const rows = graphRows(result.graph);
  root.append(heading(snapshot, rows.length));
  if (result.interrupted) root.append(element("p", { className: "notice" }, "The evaluation was interrupted; the graph shows what ran before it stopped."));
  if (rows.length === 0) {
    root.append(element("p", { className: "empty" }, "This evaluation built no computation graph. Tensors created with ",
      element("code", {}, "requires_grad=True"), " and the operations on them appear here."));
    return;
  }
  root.append(table(rows, (line) => vscode.postMessage({ type: "revealLine", uri: document.uri, line })));
}

function heading(snapshot: GraphSnapshot, nodeCount: number): HTMLElement {
  const { document, result } = snapshot;
  const functions = result.graph.nodes.filter((node) => node.kind === "function").length;
  const summary = `${nodeCount} node${nodeCount === 1 ? "" : "s"} (${functions} backward function${functions === 1 ? "" : "s"}) · ${formatMs(result.elapsedMs)}`;
  return element("header", {},
    element("h1", {}, "Computation graph of ", element("span", { className: "document" }, document.name)),
    element("p", { className: "summary" }, summary));
}

function table(rows: GraphRow[], revealLine: (line: number) => void): HTMLElement {
  const head = element("thead", {}, element("tr", {},
    ...["#", "Node", "Line", "Inputs", "Used by", "Detail"].map((title) => element("th", { scope: "col" }, title))));
  const body = element("tbody", {});
  const rowElements = new Map<number, HTMLTableRowElement>();
  const focusRow = (index: number) => {
    const target = rowElements.get(index);
    if (!target) return;
    target.focus();
    target.classList.remove("flash");
    void target.offsetWidth; // Restarts the highlight animation.
    target.classList.add("flash");
  };

  for (const row of rows) {
    const { node } = row;
    const tr = element("tr", { className: `node ${node.kind}`, tabIndex: 0 });
    tr.dataset.nodeId = node.id;
    const line = node.location?.line;
    if (line !== undefined) {
      tr.classList.add("located");
      tr.title = `Reveal line ${line} in the editor`;
      tr.addEventListener("click", () => revealLine(line));
      tr.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && event.target === tr) revealLine(line);
      });
    }
    tr.append(
      element("td", { className: "index" }, `#${row.index}`),
      element("td", { className: "node-cell" },
        element("span", { className: `kind ${node.kind}` }, node.kind), " ", element("span", { className: "label" }, node.label)),
      element("td", { className: "line" }, line === undefined ? "" : String(line)),
      element("td", {}, element("div", { className: "links" }, ...references(row.inputs, focusRow))),
      element("td", {}, element("div", { className: "links" }, ...references(row.users, focusRow))),
      // Last: reprs can be wide, and the columns before them are what the graph is about.
      element("td", { className: "detail" }, node.detail),
    );
    rowElements.set(row.index, tr);
    body.append(tr);
  }
  // Reprs keep their line breaks and are not wrapped; a narrow panel scrolls sideways instead.
  return element("div", { className: "table-scroll" }, element("table", {}, head, body));
}

/** Buttons naming other rows (`#2 PowBackward0`); clicking one moves to that row. */
function references(rows: GraphRow[], focusRow: (index: number) => void): HTMLElement[] {
  if (rows.length === 0) return [element("span", { className: "none" }, "—")];
  return rows.map((row) => {
    const button = element("button", { className: "ref", type: "button", title: `Go to node #${row.index}` },
      `#${row.index} ${row.node.label}`);
    button.addEventListener("click", (event) => {
      event.stopPropagation();
      focusRow(row.index);
    });
    return button;
  });
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Creates an element with properties and children; text children become text nodes (never HTML). */
function element<K extends keyof HTMLElementTagNameMap>(
  tag: K, properties: Partial<HTMLElementTagNameMap[K]>, ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  Object.assign(created, properties);
  created.append(...children);
  return created;
}

if (typeof acquireVsCodeApi === "function") {
  main(acquireVsCodeApi(), document.getElementById("root")!);
}
