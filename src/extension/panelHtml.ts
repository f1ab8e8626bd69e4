// The graph panel's HTML: a strict Content-Security-Policy, one nonce'd script and one stylesheet,
// both served from the extension through the webview's own URIs. Pure, so it is unit-tested.

import { randomBytes } from "node:crypto";

export interface PanelHtmlInput {
  /** `webview.cspSource`: the origin of the webview's resource URIs. */
  cspSource: string;
  /** `webview.asWebviewUri` of dist/webview.js. */
  scriptUri: string;
  /** `webview.asWebviewUri` of media/panel.css. */
  styleUri: string;
  /** A fresh random value per render; only the script carrying it may run. */
  nonce: string;
  title: string;
}

/** A random nonce for the CSP: 128 bits, hex, so it never needs escaping. */
export function createNonce(): string {
  return randomBytes(16).toString("hex");
}

/**
 * The Content-Security-Policy: nothing by default, no network, no inline script or style. The one
 * exception is the layout worker, which the nonce'd script starts from a blob: URL of its own text.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "worker-src blob:",
  ].join("; ");
}

export function panelHtml(input: PanelHtmlInput): string {
  const csp = contentSecurityPolicy(input.cspSource, input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttribute(input.styleUri)}">
  <title>${escapeText(input.title)}</title>
</head>
<body>
  <main id="root" aria-live="polite"></main>
  <script nonce="${escapeAttribute(input.nonce)}" src="${escapeAttribute(input.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;");
}
