// The README's operation list is generated from the binding tables and must be current.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { catalogueMarkdown } from "../../src/python/modules/catalogue";
import { withGeneratedSection } from "../../scripts/generated_section";

describe("README", () => {
  it("lists the supported operations as the binding tables declare them (run `npm run docs`)", () => {
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    assert.equal(withGeneratedSection(readme, "operations", catalogueMarkdown()), readme);
  });

  it("can be regenerated: the catalogue loads in a fresh process (no import cycle reads a binding table too early)", () => {
    const root = join(__dirname, "../..");
    const printed = execFileSync(process.execPath,
      ["--import", "tsx", "-e", 'import("./src/python/modules/catalogue.ts").then((m) => console.log((m.catalogue ?? m.default.catalogue)().torchFunctions.length))'],
      { cwd: root, encoding: "utf8" });
    assert.ok(Number(printed) > 200, printed);
  }).timeout(60_000);
});
