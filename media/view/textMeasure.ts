// Text widths for node boxes. Reading the theme's font and measuring text are the costly part of
// sizing thousands of nodes, so the font is read once per graph and each distinct string measured once.

export class TextMeasure {
  private readonly context = document.createElement("canvas").getContext("2d");
  private readonly widths = new Map<string, number>();
  private fonts = { regular: "", bold: "" };
  /** The font last given to the context (which normalises what it is given, so it is not read back). */
  private font = "";

  /** Reads the editor font from the theme; call before measuring a new graph (the theme may have changed). */
  reset(): void {
    const family = getComputedStyle(document.body).getPropertyValue("--vscode-editor-font-family") || "monospace";
    const fonts = { regular: `13px ${family}`, bold: `600 13px ${family}` };
    if (fonts.regular !== this.fonts.regular) this.widths.clear();
    this.fonts = fonts;
    this.font = "";
  }

  width(text: string, bold = false): number {
    const key = bold ? `\u0001${text}` : text;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = this.measure(text, bold);
      this.widths.set(key, width);
    }
    return width;
  }

  private measure(text: string, bold: boolean): number {
    const context = this.context;
    if (!context) return text.length * 7.5;
    const font = bold ? this.fonts.bold : this.fonts.regular;
    if (this.font !== font) {
      context.font = font;
      this.font = font;
    }
    return context.measureText(text).width;
  }
}
