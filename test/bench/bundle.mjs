// Shared by the benchmark scripts: bundles a webview entry the way scripts/build.mjs does (ELK's
// worker script inlined as text), and starts headless Chromium.
import * as esbuild from "esbuild";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(join(root, "package.json"));

export async function bundleForBrowser(entry) {
  const built = await esbuild.build({
    entryPoints: [join(root, entry)], bundle: true, write: false, platform: "browser", format: "iife", target: "es2022",
    plugins: [{
      name: "elk-worker-source",
      setup(build) {
        build.onResolve({ filter: /^elk-worker-source$/ }, () => ({ path: require.resolve("elkjs/lib/elk-worker.min.js"), namespace: "text" }));
        build.onLoad({ filter: /.*/, namespace: "text" }, (args) => ({ contents: readFileSync(args.path, "utf8"), loader: "text" }));
      },
    }],
  });
  return built.outputFiles[0].text;
}

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu"] });
}
