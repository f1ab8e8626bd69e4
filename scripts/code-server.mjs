// Installs code-server (a real VS Code that runs in the browser) into a git-ignored cache folder
// on first use, and launches it for `npm start` and the end-to-end tests.
//
//   node scripts/code-server.mjs install    install if needed, print the cache folder
//   node scripts/code-server.mjs path       print the cache folder (installed or not)
//
// VS Code's own download servers are not reachable here; only the npm registry is. code-server is
// published on npm, but its install scripts fetch nothing we need beyond native rebuilds, so we
// run them by hand (npm 11 skips install scripts by default anyway). Native modules are compiled
// against the local Node headers (npm_config_nodedir=/usr), which is why the cache folder name
// carries the Node version: a different Node needs a different build.
import { spawn, spawnSync } from "node:child_process";
import {
  copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync,
  writeFileSync, lstatSync, readdirSync, unlinkSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const CODE_SERVER_VERSION = "4.100.3";
export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const cacheDir = join(root, ".cache", `code-server-${process.versions.node}-${CODE_SERVER_VERSION}`);
const stampFile = (dir) => join(dir, ".installed");
const log = (message) => process.stderr.write(`[code-server] ${message}\n`);

/** Where entry.js lives inside an install folder. */
const entryOf = (dir) => join(dir, "node_modules", "code-server", "out", "node", "entry.js");

export function isInstalled(dir = cacheDir) {
  if (!existsSync(stampFile(dir)) || !existsSync(entryOf(dir))) return false;
  try {
    return JSON.parse(readFileSync(stampFile(dir), "utf8")).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function npmEnv() {
  return {
    ...process.env,
    npm_config_nodedir: process.env.npm_config_nodedir || "/usr",
    JOBS: process.env.JOBS || "max",
    npm_config_yes: "true", // node-pty's post-install runs `npx node-gyp`, which asks before downloading
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    npm_config_progress: "false",
    npm_config_loglevel: process.env.npm_config_loglevel || "warn",
  };
}

/** Environment that keeps code-server's files (config, data, caches) inside `home`. */
function isolatedEnv(home) {
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_DATA_HOME: join(home, "data"),
    XDG_CACHE_HOME: join(home, "cache"),
  };
  delete env.VSCODE_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

function run(cmd, args, cwd, { quiet = false, env = npmEnv() } = {}) {
  log(`${cwd.replace(root + "/", "")}$ ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, {
    cwd,
    env,
    stdio: quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd} (exit ${result.status ?? result.signal})`);
  }
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.stdout ?? "";
}

function link(target, path) {
  try {
    if (lstatSync(path)) unlinkSync(path);
  } catch {}
  symlinkSync(target, path);
}

function which(cmd) {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Installs code-server into `dir`; throws on any failure. */
function installInto(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true }) + "\n");
  run("npm", ["install", "--no-save", "--ignore-scripts", `code-server@${CODE_SERVER_VERSION}`], dir);
  run("npm", ["rebuild", "argon2"], dir);

  const vscode = join(dir, "node_modules", "code-server", "lib", "vscode");
  run("npm", ["install", "--omit=dev", "--ignore-scripts"], vscode);
  run("npm", ["rebuild", "kerberos", "@parcel/watcher", "@vscode/deviceid", "@vscode/spdlog", "native-watchdog", "node-pty"], vscode);

  // The ripgrep package downloads its binary in a postinstall script; use Debian's instead.
  // Without it Quick Open and search list no files.
  const rg = which("rg");
  if (!rg) throw new Error("ripgrep (rg) is not installed: apt-get install ripgrep");
  mkdirSync(join(vscode, "node_modules", "@vscode", "ripgrep", "bin"), { recursive: true });
  copyFileSync(rg, join(vscode, "node_modules", "@vscode", "ripgrep", "bin", "rg"));

  // What code-server's own postinstall script would do.
  link("node_modules", join(vscode, "node_modules.asar"));
  link("code-linux.sh", join(vscode, "bin", "remote-cli", "code-server"));
  link("browser-linux.sh", join(vscode, "bin", "helpers", "browser.sh"));
  run("npm", ["install", "--omit=dev", "--ignore-scripts"], join(vscode, "extensions"));

  // Smoke test: every native module loads and the server starts far enough to print its version.
  const natives = ["argon2", "kerberos", "@parcel/watcher", "@vscode/deviceid", "@vscode/spdlog", "native-watchdog", "node-pty"];
  for (const name of natives) {
    const base = name === "argon2" ? join(dir, "node_modules", "code-server") : vscode;
    const check = spawnSync(process.execPath, ["-e", `require(require.resolve(${JSON.stringify(name)}, { paths: [${JSON.stringify(base)}] }))`], {
      encoding: "utf8",
    });
    if (check.status !== 0) throw new Error(`native module ${name} does not load:\n${check.stderr}`);
  }
  // With HOME and XDG folders in a temp folder, so that it writes no default config into ~/.config.
  const home = mkdtempSync(join(tmpdir(), "code-server-version-"));
  let version;
  try {
    const config = join(home, "config.yaml");
    writeFileSync(config, "auth: none\ncert: false\n");
    version = run(process.execPath, [entryOf(dir), "--config", config, "--version"], dir, { quiet: true, env: isolatedEnv(home) });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  const line = version.split("\n").find((l) => l.startsWith(`${CODE_SERVER_VERSION} `));
  if (!line) throw new Error(`unexpected code-server --version output: ${version}`);
  log(`smoke test passed: ${line}`);
}

/** Removes the temp folders of installs whose process is gone (killed with SIGKILL, say). */
function removeAbandonedInstalls() {
  const parent = dirname(cacheDir);
  const prefix = `${basename(cacheDir)}.partial-`;
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split("-")[0]);
    let alive = false;
    try {
      if (pid > 0) process.kill(pid, 0);
      alive = pid > 0;
    } catch (error) {
      alive = error?.code === "EPERM";
    }
    if (alive) continue;
    try {
      rmSync(join(parent, name), { recursive: true, force: true, maxRetries: 2 });
    } catch (error) {
      log(`could not remove ${name} (${error.code}); an orphaned npm may still be writing there`);
    }
  }
}

