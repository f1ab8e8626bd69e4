// What the engine did, as plain serialisable records for the views (the backward stepper, the
// teaching warnings, hover histories): backward passes, accumulations into .grad, resets of .grad,
// optimizer steps, and the places where a value's path back to its leaves was cut. Nothing is
// recorded unless a log is installed, and a log keeps a bounded number of records, so the hot paths
// pay one null check.

import type { DType } from "./dtype";
import { getCurrentSite, peekSequenceNr, type Node } from "./autograd/node";
import type { Tensor } from "./tensor";

/** A tensor's value small enough to keep: shape, dtype and the first few values. */
export interface ValueSnapshot {
  shape: number[];
  dtype: DType;
  /** Row-major values, at most VALUES_KEPT of them. */
  values: number[];
  numel: number;
}

export interface BackwardStep {
  /** The node's id (Node.sequenceNr), as the views' graph names it (`f<id>`). */
  node: number;
  name: string;
  /** For an AccumulateGrad step: the id of the leaf it accumulates into (EventLog.tensorId). */
  tensor?: number;
  /** The gradient arriving at each output of the node. */
  gradsIn: (ValueSnapshot | null)[];
  /** The gradient it sends along each of its next edges. */
  gradsOut: (ValueSnapshot | null)[];
}

export interface BackwardRecord<Site = unknown> {
  kind: "backward";
  id: number;
  api: "backward" | "grad";
  /** Where the call was written (supplied by the interpreter). */
  site: Site;
  /** Node ids of the roots' grad_fns (or accumulators). */
  roots: number[];
  retainGraph: boolean;
  createGraph: boolean;
  steps: BackwardStep[];
  /** True when the pass ran more nodes than a record keeps. */
  truncated: boolean;
}

export interface AccumulateRecord<Site = unknown> {
  kind: "accumulate";
  /** The backward record this accumulation belongs to. */
  backward: number;
  /** Id of the leaf tensor (EventLog.tensorId). */
  tensor: number;
  before: ValueSnapshot | null;
  after: ValueSnapshot;
  /** Where the backward call that accumulated was written. */
  site: Site;
}

/** How a value lost its autograd history. */
export type CutKind = "detach" | "data" | "no_grad" | "requires_grad_";

/**
 * A place where the path back to some leaves was cut: detach(), .data, an op under no_grad, or
 * requires_grad_(False) on the leaf itself. One record per site and kind; a loop that runs the line
 * again raises `count` and adds leaves.
 */
export interface CutRecord<Site = unknown> {
  kind: "cut";
  how: CutKind;
  /** The tensor without history (the leaf itself for requires_grad_); absent for no_grad ops. */
  tensor?: number;
  /** The leaves (EventLog.tensorId) whose gradient cannot flow through this value. */
  leaves: number[];
  count: number;
  site: Site;
}

/** `.grad` cleared: zero_grad() of an optimizer or module, `x.grad.zero_()`, or `x.grad = ...`. */
export interface GradResetRecord<Site = unknown> {
  kind: "grad-reset";
  how: "zero_grad" | "zero_" | "assign";
  /** The leaves whose .grad was reset. */
  tensors: number[];
  site: Site;
}

/** An optimizer's step(): the leaves it updated (those that had a .grad). */
export interface OptimizerStepRecord<Site = unknown> {
  kind: "optimizer-step";
  optimizer: string;
  params: number[];
  site: Site;
}

export type EngineEvent<Site = unknown> =
  | BackwardRecord<Site> | AccumulateRecord<Site> | CutRecord<Site> | GradResetRecord<Site> | OptimizerStepRecord<Site>;

/**
 * One call of an nn.Module: the graph nodes made while it ran are those whose sequence numbers lie
 * in [start, end). Spans cost one object per call and nothing per node.
 */
export interface ModuleCallSpan {
  id: number;
  /** The module object, opaque to the engine (the interpreter names it), and its class name. */
  module: unknown;
  className: string;
  start: number;
  /** Infinity while the call runs. */
  end: number;
  parent: ModuleCallSpan | null;
}

const VALUES_KEPT = 16;
const MODULE_CALLS_KEPT = 20_000;
const STEPS_KEPT = 2000;
/** A cut's leaves are found by walking back at most this many graph nodes. */
const CUT_WALK = 256;
const CUT_LEAVES_KEPT = 32;

