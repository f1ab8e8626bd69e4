// One cold activation of the built extension: `require("dist/extension.js")` + `activate(context)`,
// timed in a fresh process. The `vscode` module is a stand-in that accepts any call (timing only:
// the real extension host adds its own costs around this). Prints the milliseconds.
import Module, { createRequire } from "node:module";
import { join } from "node:path";

const root = process.argv[2];

/** Any property, call or `new` on it gives itself back and assignments are ignored; enough for activate() to register things. */
const stub = new Proxy(function vscodeStandIn() {}, {
  get: (target, key) => (key === Symbol.toPrimitive ? () => "stub" : key === "then" ? undefined : stub),
  set: () => true,
  apply: () => stub,
  construct: () => stub,
});
// esbuild's __toESM copies the module's own keys onto an object with the module's prototype, so the
// stand-in module is an empty object whose prototype answers every name.
const vscodeModule = Object.create(stub);
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === "vscode" ? vscodeModule : load.call(this, request, ...rest);
};

const started = performance.now();
const extension = createRequire(import.meta.url)(join(root, "dist/extension.js"));
extension.activate({ subscriptions: [], extensionUri: stub, extensionPath: root });
console.log((performance.now() - started).toFixed(2));
