// `npm start`: builds the extension, installs it into a code-server (a real VS Code in the browser)
// and opens the examples/ folder in it. Stays running until Ctrl+C.
//
//   npm start                      http://127.0.0.1:8080/ (or the next free port)
//   PORT=9000 npm start            another first port to try
//   npm start -- --no-build        skip `npm run build` (use the dist/ that is there)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ensureInstalled, installExtension, launch, root } from "./code-server.mjs";

const args = process.argv.slice(2);

if (!args.includes("--no-build")) {
  const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) {
    console.error("npm start: the build failed");
    process.exit(build.status ?? 1);
  }
}
if (!existsSync(join(root, "dist", "extension.js"))) {
  console.error("npm start: dist/extension.js is missing; run `npm run build`");
  process.exit(1);
}

ensureInstalled();

// The extensions and the VS Code state live in the git-ignored cache, so the window layout and
// open editors survive a restart; XDG folders and HOME point in there too (see code-server.mjs).
const stateDir = join(root, ".cache", "start");
const extensionsDir = join(stateDir, "extensions");
mkdirSync(extensionsDir, { recursive: true });
installExtension(extensionsDir);

const server = await launch({
  workspace: join(root, "examples"),
  extensionDir: extensionsDir,
  stateDir,
  port: Number(process.env.PORT) || 8080,
  onOutput: process.env.DEBUG ? (text) => process.stderr.write(text) : undefined,
});

console.log(`\nAutograd Lens is running in VS Code (code-server) at:\n\n    ${server.url}\n`);
console.log("Open a file in examples/, select some lines and run \"Autograd Lens: Evaluate Selection\" from the");
console.log("command palette (F1), then hover a variable or run \"Autograd Lens: Show Computation Graph\".");
console.log("Press Ctrl+C to stop.\n");

let stopping = false;
const shutdown = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  console.log("\nstopping code-server…");
  await server.stop();
  process.exit(code);
};
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));
process.on("SIGHUP", () => shutdown(0));
server.exited.then(({ code, signal }) => {
  if (stopping) return;
  console.error(`code-server exited (${code ?? signal}):\n${server.output().slice(-4000)}`);
  shutdown(1);
});