export function snapshotValue(t: Tensor): ValueSnapshot {
  // A 0-dim tensor (every step of a scalar graph) in one allocation less.
  if (t.shape.length === 0) return { shape: [], dtype: t.dtype, values: [t.storage.data[t.offset]], numel: 1 };
  const count = Math.min(t.numel, VALUES_KEPT);
  const values = new Array<number>(count);
  for (let i = 0; i < count; i++) values[i] = t.at(i);
  return { shape: [...t.shape], dtype: t.dtype, values, numel: t.numel };
}

/** The leaf an AccumulateGrad node accumulates into (asking every node for a `variable` is a slow, megamorphic miss). */
function leafOf(node: Node): Tensor | undefined {
  return node.name === "AccumulateGrad" ? (node as Node & { variable: Tensor }).variable : undefined;
}

function snapshots(grads: readonly (Tensor | null)[]): (ValueSnapshot | null)[] {
  const out = new Array<ValueSnapshot | null>(grads.length);
  for (let i = 0; i < grads.length; i++) {
    const g = grads[i];
    out[i] = g ? snapshotValue(g) : null;
  }
  return out;
}

export class EventLog {
  /** Up to twice the capacity between trims, so that trimming costs O(1) per event; read `recent()`. */
  private readonly events: EngineEvent[] = [];
  private readonly tensorIds = new WeakMap<Tensor, number>();
  private nextTensorId = 0;
  private nextBackwardId = 0;
  private current: BackwardRecord | null = null;
  /** Cut records by site, so a line run in a loop adds to one record. */
  private readonly cuts = new Map<unknown, CutRecord[]>();
  /** Each leaf's current .grad tensor, so `x.grad.zero_()` can be told from other zero_() calls. */
  private readonly gradOwners = new WeakMap<Tensor, Tensor>();

  /** Module calls in the order they began (so by start), up to twice MODULE_CALLS_KEPT between trims. */
  private readonly moduleCalls: ModuleCallSpan[] = [];
  private openModuleCall: ModuleCallSpan | null = null;
  private nextModuleCallId = 0;

  constructor(private readonly capacity = 10_000) {}

  beginModuleCall(module: unknown, className: string): ModuleCallSpan {
    const span: ModuleCallSpan = {
      id: this.nextModuleCallId++, module, className, start: peekSequenceNr(), end: Infinity, parent: this.openModuleCall,
    };
    if (this.moduleCalls.length >= 2 * MODULE_CALLS_KEPT) this.moduleCalls.splice(0, MODULE_CALLS_KEPT);
    this.moduleCalls.push(span);
    this.openModuleCall = span;
    return span;
  }

  endModuleCall(span: ModuleCallSpan): void {
    span.end = peekSequenceNr();
    this.openModuleCall = span.parent;
  }

  /** The innermost module call that made the node with this sequence number, if one is kept. */
  moduleCallOf(sequenceNr: number): ModuleCallSpan | null {
    const calls = this.moduleCalls;
    let low = 0;
    let high = calls.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (calls[middle].start <= sequenceNr) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (found < 0) return null;
    // Calls nest, so the call containing the node is the latest one begun before it or, when that
    // one had already returned, one of the calls it ran inside.
    for (let span: ModuleCallSpan | null = calls[found]; span; span = span.parent) {
      if (sequenceNr < span.end) return span;
    }
    return null;
  }

  /** A stable id per tensor object, shared with the views' graph. */
  tensorId(t: Tensor): number {
    let id = this.tensorIds.get(t);
    if (id === undefined) {
      id = this.nextTensorId++;
      this.tensorIds.set(t, id);
    }
    return id;
  }

  beginBackward(api: BackwardRecord["api"], roots: readonly Node[], site: unknown, retainGraph: boolean, createGraph: boolean): void {
    this.current = {
      kind: "backward", id: this.nextBackwardId++, api, site, roots: roots.map((n) => n.sequenceNr),
      retainGraph, createGraph, steps: [], truncated: false,
    };
    this.push(this.current);
  }

  endBackward(): void {
    this.current = null;
  }

  step(node: Node, gradsIn: readonly (Tensor | null)[], gradsOut: readonly (Tensor | null)[]): void {
    const record = this.current;
    if (!record) return;
    if (record.steps.length >= STEPS_KEPT) {
      record.truncated = true;
      return;
    }
    const leaf = leafOf(node);
    const id = node.sequenceNr;
    const name = node.name;
    record.steps.push(leaf
      ? { node: id, name, tensor: this.tensorId(leaf), gradsIn: snapshots(gradsIn), gradsOut: snapshots(gradsOut) }
      : { node: id, name, gradsIn: snapshots(gradsIn), gradsOut: snapshots(gradsOut) });
  }

