// The command table: every command the extension contributes, declared once. extension.ts registers
// them in a loop; test/extension/commands.test.ts checks package.json's `contributes.commands`
// against this table, so the two cannot drift. No runtime `vscode` import, so the test runs in Node.

/** What a command handler may call: implemented by the Lens in extension.ts. */
export interface CommandContext {
  evaluateSelection(): Promise<void>;
  showGraph(): void;
  exportGraph(format: "svg" | "dot"): void;
}

export interface CommandSpec {
  /** Title in the Command Palette, shown after the category. */
  title: string;
  handler: (ctx: CommandContext) => unknown;
}

/** The category every command shows under in the Command Palette. */
export const COMMAND_CATEGORY = "Autograd Lens";

export const commands = {
  "autogradLens.evaluateSelection": {
    title: "Evaluate Selection",
    handler: (ctx) => ctx.evaluateSelection(),
  },
  "autogradLens.showGraph": {
    title: "Show Computation Graph",
    handler: (ctx) => ctx.showGraph(),
  },
  "autogradLens.exportGraphSvg": {
    title: "Export Computation Graph as SVG",
    handler: (ctx) => ctx.exportGraph("svg"),
  },
  "autogradLens.exportGraphDot": {
    title: "Export Computation Graph as Graphviz DOT",
    handler: (ctx) => ctx.exportGraph("dot"),
  },
} satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof commands;

/** The `contributes.commands` entries package.json must hold, in order. */
export function contributedCommands(): { command: string; title: string; category: string }[] {
  return Object.entries(commands).map(([command, spec]) => ({ command, title: spec.title, category: COMMAND_CATEGORY }));
}
