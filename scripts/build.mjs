// Bundles every entry point with esbuild and copies the parser's WASM beside the bundles.
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const dist = join(root, "dist");
const watch = process.argv.includes("--watch");

// web-tree-sitter's loader reads import.meta.url, which a CommonJS bundle must supply itself.
const importMetaUrl = "const importMetaUrl = require('url').pathToFileURL(__filename).href;";
const node = {
  bundle: true, platform: "node", format: "cjs", target: "node20", sourcemap: true, logLevel: "warning",
  define: { "import.meta.url": "importMetaUrl" }, banner: { js: importMetaUrl },
};
// The webview starts ELK's layout worker from a blob: URL made from the worker script's text.
const elkWorkerSource = {
  name: "elk-worker-source",
  setup(build) {
    build.onResolve({ filter: /^elk-worker-source$/ }, () => ({ path: require.resolve("elkjs/lib/elk-worker.min.js"), namespace: "elk-worker-text" }));
    build.onLoad({ filter: /.*/, namespace: "elk-worker-text" }, (args) => ({ contents: readFileSync(args.path, "utf8"), loader: "text" }));
  },
};
const builds = [
  { ...node, entryPoints: [join(root, "src/extension/extension.ts")], outfile: join(dist, "extension.js"), external: ["vscode"] },
  { ...node, entryPoints: [join(root, "src/worker/evaluationWorker.ts")], outfile: join(dist, "worker.js") },
  { ...node, entryPoints: [join(root, "src/cli.ts")], outfile: join(dist, "cli.js"), banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` } },
  { bundle: true, platform: "browser", format: "iife", target: "es2022", sourcemap: true, logLevel: "warning",
    entryPoints: [join(root, "media/panel.ts")], outfile: join(dist, "webview.js"), plugins: [elkWorkerSource] },
  // The @vscode/test-electron runner and the suite it loads into the extension host (npm run test:electron).
  { ...node, entryPoints: [join(root, "test/electron/run.ts")], outfile: join(dist, "test/electron/run.js"),
    external: ["@vscode/test-electron"] },
  { ...node, entryPoints: [join(root, "test/electron/suite/index.ts"), join(root, "test/electron/suite/extension.test.ts")],
    outdir: join(dist, "test/electron/suite"), external: ["vscode", "mocha"] },
];

mkdirSync(dist, { recursive: true });
copyFileSync(require.resolve("web-tree-sitter/tree-sitter.wasm"), join(dist, "tree-sitter.wasm"));
copyFileSync(require.resolve("tree-sitter-python/tree-sitter-python.wasm"), join(dist, "tree-sitter-python.wasm"));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
