// scripts/build.mjs resolves this module to the text of elkjs's worker script, so the webview can
// start the layout worker from a blob: URL (no network, no extra resource request).
declare module "elk-worker-source" {
  const source: string;
  export default source;
}
