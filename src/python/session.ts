// A session is one interpreter namespace, like a Jupyter kernel: cells run in it one after another.

import { EventLog, setCurrentSite, setEventLog, setWarningSink } from "../engine";
import { getCurrentSite } from "../engine/autograd/node";
import { defaultPrintOptions, swapPrintOptions } from "../engine/print";
import type { CellResult, EngineEventView, EvaluationResult, LineOutput, SourceLocation } from "../result";
import { createBuiltins } from "./builtins";
import { Compiler, locate } from "./compile";
import { toPyException } from "./errors";
import { findSyntaxError, initParser, parse, type SyntaxNode, WasmLocator } from "./parse";
import { repr } from "./repr";
import { Runtime } from "./runtime";
import { Scope } from "./scope";
import { snapshot } from "./snapshot";
import type { Value } from "./values";

export interface RunOptions {
  /** 1-based line in its document of the source's first line, so locations map back to the document. */
  firstLine?: number;
  /** Polled by the interpreter (loops, calls); returning true raises KeyboardInterrupt in the user code. */
  shouldInterrupt?: () => boolean;
}

/**
 * A Runtime that also notes which line wrote each piece of stdout, for inline results: a call sets
 * the current site just before it runs, so print() finds its own call's location there.
 */
class LineAttributingRuntime extends Runtime {
  lineOutputs: LineOutput[] = [];

  override write(text: string): void {
    super.write(text);
    const line = (getCurrentSite() as SourceLocation | undefined)?.line;
    if (line === undefined) return;
    const last = this.lineOutputs[this.lineOutputs.length - 1];
    if (last?.line === line) last.text += text;
    else this.lineOutputs.push({ line, text });
  }
}

export class Session {
  private readonly globals = new Map<string, Value>([["__name__", "__main__"]]);
  private readonly runtime: LineAttributingRuntime;
  private readonly scope: Scope;
  private readonly events = new EventLog();
  private printOptions = defaultPrintOptions();
  /** Warnings PyTorch gives once per process, already given in this session. */
  private readonly warnedOnce = new Set<string>();

  private constructor() {
    const builtins = new Map<string, Value>();
    this.runtime = new LineAttributingRuntime(this.globals, builtins);
    for (const [name, value] of createBuiltins(this.runtime)) builtins.set(name, value);
    this.scope = new Scope(null, this.globals);
    this.scope.vars = this.globals;
  }

  /** `locateWasm` says where the parser's WASM files are (`locateWasmInNode` in Node). */
  static async create(options: { locateWasm: WasmLocator }): Promise<Session> {
    await initParser(options.locateWasm);
    return new Session();
  }

  runCell(source: string, options: RunOptions = {}): CellResult {
    return this.withPrintOptions(() => this.runCellNow(source, options));
  }

  private runCellNow(source: string, options: RunOptions): CellResult {
    const runtime = this.runtime;
    runtime.stdout = "";
    runtime.lineOutputs = [];
    runtime.warnings = [];
    // A site left by an earlier cell must not claim this cell's first prints.
    setCurrentSite(undefined);
    runtime.depth = 0;
    runtime.shouldInterrupt = options.shouldInterrupt ?? (() => false);
    const lineOffset = (options.firstLine ?? 1) - 1;
    const result: CellResult = { stdout: "", display: null, error: null, warnings: [] };
    const warnedOnce = this.warnedOnce;
    const warningLines: (number | null)[] = [];
    const previousSink = setWarningSink((category, message, once) => {
      if (once && warnedOnce.has(message)) return;
      if (once) warnedOnce.add(message);
      runtime.warnings.push(`${category}: ${message}`);
      warningLines.push((getCurrentSite() as SourceLocation | undefined)?.line ?? null);
    });
    const previousLog = setEventLog(this.events);
    const tree = parse(source);
    try {
      const syntaxError = findSyntaxError(tree, lineOffset);
      if (syntaxError) throw syntaxError;
      const program = new Compiler(runtime, lineOffset).cell(tree.rootNode);
      program.run(this.scope);
      if (program.display) {
        const value = program.display(this.scope);
        if (value !== null) {
          result.display = repr(value);
          result.displayLine = displayEndLine(tree.rootNode, lineOffset);
        }
      }
    } catch (error) {
      const exception = toPyException(error);
      result.error = exception.formatted;
      if (exception.location) result.errorLocation = exception.location;
      else result.errorLocation = locate(exception, { line: lineOffset + 1, column: 1 }).location;
    } finally {
      tree.delete();
      setWarningSink(previousSink);
      setEventLog(previousLog);
    }
    result.stdout = runtime.stdout;
    if (runtime.lineOutputs.length > 0) result.lineOutputs = runtime.lineOutputs;
    if (warningLines.length > 0) result.warningLines = warningLines;
    result.warnings = runtime.warnings;
    return result;
  }

  /** Runs `run` with this session's print options in force, keeping what it changes for the next run. */
  private withPrintOptions<T>(run: () => T): T {
    const previous = swapPrintOptions(this.printOptions);
    try {
      return run();
    } finally {
      this.printOptions = swapPrintOptions(previous);
    }
  }

  /** Runs the source as one cell and summarises the namespace and the computation graph for the views. */
  evaluate(source: string, options: RunOptions = {}): EvaluationResult {
    const started = performance.now();
    const cell = this.runCell(source, options);
    const { variables, graph } = this.withPrintOptions(() => snapshot(this.globals, this.events));
    return {
      cells: [cell],
      variables,
      graph,
      events: this.events.recent() as EngineEventView[],
      elapsedMs: performance.now() - started,
      interrupted: cell.error === "KeyboardInterrupt",
    };
  }
}

/** The document line where the cell's last statement (the displayed expression) ends. */
function displayEndLine(root: SyntaxNode, lineOffset: number): number | undefined {
  const statements = root.namedChildren.filter((c) => c !== null && c.type !== "comment");
  const last = statements[statements.length - 1];
  return last ? last.endPosition.row + 1 + lineOffset : undefined;
}
