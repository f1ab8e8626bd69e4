// Loaded by VS Code's extension host (--extensionTestsPath): runs every bundled *.test.js beside it.

import { readdirSync } from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", color: true, timeout: 60_000 });
  for (const file of readdirSync(__dirname)) {
    if (file.endsWith(".test.js")) mocha.addFile(path.join(__dirname, file));
  }
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
