// `node scripts/bench-panel.mjs [sizes...]`: end-to-end timing of the graph panel in headless
// Chromium. Real evaluation results of about N graph nodes (test/bench/workloads.ts runs generated
// Python through our interpreter) are posted to the real webview bundle the way the extension posts
// them; the clock runs from the post until the SVG is complete and a frame has been painted.
// Screenshots go to test-results/bench/. A benchmark, not a test.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bundleForBrowser, launchChromium, root } from "../test/bench/bundle.mjs";

const sizes = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["100", "1000", "2000", "5000"];
const results = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "test/bench/workloads.ts", ...sizes],
  { cwd: root, maxBuffer: 1 << 30, encoding: "utf8" }));
const script = await bundleForBrowser("media/panel.ts");
const css = readFileSync(join(root, "media/panel.css"), "utf8");
// A few of VS Code's Light Modern theme variables, so screenshots look like the panel in VS Code.
const theme = `body { --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace;
  --vscode-foreground: #3b3b3b; --vscode-editor-background: #ffffff; --vscode-editorWidget-background: #f8f8f8;
  --vscode-editorWidget-border: #c8c8c8; --vscode-descriptionForeground: #717171; --vscode-charts-blue: #1a85ff;
  --vscode-charts-green: #388a34; --vscode-charts-purple: #652d90; --vscode-charts-orange: #d18616; }`;
const outDir = join(root, "test-results/bench");
mkdirSync(outDir, { recursive: true });

const browser = await launchChromium();
try {
  console.log(`${"workload".padEnd(16)} ${"graph".padStart(6)} ${"drawn".padStart(6)} ${"first".padStart(8)} ${"again".padStart(8)}  status`);
  for (const [name, result] of Object.entries(results)) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on("pageerror", (error) => console.error(`${name}: ${error.message}`));
    await page.setContent(`<!DOCTYPE html><html><body><main id="root"></main></body></html>`);
    await page.addStyleTag({ content: css + theme });
    // The extension's state API, with setState serialising as VS Code does.
    await page.addScriptTag({ content: "window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState(state) { JSON.stringify(state); } });" });
    await page.addScriptTag({ content: script });
    const snapshot = { document: { uri: "file:///bench.py", name: "bench.py" }, result };
    const first = await page.evaluate(postAndWait, snapshot);
    const again = await page.evaluate(postAndWait, snapshot);
    console.log(`${name.padEnd(16)} ${String(result.graph.nodes.length).padStart(6)} ${String(first.drawn).padStart(6)} ${first.ms.toFixed(0).padStart(6)} ms ${again.ms.toFixed(0).padStart(6)} ms  ${first.status.split(" · drag")[0]}`);
    await page.screenshot({ path: join(outDir, `${name.replace(/\s+/g, "-")}.png`) });
    await page.close();
  }
} finally {
  await browser.close();
}

/** In the page: posts the graph as the extension does and times until it is drawn and painted. */
async function postAndWait(snapshot) {
  const root = document.getElementById("root");
  delete root.dataset.ready;
  const started = performance.now();
  window.postMessage({ type: "graph", snapshot }, "*");
  await new Promise((resolve) => {
    const check = () => (root.dataset.ready === "true" || /failed/.test(document.querySelector(".status")?.textContent ?? "") ? resolve() : requestAnimationFrame(check));
    check();
  });
  // The frame with the graph has been painted once the next frame starts.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return { ms: performance.now() - started, drawn: document.querySelectorAll("svg .node").length, status: document.querySelector(".status")?.textContent ?? "" };
}
