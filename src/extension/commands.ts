// The command table: every command the extension contributes, declared once. extension.ts registers
// them in a loop; test/extension/manifest.test.ts checks package.json's `contributes.commands` (and
// the menus and keybindings that name them) against this table, so the two cannot drift. No runtime
// `vscode` import, so the test runs in Node.

/** What a command handler may call: implemented by the Lens. */
export interface CommandContext {
  evaluateSelection(): Promise<void>;
  /** Evaluates the `# %%` cell holding a 0-based line (a CodeLens passes it), else the cursor's cell. */
  evaluateCell(line?: number): Promise<void>;
  evaluateFile(): Promise<void>;
  showGraph(): void;
  exportGraph(format: "svg" | "dot"): void;
  resetSession(): void;
  interrupt(): void;
  /** The status bar item's quick pick of session actions. */
  sessionActions(): Promise<void>;
  /** A hover's "Show in graph": the graph panel, with the source line of a node of a document's result selected. */
  revealNode(documentUri: string, nodeId: string): Promise<void>;
}

export interface CommandSpec {
  /** Title in the Command Palette, shown after the category. */
  title: string;
  handler: (ctx: CommandContext, ...args: unknown[]) => unknown;
  /** Offered in the editor's context menu of Python files, in this order. */
  contextMenu?: boolean;
  /** Default keybinding; `mac` when it differs there. */
  key?: { key: string; mac?: string };
}

/** The category every command shows under in the Command Palette. */
export const COMMAND_CATEGORY = "Autograd Lens";

export const commands = {
  "autogradLens.evaluateSelection": {
    title: "Evaluate Selection",
    handler: (ctx) => ctx.evaluateSelection(),
    contextMenu: true,
    // Shift+Enter and Ctrl+Enter belong to the Python and Jupyter extensions.
    key: { key: "ctrl+alt+enter" },
  },
  "autogradLens.evaluateCell": {
    title: "Evaluate Cell",
    handler: (ctx, ...args) => ctx.evaluateCell(typeof args[0] === "number" ? args[0] : undefined),
    contextMenu: true,
    key: { key: "shift+alt+enter" },
  },
  "autogradLens.evaluateFile": {
    title: "Evaluate File",
    handler: (ctx) => ctx.evaluateFile(),
    contextMenu: true,
    key: { key: "ctrl+alt+l f", mac: "cmd+alt+l f" },
  },
  "autogradLens.showGraph": {
    title: "Show Computation Graph",
    handler: (ctx) => ctx.showGraph(),
    contextMenu: true,
    key: { key: "ctrl+alt+l g", mac: "cmd+alt+l g" },
  },
  "autogradLens.resetSession": {
    title: "Reset Session",
    handler: (ctx) => ctx.resetSession(),
    contextMenu: true,
    key: { key: "ctrl+alt+l r", mac: "cmd+alt+l r" },
  },
  "autogradLens.interrupt": {
    title: "Interrupt",
    handler: (ctx) => ctx.interrupt(),
    key: { key: "ctrl+alt+l i", mac: "cmd+alt+l i" },
  },
  "autogradLens.sessionActions": {
    title: "Session Actions…",
    handler: (ctx) => ctx.sessionActions(),
  },
  "autogradLens.exportGraphSvg": {
    title: "Export Computation Graph as SVG",
    handler: (ctx) => ctx.exportGraph("svg"),
  },
  "autogradLens.exportGraphDot": {
    title: "Export Computation Graph as Graphviz DOT",
    handler: (ctx) => ctx.exportGraph("dot"),
  },
  "autogradLens.revealNode": {
    title: "Show Variable in Computation Graph",
    // Run from a hover's link with the document and node; from the palette it shows the graph.
    handler: (ctx, ...[documentUri, nodeId]) => (typeof documentUri === "string" && typeof nodeId === "string"
      ? ctx.revealNode(documentUri, nodeId)
      : ctx.showGraph()),
  },
} satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof commands;

/** Only in Python editors. */
export const PYTHON_EDITOR = "editorLangId == python";

/** The `contributes.commands` entries package.json must hold, in order. */
export function contributedCommands(): { command: string; title: string; category: string }[] {
  return Object.entries(commands).map(([command, spec]) => ({ command, title: spec.title, category: COMMAND_CATEGORY }));
}

/** The `contributes.menus["editor/context"]` entries package.json must hold, in order. */
export function contributedContextMenu(): { command: string; when: string; group: string }[] {
  const specs: [string, CommandSpec][] = Object.entries(commands);
  return specs.filter(([, spec]) => spec.contextMenu)
    .map(([command], index) => ({ command, when: PYTHON_EDITOR, group: `autogradLens@${index + 1}` }));
}

/** The `contributes.keybindings` entries package.json must hold, in order. */
export function contributedKeybindings(): { command: string; key: string; mac?: string; when: string }[] {
  const specs: [string, CommandSpec][] = Object.entries(commands);
  return specs.flatMap(([command, spec]) => (spec.key
    ? [{ command, key: spec.key.key, ...(spec.key.mac ? { mac: spec.key.mac } : {}), when: `editorTextFocus && ${PYTHON_EDITOR}` }]
    : []));
}
