// The status bar item of the active Python editor's session: idle, busy (spinning) or never run,
// with the last run's time; clicking it opens the session actions.

import * as vscode from "vscode";
import { type SessionState, statusText } from "./sessionStatus";

export class SessionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("autogradLens.session", vscode.StatusBarAlignment.Left, 50);
  private readonly states = new Map<string, SessionState>();

  constructor() {
    this.item.name = "Autograd Lens Session";
    this.item.command = "autogradLens.sessionActions";
    this.refresh();
  }

  set(documentUri: string, state: SessionState): void {
    this.states.set(documentUri, state);
    this.refresh();
  }

  forget(documentUri: string): void {
    this.states.delete(documentUri);
    this.refresh();
  }

  state(documentUri: string): SessionState {
    return this.states.get(documentUri) ?? { kind: "none" };
  }

  /** Shows the active editor's session; hidden outside Python editors. */
  refresh(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== "python") {
      this.item.hide();
      return;
    }
    const { text, tooltip } = statusText(this.state(document.uri.toString()));
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