  accumulate(leaf: Tensor, before: Tensor | null, after: Tensor, site: unknown): void {
    this.gradOwners.set(after, leaf);
    this.push({
      kind: "accumulate", backward: this.current?.id ?? -1, tensor: this.tensorId(leaf),
      before: before ? snapshotValue(before) : null, after: snapshotValue(after), site,
    });
  }

  /** `result` (or, for no_grad, an op's output) no longer leads back to `source`'s leaves. */
  cut(how: CutKind, source: Tensor, result: Tensor | null): void {
    // Backward formulas run under no_grad too; those are not the user's cuts.
    if (this.current || !source.requiresGrad) return;
    const site = getCurrentSite();
    const leaves = leavesOf(source);
    const records = this.cuts.get(site) ?? [];
    const known = records.find((r) => r.how === how);
    if (known) {
      known.count++;
      for (const leaf of leaves) {
        if (known.leaves.length < CUT_LEAVES_KEPT && !known.leaves.includes(this.tensorId(leaf))) known.leaves.push(this.tensorId(leaf));
      }
      return;
    }
    const record: CutRecord = {
      kind: "cut", how, ...(result ? { tensor: this.tensorId(result) } : {}),
      leaves: leaves.slice(0, CUT_LEAVES_KEPT).map((t) => this.tensorId(t)), count: 1, site,
    };
    records.push(record);
    this.cuts.set(site, records);
    this.push(record);
  }

  /** An op ran under no_grad: a cut when one of its inputs requires grad. */
  noGradCut(inputs: readonly (Tensor | null)[]): void {
    for (const t of inputs) {
      if (t !== null && t.requiresGrad) return this.cut("no_grad", t, null);
    }
  }

  /** Called before `leaves`' .grad is cleared or replaced; leaves without a .grad are left out. */
  gradReset(how: GradResetRecord["how"], leaves: readonly Tensor[]): void {
    const reset = leaves.filter((t) => t.gradQuiet !== null);
    if (reset.length === 0) return;
    this.push({ kind: "grad-reset", how, tensors: reset.map((t) => this.tensorId(t)), site: getCurrentSite() });
  }

  /** zero_() on any tensor: a reset when it is a leaf's current .grad. */
  zeroed(t: Tensor): void {
    const leaf = this.gradOwners.get(t);
    if (leaf && leaf.gradQuiet === t) this.gradReset("zero_", [leaf]);
  }

  optimizerStep(optimizer: string, params: readonly Tensor[]): void {
    this.push({ kind: "optimizer-step", optimizer, params: params.map((t) => this.tensorId(t)), site: getCurrentSite() });
  }

  /** The newest `capacity` events, oldest first. */
  recent(): EngineEvent[] {
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
    return this.events;
  }

  private push(event: EngineEvent): void {
    if (this.events.length >= 2 * this.capacity) this.events.splice(0, this.events.length - this.capacity);
    this.events.push(event);
  }
}

/** The leaves a tensor was computed from, walking back a bounded number of nodes. */
function leavesOf(t: Tensor): Tensor[] {
  if (!t.gradFn) return [t];
  const leaves: Tensor[] = [];
  const seen = new Set<Node>([t.gradFn]);
  const stack: Node[] = [t.gradFn];
  while (stack.length > 0 && seen.size < CUT_WALK) {
    const node = stack.pop()!;
    const leaf = leafOf(node);
    if (leaf) leaves.push(leaf);
    for (const edge of node.nextEdges) {
      if (edge && !seen.has(edge.node)) {
        seen.add(edge.node);
        stack.push(edge.node);
      }
    }
  }
  return leaves;
}

let log: EventLog | null = null;

/** Notes a cut the user asked for (detach(), .data, requires_grad_(False)) when a log listens; returns `result`. */
export function noteCut(how: CutKind, source: Tensor, result: Tensor): Tensor {
  log?.cut(how, source, result);
  return result;
}

export function getEventLog(): EventLog | null {
  return log;
}

/** The interpreter installs its session's log while it runs that session's code. */
export function setEventLog(next: EventLog | null): EventLog | null {
  const previous = log;
  log = next;
  return previous;
}
