// The README's operation list is generated from the binding tables and must be current.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { catalogueMarkdown } from "../../src/python/modules/catalogue";
import { withGeneratedSection } from "../../scripts/generated_section";

describe("README", () => {
  it("lists the supported operations as the binding tables declare them (run `npm run docs`)", () => {
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    assert.equal(withGeneratedSection(readme, "operations", catalogueMarkdown()), readme);
  });
});
