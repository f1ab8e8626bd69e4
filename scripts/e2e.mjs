// `npm run test:e2e`: the end-to-end suite in a real VS Code (code-server) driven by headless Chromium.
// Expects dist/ to be built (`npm run build`). Installs code-server into .cache/ on first use
// (1-3 minutes, outside the tests' timeouts). Screenshots of each step go to test-results/e2e/.
//
//   npm run test:e2e                       the whole suite
//   npm run test:e2e -- --grep hover       extra arguments go to mocha
//   E2E_EXTENSION_DIR=/path npm run test:e2e   test another built extension folder
//   CHROMIUM_PATH=/path/to/chrome           another Chromium (default /usr/bin/chromium)
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ensureInstalled, root } from "./code-server.mjs";

const extension = process.env.E2E_EXTENSION_DIR || root;
if (!existsSync(join(extension, "dist", "extension.js"))) {
  console.error(`test:e2e: ${join(extension, "dist", "extension.js")} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(`test:e2e: no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(1);
}

const started = Date.now();
try {
  ensureInstalled();
} catch (error) {
  console.error(`test:e2e: could not install code-server: ${error?.stack ?? error}`);
  process.exit(1);
}

rmSync(join(root, "test-results", "e2e"), { recursive: true, force: true });
const require = createRequire(join(root, "package.json"));
const mocha = require.resolve("mocha/bin/mocha.js");
const child = spawn(process.execPath, [mocha, "--config", join(root, "test", "e2e", ".mocharc.json"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: ["ignore", "inherit", "inherit"],
});
const forward = (signal) => child.kill(signal);
process.on("SIGINT", forward);
process.on("SIGTERM", forward);
child.on("exit", (code, signal) => {
  console.log(`test:e2e: finished in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in test-results/e2e/`);
  process.exit(code ?? (signal ? 1 : 0));
});
