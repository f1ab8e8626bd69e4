// Drives a real VS Code (code-server) in headless Chromium with playwright-core.
// One `VSCode` = one temp workspace + one code-server + one browser page; `close()` always kills both.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { installExtension, launch, root } from "../../scripts/code-server.mjs";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const SCREENSHOTS = join(root, "test-results", "e2e");
/** Waits on the extension host: generous, since 2 busy CI cores make everything slow. */
export const SLOW = 90_000;
/** Rendered editor lines: text editors, and notebook cells (the notebook editor is an overlay outside `.part.editor`). */
const EDITOR_LINES = ".part.editor .monaco-editor .view-line, .notebook-editor .monaco-editor .view-line";

// Mocha leaves SIGTERM/SIGHUP at their default (die without 'exit' handlers); exit properly so
// that code-server's process group is killed (see launch() in scripts/code-server.mjs).
for (const [signal, code] of [["SIGTERM", 143], ["SIGHUP", 129]]) {
  if (process.listenerCount(signal) === 0) process.once(signal, () => process.exit(code));
}

/** Temp folders of sessions not closed yet, removed on exit whatever happens. */
const liveTemps = new Set();
process.on("exit", () => {
  for (const dir of liveTemps) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const normalize = (text) => (text ?? "").replace(/\u00a0/g, " ");
const log = (message) => {
  if (process.env.E2E_VERBOSE !== "0") process.stderr.write(`      · ${message}\n`);
};

/** Polls `probe` until it returns a truthy value; throws `describe()` on timeout. */
export async function waitFor(probe, { timeout = SLOW, interval = 250, message = "condition" } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const detail = typeof message === "function" ? await message(last) : message;
      throw new Error(`timed out after ${timeout / 1000} s waiting for ${detail}`);
    }
    await sleep(interval);
  }
}

export class VSCode {
  /**
   * @param {object} options
   * @param {Record<string, string>} options.files  workspace files to write (relative path → text)
   * @param {string} [options.extension]  folder of the extension to install (defaults to this repo)
   */
  static async start({ files, extension = process.env.E2E_EXTENSION_DIR || root } = {}) {
    const vscode = new VSCode();
    try {
      await vscode.#start(files ?? {}, resolve(extension));
    } catch (error) {
      await vscode.screenshot("startup-failure").catch(() => {});
      await vscode.close();
      throw error;
    }
    return vscode;
  }

  temp = mkdtempSync(join(tmpdir(), "autograd-lens-e2e-"));
  workspace = join(this.temp, "workspace");
  #registered = liveTemps.add(this.temp);
  server = null;
  browser = null;
  page = null;
  shot = 0;

