// What the engine did, as plain serialisable records for the views (the backward stepper, the
// accumulation warnings, hover histories). Nothing is recorded unless a log is installed, and a log
// keeps a bounded number of records, so the hot paths pay one null check.

import type { DType } from "./dtype";
import type { Node } from "./autograd/node";
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

export type EngineEvent<Site = unknown> = BackwardRecord<Site> | AccumulateRecord<Site>;

const VALUES_KEPT = 16;
const STEPS_KEPT = 2000;

export function snapshotValue(t: Tensor): ValueSnapshot {
  const count = Math.min(t.numel, VALUES_KEPT);
  const values = new Array<number>(count);
  for (let i = 0; i < count; i++) values[i] = t.at(i);
  return { shape: [...t.shape], dtype: t.dtype, values, numel: t.numel };
}

export class EventLog {
  readonly events: EngineEvent[] = [];
  private readonly tensorIds = new WeakMap<Tensor, number>();
  private nextTensorId = 0;
  private nextBackwardId = 0;
  private current: BackwardRecord | null = null;

  constructor(private readonly capacity = 10_000) {}

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
    const leaf = (node as { variable?: Tensor }).variable;
    record.steps.push({
      node: node.sequenceNr, name: node.name, ...(leaf ? { tensor: this.tensorId(leaf) } : {}),
      gradsIn: gradsIn.map((g) => (g ? snapshotValue(g) : null)),
      gradsOut: gradsOut.map((g) => (g ? snapshotValue(g) : null)),
    });
  }

  accumulate(leaf: Tensor, before: Tensor | null, after: Tensor, site: unknown): void {
    this.push({
      kind: "accumulate", backward: this.current?.id ?? -1, tensor: this.tensorId(leaf),
      before: before ? snapshotValue(before) : null, after: snapshotValue(after), site,
    });
  }

  private push(event: EngineEvent): void {
    if (this.events.length >= this.capacity) this.events.splice(0, this.events.length - this.capacity + 1);
    this.events.push(event);
  }
}

let log: EventLog | null = null;

export function getEventLog(): EventLog | null {
  return log;
}

/** The interpreter installs its session's log while it runs that session's code. */
export function setEventLog(next: EventLog | null): EventLog | null {
  const previous = log;
  log = next;
  return previous;
}
