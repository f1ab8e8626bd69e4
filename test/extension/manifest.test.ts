import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  COMMAND_CATEGORY, type CommandContext, commands, contributedCommands, contributedContextMenu, contributedKeybindings,
} from "../../src/extension/commands";
import {
  CONFIG_SECTION, DEFAULT_INLINE_MAX_LENGTH, DEFAULT_TIME_LIMIT_SECONDS, HOVER_DETAIL_SETTING, hoverDetail, INLINE_MAX_LENGTH_SETTING,
  INLINE_RESULTS_SETTING, inlineMaxLength, inlineResultsEnabled, TIME_LIMIT_SETTING, timeLimitSeconds,
} from "../../src/extension/config";
import { GRAPH_VIEW_TYPE } from "../../src/protocol";

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus?: Record<string, { command: string }[]>;
    keybindings?: { command: string; key: string; mac?: string; when: string }[];
    configuration: { properties: Record<string, { type: string; default: unknown; markdownDescription?: string }> };
  };
}

const manifest: Manifest = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));

describe("package.json and the command table", () => {
  it("contributes exactly the commands of the table, with their titles and category", () => {
    assert.deepEqual(manifest.contributes.commands, contributedCommands());
  });

  it("declares the commands of the issues under the Autograd Lens category", () => {
    assert.equal(COMMAND_CATEGORY, "Autograd Lens");
    assert.deepEqual(
      Object.entries(commands).map(([id, spec]) => [id, spec.title]),
      [["autogradLens.evaluateSelection", "Evaluate Selection"], ["autogradLens.evaluateCell", "Evaluate Cell"],
        ["autogradLens.evaluateFile", "Evaluate File"], ["autogradLens.showGraph", "Show Computation Graph"],
        ["autogradLens.resetSession", "Reset Session"], ["autogradLens.interrupt", "Interrupt"],
        ["autogradLens.sessionActions", "Session Actions…"],
        ["autogradLens.exportGraphSvg", "Export Computation Graph as SVG"],
        ["autogradLens.exportGraphDot", "Export Computation Graph as Graphviz DOT"],
        ["autogradLens.revealNode", "Show Variable in Computation Graph"]],
    );
  });

  it("dispatches each command to its handler on the context, with a CodeLens's line", async () => {
    const calls: string[] = [];
    const context: CommandContext = {
      evaluateSelection: async () => { calls.push("evaluateSelection"); },
      evaluateCell: async (line) => { calls.push(`evaluateCell ${line}`); },
      evaluateFile: async () => { calls.push("evaluateFile"); },
      showGraph: () => { calls.push("showGraph"); },
      exportGraph: (format) => { calls.push(`export ${format}`); },
      resetSession: () => { calls.push("resetSession"); },
      interrupt: () => { calls.push("interrupt"); },
      sessionActions: async () => { calls.push("sessionActions"); },
      revealNode: async (uri, node) => { calls.push(`revealNode ${uri} ${node}`); },
    };
    for (const spec of Object.values(commands)) await spec.handler(context);
    await commands["autogradLens.evaluateCell"].handler(context, 4);
    await commands["autogradLens.revealNode"].handler(context, "file:///a.py", "t0");
    assert.deepEqual(calls, ["evaluateSelection", "evaluateCell undefined", "evaluateFile", "showGraph", "resetSession", "interrupt",
      "sessionActions", "export svg", "export dot", "showGraph", "evaluateCell 4", "revealNode file:///a.py t0"]);
  });

  it("offers the evaluation commands in the context menu and on keys the Python and Jupyter extensions leave free", () => {
    assert.deepEqual(manifest.contributes.menus?.["editor/context"], contributedContextMenu());
    assert.deepEqual(manifest.contributes.keybindings, contributedKeybindings());
    for (const keys of [contributedKeybindings().map((k) => k.key), contributedKeybindings().map((k) => k.mac ?? k.key)]) {
      for (const taken of ["shift+enter", "ctrl+enter", "alt+enter", "cmd+enter"]) assert.ok(!keys.includes(taken), taken);
      assert.equal(new Set(keys).size, keys.length, "no key is bound twice");
    }
  });

  it("only references commands of the table in menus", () => {
    const known = new Set(Object.keys(commands));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus ?? {})) {
      for (const entry of entries) assert.ok(known.has(entry.command), `${menu} references unknown ${entry.command}`);
    }
  });

  it("activates only on Python files and to revive the graph panel (commands activate implicitly)", () => {
    assert.deepEqual(manifest.activationEvents, ["onLanguage:python", `onWebviewPanel:${GRAPH_VIEW_TYPE}`]);
  });

  it("declares the time limit setting with the default the code uses", () => {
    const setting = manifest.contributes.configuration.properties[`${CONFIG_SECTION}.${TIME_LIMIT_SETTING}`];
    assert.ok(setting, "autogradLens.timeLimitSeconds is not contributed");
    assert.equal(setting.type, "number");
    assert.equal(setting.default, DEFAULT_TIME_LIMIT_SECONDS);
    assert.equal(DEFAULT_TIME_LIMIT_SECONDS, 30);
  });

  it("declares the inline result and hover settings, each with a description", () => {
    const properties = manifest.contributes.configuration.properties;
    assert.equal(properties[`${CONFIG_SECTION}.${INLINE_RESULTS_SETTING}`]?.default, true);
    assert.equal(properties[`${CONFIG_SECTION}.${INLINE_MAX_LENGTH_SETTING}`]?.default, DEFAULT_INLINE_MAX_LENGTH);
    assert.equal(properties[`${CONFIG_SECTION}.${HOVER_DETAIL_SETTING}`]?.default, "full");
    for (const [name, setting] of Object.entries(properties)) assert.ok(setting.markdownDescription, `${name} has a description`);
  });

  it("reads the inline and hover settings defensively", () => {
    assert.equal(inlineResultsEnabled(undefined), true);
    assert.equal(inlineResultsEnabled(false), false);
    assert.equal(inlineMaxLength(3), 10);
    assert.equal(inlineMaxLength("x"), DEFAULT_INLINE_MAX_LENGTH);
    assert.equal(inlineMaxLength(40.7), 40);
    assert.equal(hoverDetail("value"), "value");
    assert.equal(hoverDetail("everything"), "full");
  });

  it("reads the time limit setting defensively", () => {
    assert.equal(timeLimitSeconds(5), 5);
    assert.equal(timeLimitSeconds(0), 0);
    assert.equal(timeLimitSeconds(-3), 0);
    assert.equal(timeLimitSeconds(undefined), 30);
    assert.equal(timeLimitSeconds("10"), 30);
    assert.equal(timeLimitSeconds(Number.NaN), 30);
  });
});
