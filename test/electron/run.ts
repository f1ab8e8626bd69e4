// Runs the extension-host suite in a downloaded VS Code: `npm run test:electron` (which builds first).
// Bundled to dist/test/electron/run.js by scripts/build.mjs. Needs network access to download VS Code.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runTests } from "@vscode/test-electron";

async function main(): Promise<void> {
  // dist/test/electron/run.js → the repository root, which holds package.json.
  const extensionDevelopmentPath = path.resolve(__dirname, "..", "..", "..");
  const extensionTestsPath = path.join(__dirname, "suite", "index.js");
  const workspace = mkdtempSync(path.join(tmpdir(), "autograd-lens-electron-"));
  await runTests({
    extensionDevelopmentPath,
    extensionTestsPath,
    launchArgs: [workspace, "--disable-extensions", "--skip-welcome", "--skip-release-notes"],
  });
}

main().catch((error: unknown) => {
  console.error("The extension-host tests failed:", error);
  process.exit(1);
});
