import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { COMMAND_CATEGORY, commands, contributedCommands } from "../../src/extension/commands";
import { CONFIG_SECTION, DEFAULT_TIME_LIMIT_SECONDS, TIME_LIMIT_SETTING, timeLimitSeconds } from "../../src/extension/config";
import { GRAPH_VIEW_TYPE } from "../../src/protocol";

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    menus?: Record<string, { command: string }[]>;
    configuration: { properties: Record<string, { type: string; default: unknown }> };
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
      [["autogradLens.evaluateSelection", "Evaluate Selection"], ["autogradLens.showGraph", "Show Computation Graph"],
        ["autogradLens.exportGraphSvg", "Export Computation Graph as SVG"],
        ["autogradLens.exportGraphDot", "Export Computation Graph as Graphviz DOT"]],
    );
  });

  it("dispatches each command to its handler on the context", async () => {
    const calls: string[] = [];
    const context = {
      evaluateSelection: async () => { calls.push("evaluateSelection"); },
      showGraph: () => { calls.push("showGraph"); },
      exportGraph: (format: string) => { calls.push(`export ${format}`); },
    };
    await commands["autogradLens.evaluateSelection"].handler(context);
    commands["autogradLens.showGraph"].handler(context);
    commands["autogradLens.exportGraphSvg"].handler(context);
    commands["autogradLens.exportGraphDot"].handler(context);
    assert.deepEqual(calls, ["evaluateSelection", "showGraph", "export svg", "export dot"]);
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

  it("reads the time limit setting defensively", () => {
    assert.equal(timeLimitSeconds(5), 5);
    assert.equal(timeLimitSeconds(0), 0);
    assert.equal(timeLimitSeconds(-3), 0);
    assert.equal(timeLimitSeconds(undefined), 30);
    assert.equal(timeLimitSeconds("10"), 30);
    assert.equal(timeLimitSeconds(Number.NaN), 30);
  });
});
