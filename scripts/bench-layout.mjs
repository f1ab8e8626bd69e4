// `node scripts/bench-layout.mjs`: times the panel's ELK layout (in a Web Worker, with the panel's
// options) on autograd-shaped graphs of 100 to 5,000 nodes in headless Chromium. A benchmark, not a test.
import * as esbuild from "esbuild";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const built = await esbuild.build({
  entryPoints: [join(root, "test/bench/layoutBench.ts")], bundle: true, write: false, platform: "browser", format: "iife", target: "es2022",
  plugins: [{
    name: "elk-worker-source",
    setup(build) {
      build.onResolve({ filter: /^elk-worker-source$/ }, () => ({ path: require.resolve("elkjs/lib/elk-worker.min.js"), namespace: "text" }));
      build.onLoad({ filter: /.*/, namespace: "text" }, (args) => ({ contents: readFileSync(args.path, "utf8"), loader: "text" }));
    },
  }],
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu"] });
try {
  const page = await browser.newPage();
  page.on("console", (message) => message.text().startsWith("bench ") && console.log(message.text()));
  await page.setContent("<!DOCTYPE html><html><body></body></html>");
  await page.addScriptTag({ content: built.outputFiles[0].text });
  const results = await page.evaluate(() => globalThis.runBench());
  for (const [name, ms] of Object.entries(results)) console.log(`${name.padEnd(32)} ${ms.toFixed(0).padStart(6)} ms`);
} finally {
  await browser.close();
}
