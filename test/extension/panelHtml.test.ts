import * as assert from "node:assert/strict";
import { contentSecurityPolicy, createNonce, panelHtml } from "../../src/extension/panelHtml";

const input = {
  cspSource: "https://file+.vscode-resource.vscode-cdn.net",
  scriptUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js",
  styleUri: "https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css",
  nonce: "0123456789abcdef0123456789abcdef",
  title: "Autograd Lens: Graph",
};

describe("panel HTML", () => {
  it("allows nothing by default, styles from the extension, and only the nonce'd script", () => {
    assert.equal(
      contentSecurityPolicy(input.cspSource, input.nonce),
      `default-src 'none'; style-src ${input.cspSource}; script-src 'nonce-${input.nonce}'; worker-src blob:`,
    );
  });

  it("puts the CSP in a meta tag and the nonce on the one script", () => {
    const html = panelHtml(input);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    assert.ok(csp, "no CSP meta tag");
    assert.equal(csp[1], contentSecurityPolicy(input.cspSource, input.nonce));
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((match) => match[1]);
    assert.deepEqual(scripts, [` nonce="${input.nonce}" src="${input.scriptUri}"`]);
    assert.ok(html.includes(`<link rel="stylesheet" href="${input.styleUri}">`));
    assert.ok(html.includes('<main id="root"'), "the script renders into #root");
  });

  it("loads nothing from the network other than the webview's own resources", () => {
    const html = panelHtml(input);
    const urls = html.match(/https?:\/\/[^\s"';]+/g) ?? [];
    for (const url of urls) assert.ok(url.startsWith(input.cspSource), `unexpected URL ${url}`);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(html));
  });

  it("escapes what it interpolates", () => {
    const html = panelHtml({ ...input, title: "<b>&", scriptUri: 'x" onload="alert(1)' });
    assert.ok(html.includes("<title>&lt;b&gt;&amp;</title>"));
    assert.ok(html.includes('src="x&quot; onload=&quot;alert(1)"'));
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const a = createNonce();
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.notEqual(a, createNonce());
  });
});