/**
 * Installs code-server into the cache folder unless a stamp says it is already there.
 * Installs into a temporary sibling folder that is renamed on success, so an interrupted
 * install never leaves a half-populated cache behind.
 */
export function ensureInstalled() {
  if (isInstalled()) return cacheDir;
  const parent = dirname(cacheDir);
  mkdirSync(parent, { recursive: true });
  removeAbandonedInstalls();
  const temp = mkdtempSync(`${cacheDir}.partial-${process.pid}-`);
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (one time, takes 1-3 minutes)`);
  try {
    installInto(temp);
    writeFileSync(
      stampFile(temp),
      JSON.stringify({ version: CODE_SERVER_VERSION, node: process.versions.node, installedAt: new Date().toISOString() }) + "\n",
    );
    if (isInstalled()) {
      rmSync(temp, { recursive: true, force: true }); // another process finished first: use its copy
    } else {
      rmSync(cacheDir, { recursive: true, force: true });
      renameSync(temp, cacheDir);
    }
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return cacheDir;
}

/**
 * Copies the built extension (package.json, dist/, media/, README.md) into
 * `<extensionsDir>/<publisher>.<name>-<version>/`, which is how VS Code finds installed extensions.
 */
export function installExtension(extensionsDir, source = root) {
  const manifest = JSON.parse(readFileSync(join(source, "package.json"), "utf8"));
  const prefix = `${manifest.publisher}.${manifest.name}-`.toLowerCase();
  mkdirSync(extensionsDir, { recursive: true });
  // Any copy of this extension, this version or an older one, is replaced.
  for (const name of readdirSync(extensionsDir)) {
    if (name.toLowerCase().startsWith(prefix)) rmSync(join(extensionsDir, name), { recursive: true, force: true });
  }
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(target, { recursive: true });
  const skip = (path) => path.endsWith(".vsix") || path === join(source, "dist", "test"); // compiled tests
  for (const entry of ["package.json", "dist", "media", "README.md", "LICENSE"]) {
    const from = join(source, entry);
    if (existsSync(from)) cpSync(from, join(target, entry), { recursive: true, filter: (path) => !skip(path) });
  }
  return target;
}

function portIsFree(port, host) {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once("error", () => resolvePort(false));
    server.listen(port, host, () => server.close(() => resolvePort(true)));
  });
}

/** The first free port at or after `start`. */
export async function freePort(start = 8080, host = "127.0.0.1") {
  for (let port = start; port < start + 200; port++) if (await portIsFree(port, host)) return port;
  throw new Error(`no free port in ${start}..${start + 199}`);
}

const defaultSettings = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "security.workspace.trust.enabled": false,
  "extensions.ignoreRecommendations": true,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "python.languageServer": "None",
  "git.enabled": false,
  "remote.autoForwardPorts": false,
  "chat.commandCenter.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
};

/**
 * Starts code-server on 127.0.0.1:`port` (or the next free port) opening `workspace`, with
 * extensions from `extensionDir`. Everything it writes (settings, logs, XDG folders) goes under
 * `stateDir` (a fresh temp folder by default), never into the user's home.
 * Resolves once /healthz answers. `stop()` kills the whole process group.
 */
export async function launch({
  workspace,
  extensionDir,
  port = 8080,
  host = "127.0.0.1",
  stateDir,
  settings = {},
  stdio = "pipe",
  onOutput,
  timeoutMs = 90_000,
} = {}) {
  const dir = ensureInstalled();
  const state = stateDir ?? mkdtempSync(join(tmpdir(), "autograd-lens-code-server-"));
  const ownsState = !stateDir;
  const userData = join(state, "user-data");
  const extensions = extensionDir ?? join(state, "extensions");
  mkdirSync(join(userData, "User"), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  // A fresh state folder gets quiet defaults; a kept one (npm start) keeps the user's own edits.
  const settingsFile = join(userData, "User", "settings.json");
  if (ownsState || !existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify({ ...defaultSettings, ...settings }, null, 2));
  const config = join(state, "config.yaml");
  writeFileSync(config, "auth: none\ncert: false\n");

  const chosen = await freePort(port, host);
  const args = [
    entryOf(dir),
    "--config", config,
    "--auth", "none",
    "--bind-addr", `${host}:${chosen}`,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--user-data-dir", userData,
    "--extensions-dir", extensions,
  ];
  if (workspace) args.push(resolve(workspace));

  const child = spawn(process.execPath, args, {
    cwd: state,
    detached: true, // own process group, so stop() can kill code-server and everything it spawned
    stdio: stdio === "inherit" ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
    env: isolatedEnv(state),
  });
  let output = "";
  const collect = (chunk) => {
    const text = chunk.toString();
    output = (output + text).slice(-200_000);
    onOutput?.(text);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let exited = null;
  const exitPromise = new Promise((resolveExit) => child.once("exit", (code, signal) => {
    exited = { code, signal };
    resolveExit(exited);
  }));

  // Should this process end without calling stop() (Ctrl+C in mocha, an uncaught error), take
  // code-server's process group with it.
  const killOnExit = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  };
  process.on("exit", killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", killOnExit);
    const killGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {}
    };
    if (exited === null) {
      killGroup("SIGTERM");
      const timer = new Promise((r) => setTimeout(r, 5000, "timeout"));
      if ((await Promise.race([exitPromise, timer])) === "timeout") killGroup("SIGKILL");
    }
    // Children (extension host, pty host) may outlive the main process; kill the rest of the group.
    killGroup("SIGKILL");
    if (ownsState) rmSync(state, { recursive: true, force: true, maxRetries: 3 });
  };

  const url = `http://${host}:${chosen}/`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`code-server exited early (${exited.code ?? exited.signal}):\n${output}`);
    }
    try {
      const response = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}healthz within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port: chosen, pid: child.pid, stateDir: state, userDataDir: userData, extensionDir: extensions, stop, output: () => output, exited: exitPromise };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = process.argv[2] ?? "install";
  if (command === "install") {
    try {
      console.log(ensureInstalled());
    } catch (error) {
      console.error(String(error?.stack ?? error));
      process.exit(1);
    }
  } else if (command === "path") {
    console.log(cacheDir);
  } else {
    console.error("usage: node scripts/code-server.mjs [install|path]");
    process.exit(2);
  }
}
