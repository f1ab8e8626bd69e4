// `node scripts/bench-layout.mjs`: times the panel's ELK layout alone (in a Web Worker, with the
// panel's options) on synthetic chains with skip edges of 100 to 5,000 nodes in headless Chromium.
// scripts/bench-panel.mjs times the whole panel on real evaluation results. A benchmark, not a test.
import { bundleForBrowser, launchChromium } from "../test/bench/bundle.mjs";

const script = await bundleForBrowser("test/bench/layoutBench.ts");
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.on("console", (message) => message.text().startsWith("bench ") && console.log(message.text()));
  await page.setContent("<!DOCTYPE html><html><body></body></html>");
  await page.addScriptTag({ content: script });
  const results = await page.evaluate(() => globalThis.runBench());
  for (const [name, ms] of Object.entries(results)) console.log(`${name.padEnd(32)} ${ms.toFixed(0).padStart(6)} ms`);
} finally {
  await browser.close();
}
