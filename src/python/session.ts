// A session is one interpreter namespace, like a Jupyter kernel: cells run in it one after another.

import { EventLog, setEventLog, setWarningSink } from "../engine";
import type { CellResult, EngineEventView, EvaluationResult } from "../result";
import { createBuiltins } from "./builtins";
import { Compiler, locate } from "./compile";
import { toPyException } from "./errors";
import { findSyntaxError, initParser, parse, WasmLocator } from "./parse";
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

export class Session {
  private readonly globals = new Map<string, Value>([["__name__", "__main__"]]);
  private readonly runtime: Runtime;
  private readonly scope: Scope;
  private readonly events = new EventLog();
  /** Warnings PyTorch gives once per process, already given in this session. */
  private readonly warnedOnce = new Set<string>();

  private constructor() {
    const builtins = new Map<string, Value>();
    this.runtime = new Runtime(this.globals, builtins);
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
    const runtime = this.runtime;
    runtime.stdout = "";
    runtime.warnings = [];
    runtime.depth = 0;
    runtime.shouldInterrupt = options.shouldInterrupt ?? (() => false);
    const lineOffset = (options.firstLine ?? 1) - 1;
    const result: CellResult = { stdout: "", display: null, error: null, warnings: [] };
    const warnedOnce = this.warnedOnce;
    const previousSink = setWarningSink((category, message, once) => {
      if (once && warnedOnce.has(message)) return;
      if (once) warnedOnce.add(message);
      runtime.warnings.push(`${category}: ${message}`);
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
        if (value !== null) result.display = repr(value);
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
    result.warnings = runtime.warnings;
    return result;
  }

  /** Runs the source as one cell and summarises the namespace and the computation graph for the views. */
  evaluate(source: string, options: RunOptions = {}): EvaluationResult {
    const started = performance.now();
    const cell = this.runCell(source, options);
    const { variables, graph } = snapshot(this.globals, this.events);
    return {
      cells: [cell],
      variables,
      graph,
      events: this.events.events as EngineEventView[],
      elapsedMs: performance.now() - started,
      interrupted: cell.error === "KeyboardInterrupt",
    };
  }
}
