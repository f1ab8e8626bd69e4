// `npm run docs`: regenerates the README's list of supported operations from the binding tables.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { catalogueMarkdown } from "../src/python/modules/catalogue";
import { withGeneratedSection } from "./generated_section";

const readme = join(__dirname, "..", "README.md");
writeFileSync(readme, withGeneratedSection(readFileSync(readme, "utf8"), "operations", catalogueMarkdown()));
