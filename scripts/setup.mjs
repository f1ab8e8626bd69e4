// Run before `npm start` and `npm test` (npm's pre-scripts): installs what a fresh machine lacks,
// so the README's two commands are all a new checkout needs.
//   - Debian packages for the real-VS-Code runs (Chromium; code-server's native build needs).
//   - npm packages, whenever package-lock.json is newer than the installed tree.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const debianPackages = ["chromium", "libkrb5-dev", "pkg-config", "ripgrep", "python3", "make", "g++"];

function missingDebianPackages() {
  if (!existsSync("/usr/bin/dpkg")) return [];
  return debianPackages.filter((p) => spawnSync("dpkg", ["-s", p], { stdio: "ignore" }).status !== 0);
}

function installDebianPackages(packages) {
  const aptGet = process.getuid?.() === 0 ? ["apt-get"] : ["sudo", "-n", "apt-get"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    execFileSync(aptGet[0], [...aptGet.slice(1), "update"], { stdio: "inherit", env });
    execFileSync(aptGet[0], [...aptGet.slice(1), "install", "-y", ...packages], { stdio: "inherit", env });
  } catch {
    console.error(`setup: could not install ${packages.join(" ")}; run: apt-get install -y ${packages.join(" ")}`);
  }
}

function npmTreeIsCurrent() {
  const installed = join(root, "node_modules", ".package-lock.json");
  return existsSync(installed) && statSync(installed).mtimeMs >= statSync(join(root, "package-lock.json")).mtimeMs;
}

const missing = missingDebianPackages();
if (missing.length > 0) installDebianPackages(missing);

if (!npmTreeIsCurrent()) {
  // node-gyp must build against the local Node headers: it cannot download them here.
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], {
    cwd: root, stdio: "inherit", env: { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? "/usr", JOBS: "max" },
  });
}
