// The plain, serialisable outcome of an evaluation: what flows from the interpreter to the views.
// Nothing here holds an engine object, so it crosses worker and webview boundaries as JSON.

import type { EngineEvent } from "./engine/events";

/** Where in the evaluated source something happened; lines and columns are 1-based, in the lines of the document the source came from. */
export interface SourceLocation {
  line: number;
  column: number;
  /**
   * Where the expression ends (1-based, exclusive column), when the interpreter knows it: the graph
   * panel then selects exactly the expression that made a node, not the rest of its line.
   */
  endLine?: number;
  endColumn?: number;
}

/** One cell's output, as the CLI's `--json` contract and Jupyter show it. */
export interface CellResult {
  stdout: string;
  /** repr of a trailing bare expression; null when there is none or it is None. */
  display: string | null;
  /** "ExceptionType: message" as Python prints it. */
  error: string | null;
  /** "Category: message" for each warning raised. */
  warnings: string[];
  /** Where the error was raised, in the coordinates of the evaluated source. */
  errorLocation?: SourceLocation;
  /**
   * stdout split by the document line of the print() call that wrote it, in order; consecutive
   * writes from one line are joined. Their texts concatenate to `stdout`.
   */
  lineOutputs?: LineOutput[];
  /** For each of `warnings`, the document line of the code that raised it, null when unknown. */
  warningLines?: (number | null)[];
  /** Document line where the displayed expression ends, when `display` is set. */
  displayLine?: number;
}

/** Text written by the print() call on one 1-based document line. */
export interface LineOutput {
  line: number;
  text: string;
}

/** A name bound in the session, summarised for hovers. */
export interface VariableView {
  name: string;
  /** Python type name: "Tensor", "int", "function", ... */
  type: string;
  /** repr() exactly as Python + PyTorch print it. */
  repr: string;
  tensor?: TensorSummary;
}

export interface TensorSummary {
  shape: number[];
  dtype: string;
  requiresGrad: boolean;
  isLeaf: boolean;
  /** grad_fn name such as "PowBackward0", or null for leaves. */
  gradFn: string | null;
  /** repr of .grad, or null when it is None. */
  grad: string | null;
  /** Graph node id of this tensor in the result's graph, when it is part of one. */
  nodeId?: string;
  /** The id the engine's events use for this tensor (their `tensor`, `leaves`, `params` fields). */
  tensorId?: number;
}

export type GraphNodeKind = "tensor" | "function";

/** A node of the computation graph: a tensor (leaf or result) or a backward function. */
export interface GraphNodeView {
  id: string;
  kind: GraphNodeKind;
  /** Variable name for tensors when known, PyTorch's grad_fn name for functions. */
  label: string;
  /** Short extra text: a tensor's value, a function's saved values. */
  detail: string;
  /**
   * ids of the nodes this node was computed from (forward direction). A function's are its next
   * edges in order, null where PyTorch's next_functions has None (an input that needs no gradient),
   * so position i is the edge its i-th outgoing gradient travels.
   */
  inputs: (string | null)[];
  location?: SourceLocation;
  /** A function node's saved values by PyTorch's attribute names (`_saved_self`), as Python prints them. */
  saved?: SavedValueView[];
  /** The innermost nn.Module call the function node was made in (one id per call). */
  module?: ModuleCallView;
}

export interface ModuleCallView {
  id: string;
  /** The module's class and, when the namespace names it, its path: `Linear (model.0)`. */
  label: string;
}

export interface SavedValueView {
  /** `_saved_self`, `_saved_exponent`, ... as on `grad_fn`. */
  name: string;
  /** repr of the value; for a large tensor its shape and dtype; `freed by backward()` once freed. */
  value: string;
}

export interface GraphView {
  nodes: GraphNodeView[];
}

/** What the engine did (backward passes, accumulations into .grad), oldest first. */
export type EngineEventView = EngineEvent<SourceLocation | undefined>;
export type { BackwardStep, CutKind, ValueSnapshot } from "./engine/events";

export interface EvaluationResult {
  cells: CellResult[];
  variables: VariableView[];
  graph: GraphView;
  /** Wall time of the evaluation in milliseconds. */
  elapsedMs: number;
  /** The session's engine events so far (bounded), so views can explain gradients across calls. */
  events: EngineEventView[];
  /** True when the evaluation was stopped by the user or the time limit. */
  interrupted: boolean;
}