  async #start(files, extension) {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(this.workspace, name)), { recursive: true });
      writeFileSync(join(this.workspace, name), text);
    }
    mkdirSync(this.workspace, { recursive: true });
    const extensions = join(this.temp, "extensions");
    mkdirSync(extensions, { recursive: true });
    const installed = installExtension(extensions, extension);
    log(`extension copied to ${installed}`);

    const started = Date.now();
    this.server = await launch({
      workspace: this.workspace,
      extensionDir: extensions,
      stateDir: join(this.temp, "code-server"),
      port: 8300 + Math.floor(Math.random() * 500),
      settings: {
        "editor.hover.delay": 200,
        "editor.hover.sticky": true,
        "editor.minimap.enabled": false,
        "editor.quickSuggestions": { other: false, comments: false, strings: false },
        "editor.suggestOnTriggerCharacters": false,
        "editor.parameterHints.enabled": false,
        "editor.autoClosingBrackets": "never",
        "editor.autoClosingQuotes": "never",
        "files.autoSave": "off",
        "window.restoreWindows": "none",
        "workbench.editor.enablePreview": false,
        "notifications.showExtensionsNotifications": true,
      },
    });
    log(`code-server up at ${this.server.url} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const home = join(this.temp, "browser-home");
    mkdirSync(home, { recursive: true });
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_CACHE_HOME: join(home, ".cache") },
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ], // playwright gives the browser a fresh temporary profile (--user-data-dir) of its own
    });
    const context = await this.browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    this.page = await context.newPage();
    this.page.on("pageerror", (error) => log(`page error: ${String(error).slice(0, 300)}`));
    await this.page.goto(this.server.url, { waitUntil: "domcontentloaded", timeout: SLOW });
    await this.page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: SLOW });
    // The explorer lists the workspace once the remote file system answers.
    const first = Object.keys(files)[0];
    if (first) await this.explorerRow(first.split("/")[0]).waitFor({ state: "visible", timeout: SLOW });
    log(`workbench ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  /** Reloads the window (Developer: Reload Window does the same): a new extension host, webviews revived. */
  async reload() {
    await this.page.reload({ waitUntil: "domcontentloaded", timeout: SLOW });
    await this.page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: SLOW });
  }

  async close() {
    await this.browser?.close().catch(() => {});
    this.browser = null;
    await this.server?.stop().catch(() => {});
    this.server = null;
    rmSync(this.temp, { recursive: true, force: true, maxRetries: 3 });
    liveTemps.delete(this.temp);
  }

  /** Saves `test-results/e2e/NN-name.png`. */
  async screenshot(name, { settle = 400 } = {}) {
    if (!this.page) return;
    await sleep(settle); // let hovers and notifications finish fading in
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = join(SCREENSHOTS, `${String(++this.shot).padStart(2, "0")}-${name.replace(/[^\w.-]+/g, "-")}.png`);
    await this.page.screenshot({ path: file, timeout: 20_000 });
    return file;
  }

  explorerRow(name) {
    return this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"], .explorer-folders-view .monaco-list-row[aria-label^="${name} "]`).first();
  }

  /** The Python editor's (or a notebook cell's) rendered line whose text contains `text`. */
  editorLine(text) {
    return this.page.locator(EDITOR_LINES).filter({ hasText: text }).first();
  }

  /** Opens a workspace file in an editor, from the explorer (Quick Open as a fallback). */
  async openFile(name, expectedLine) {
    const row = this.explorerRow(name);
    try {
      await row.waitFor({ state: "visible", timeout: 30_000 });
      await row.click();
    } catch {
      log(`${name} not in the explorer, trying Quick Open`);
      await this.quickOpen(name);
    }
    await this.editorLine(expectedLine).waitFor({ state: "visible", timeout: SLOW });
    await this.page.locator(`.part.editor .tab.active[aria-label^="${name}"]`).waitFor({ timeout: SLOW });
  }

  async quickOpen(name) {
    await this.#withQuickInput("Control+P", name, (row) => row.filter({ hasText: name }).first());
  }

  /** Runs a command from the command palette by its title, retrying while it is not listed yet. */
  async runCommand(title) {
    await this.#withQuickInput("F1", `>${title}`, (rows) =>
      rows.filter({ has: this.page.locator(".label-name", { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) }).first());
  }

  async #withQuickInput(key, text, pick) {
    const widget = this.page.locator(".quick-input-widget");
    const input = widget.locator(".quick-input-box input");
    const rows = widget.locator(".monaco-list-row");
    const deadline = Date.now() + SLOW;
    for (let attempt = 1; ; attempt++) {
      if (await widget.isVisible()) await this.page.keyboard.press("Escape");
      await this.page.keyboard.press(key);
      try {
        await input.waitFor({ state: "visible", timeout: 10_000 });
        await input.fill(text);
        const row = pick(rows);
        await row.waitFor({ state: "visible", timeout: Math.min(20_000, Math.max(1000, deadline - Date.now())) });
        await row.click();
        // Closed, or replaced by the command's own quick pick (Show Output Channels...).
        await waitFor(async () => !(await widget.isVisible()) || (await input.inputValue()) !== text, {
          timeout: 10_000,
          interval: 100,
        }).catch(() => {});
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          await this.screenshot(`quick-input-failed`).catch(() => {});
          const listed = await rows.allInnerTexts().catch(() => []);
          throw new Error(`"${text}" did not show in the quick input after ${attempt} attempts (listed: ${JSON.stringify(listed.slice(0, 10))}): ${error.message}`);
        }
        log(`quick input: "${text}" not listed yet (attempt ${attempt}), retrying`);
      }
    }
  }

  /** Clicks into the editor on the line containing `text` (to focus it) and selects everything. */
  async selectAll(lineText) {
    await this.editorLine(lineText).click();
    await this.page.keyboard.press("Control+A");
    await waitFor(() => this.page.locator(".part.editor .monaco-editor .selected-text").count(), {
      timeout: 10_000,
      message: "the editor selection",
    });
  }

  /** Shows the output channel `channel` in the panel (Output: Show Output Channels...). */
  async showOutput(channel) {
    const deadline = Date.now() + SLOW;
    for (let attempt = 1; ; attempt++) {
      await this.runCommand("Output: Show Output Channels...");
      const widget = this.page.locator(".quick-input-widget");
      const row = widget.locator(".monaco-list-row").filter({ has: this.page.locator(".label-name", { hasText: new RegExp(`^${escapeRegExp(channel)}$`) }) }).first();
      try {
        await row.waitFor({ state: "visible", timeout: 10_000 });
        await row.click();
        await this.page.locator(".part.panel .output-view").waitFor({ state: "visible", timeout: 10_000 });
        return;
      } catch (error) {
        const listed = await widget.locator(".monaco-list-row").allInnerTexts().catch(() => []);
        await this.page.keyboard.press("Escape");
        if (Date.now() > deadline) throw new Error(`output channel "${channel}" not listed (listed: ${JSON.stringify(listed)}): ${error.message}`);
        log(`output channel "${channel}" not listed yet (attempt ${attempt}): ${JSON.stringify(listed)}`);
        await sleep(1000);
      }
    }
  }

  async outputText() {
    const view = this.page.locator(".part.panel .output-view .monaco-editor .view-lines").first();
    if (!(await view.isVisible().catch(() => false))) return "";
    return normalize(await view.innerText());
  }

  async notificationsText() {
    const toasts = await this.page.locator(".notifications-toasts .notification-toast").allInnerTexts().catch(() => []);
    return normalize(toasts.join("\n"));
  }

  /** The text of a webview whose document contains `needle`, polling all frames. */
  async webviewText(needle, { timeout = SLOW } = {}) {
    let seen = [];
    return waitFor(
      async () => {
        seen = [];
        for (const frame of this.page.frames()) {
          if (!/fake\.html|webview/.test(frame.url())) continue;
          const text = await frame
            .evaluate(() => {
              const parts = [document.body?.innerText ?? ""];
              for (const t of document.querySelectorAll("svg text")) parts.push(t.textContent ?? "");
              return parts.join("\n");
            })
            .catch(() => "");
          seen.push(`${frame.url().split("?")[0]}: ${text.slice(0, 200)}`);
          if (text.includes(needle)) return normalize(text);
        }
        return null;
      },
      { timeout, interval: 500, message: () => `a webview containing ${JSON.stringify(needle)} (frames: ${JSON.stringify(seen)})` },
    );
  }

  /** The webview frame whose document contains `needle` (the graph panel's inner frame). */
  async webviewFrame(needle, { timeout = SLOW } = {}) {
    return waitFor(
      async () => {
        for (const frame of this.page.frames()) {
          if (!/fake\.html|webview/.test(frame.url())) continue;
          const found = await frame.evaluate((n) => (document.body?.innerText ?? "").includes(n) || [...document.querySelectorAll("svg text")].some((t) => (t.textContent ?? "").includes(n)), needle).catch(() => false);
          if (found) return frame;
        }
        return null;
      },
      { timeout, interval: 500, message: `a webview frame containing ${JSON.stringify(needle)}` },
    );
  }

  /**
   * The inline decoration texts after the editor line whose text is `lineText`: VS Code draws them
   * as CSS `::after` content, so they are read from the computed style, not the DOM text.
   */
  async inlineTexts(lineText) {
    return (await this.#inlineDecorations(lineText)).map((d) => d.text);
  }

  /** Moves the mouse onto the first inline decoration after a line and returns the hover's text once it contains `expected`. */
  async hoverInline(lineText, expected) {
    const [first] = await this.#inlineDecorations(lineText);
    if (!first) throw new Error(`no inline decoration after ${JSON.stringify(lineText)}`);
    const { x, y, width, height } = first.box;
    await this.page.mouse.move(x + width / 2, y + height / 2 + 120, { steps: 3 });
    await this.page.mouse.move(x + width / 2, y + height / 2, { steps: 6 });
    return waitFor(async () => {
      const text = normalize((await this.page.locator(".monaco-hover:visible").allInnerTexts().catch(() => [])).join("\n"));
      return text.includes(expected) && text;
    }, { timeout: 20_000, message: `a hover containing ${JSON.stringify(expected)} over the inline result after ${JSON.stringify(lineText)}` });
  }

  async #inlineDecorations(lineText) {
    return this.page.evaluate((lineText) => {
      const clean = (s) => (s ?? "").replace(/\u00a0/g, " ");
      const lines = [...document.querySelectorAll(".part.editor .monaco-editor .view-line")];
      const line = lines.find((el) => clean(el.textContent).trimEnd() === lineText);
      if (!line) return [];
      const found = [];
      for (const el of line.querySelectorAll("span")) {
        const content = getComputedStyle(el, "::after").content;
        if (!content || content === "none" || content === "normal") continue;
        const rect = el.getBoundingClientRect();
        found.push({ text: JSON.parse(content), box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height } });
      }
      return found;
    }, lineText);
  }

  /** A CodeLens link by its title, the `occurrence`-th in the editor. */
  codeLens(title, occurrence = 0) {
    return this.page.locator(".part.editor .monaco-editor .codelens-decoration a").filter({ hasText: new RegExp(`^${escapeRegExp(title)}$`) }).nth(occurrence);
  }

  /** The status bar's cursor/selection item, e.g. "Ln 3, Col 9 (4 selected)". */
  async cursorStatus() {
    const item = this.page.locator('.statusbar [id="status.editor.selection"]').first();
    return normalize(await item.innerText().catch(() => ""));
  }

  /** Switches the colour theme through "Preferences: Color Theme". */
  async setColorTheme(name) {
    await this.runCommand("Preferences: Color Theme");
    const widget = this.page.locator(".quick-input-widget");
    const input = widget.locator(".quick-input-box input");
    await input.waitFor({ state: "visible", timeout: 20_000 });
    await input.fill(name);
    const row = widget.locator(".monaco-list-row").filter({ hasText: name }).first();
    await row.waitFor({ state: "visible", timeout: 20_000 });
    await row.click();
    await widget.waitFor({ state: "hidden", timeout: 20_000 }).catch(() => {});
  }

  /** Screen box of the `occurrence`-th whole-word `word` on the editor line whose text is `lineText`. */
  async wordBox(lineText, word, occurrence = 0) {
    return this.page.evaluate(
      ({ lineText, word, occurrence, selector }) => {
        const clean = (s) => (s ?? "").replace(/\u00a0/g, " ");
        const lines = [...document.querySelectorAll(selector)];
        const line = lines.find((el) => clean(el.textContent).trimEnd() === lineText) ?? lines.find((el) => clean(el.textContent).includes(lineText));
        if (!line) return null;
        const text = clean(line.textContent);
        const re = new RegExp(`(?<![\\w])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w])`, "g");
        let match;
        for (let i = 0; i <= occurrence; i++) match = re.exec(text);
        if (!match) return null;
        // Map the character offsets onto the text nodes of the rendered token spans.
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let offset = 0;
        let startSet = false;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const length = node.textContent.length;
          if (!startSet && match.index < offset + length) {
            range.setStart(node, match.index - offset);
            startSet = true;
          }
          if (startSet && match.index + word.length <= offset + length) {
            range.setEnd(node, match.index + word.length - offset);
            break;
          }
          offset += length;
        }
        const rect = range.getBoundingClientRect();
        return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
      },
      { lineText, word, occurrence, selector: EDITOR_LINES },
    );
  }

  /** Moves the mouse onto `word` and returns the visible hover's text once it contains `expected`. */
  async hover(lineText, word, expected, { occurrence = 0, timeout = 60_000 } = {}) {
    const deadline = Date.now() + timeout;
    let lastText = "";
    for (let attempt = 1; ; attempt++) {
      const box = await this.wordBox(lineText, word, occurrence);
      if (!box) throw new Error(`word ${JSON.stringify(word)} not found on the editor line ${JSON.stringify(lineText)}`);
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      // Come from somewhere neutral so that VS Code sees a fresh mouse-over.
      await this.page.mouse.move(x, y + 120, { steps: 3 });
      await sleep(150);
      await this.page.mouse.move(x, y, { steps: 6 });
      const until = Math.min(deadline, Date.now() + 8_000);
      while (Date.now() < until) {
        const hovers = this.page.locator(".monaco-hover:visible");
        const texts = normalize((await hovers.allInnerTexts().catch(() => [])).join("\n"));
        if (texts) lastText = texts;
        if (expected.every((e) => texts.includes(e))) return texts;
        await sleep(250);
      }
      if (Date.now() > deadline) {
        throw new Error(`hovering ${JSON.stringify(word)} on ${JSON.stringify(lineText)} showed ${JSON.stringify(lastText)}, expected it to contain ${JSON.stringify(expected)}`);
      }
    }
  }
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
