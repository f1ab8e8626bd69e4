// torch.optim.Optimizer: parameter groups as Python dicts (so `group['lr'] = ...` takes effect),
// per-parameter state, step() under no_grad, zero_grad() and the repr.

import { getEventLog, Scalar, Tensor, withGradMode } from "../../../engine";
import { copyInto } from "../../../engine/ops/kernels";
import { parseArgs } from "../../args";
import { callValue, PyClass, PyInstance } from "../../classes";
import { PyException, typeError } from "../../errors";
import { toArray, truthy } from "../../protocols";
import { str } from "../../repr";
import { Kwargs, PyDict, PyList, Value } from "../../values";
import { dictGet, dictSet, method, numberOf } from "../nn/native_class";
import { torchTypename, zeroGrads } from "../nn/module";

/** The default of an option the caller must give (PyTorch's `required`). */
export const REQUIRED = Symbol("required");

export interface OptimizerSpec {
  name: string;
  /** torch.optim's submodule that defines it, for the class repr. */
  file: string;
  /** Options after `params`, in the constructor's order (and the group dicts', unless groupOrder says otherwise). */
  defaults: readonly (readonly [string, Value | typeof REQUIRED])[];
  /** The order of the options in the group dicts, where the constructor's `defaults = dict(...)` differs. */
  groupOrder?: readonly string[];
  /** Rejects bad constructor options with PyTorch's ValueErrors. */
  validate: (option: (name: string) => Value) => void;
  /** The state a parameter gets in the constructor (Adagrad's); others create theirs on the first step. */
  initState?: (param: Tensor, option: (name: string) => Value, state: PyDict) => void;
  /** One parameter's update; runs under no_grad with the group's options. */
  update: (param: Tensor, grad: Tensor, option: (name: string) => Value, state: PyDict) => void;
}

/** Writes `value` into `target`'s storage, as the optimizers' in-place updates do. */
export function assign(target: Tensor, value: Tensor): void {
  copyInto(target, value);
  target.bumpVersion();
}

export const checkNonNegative = (value: Value, message: string): void => {
  if (!(numberOf(value) >= 0)) throw new PyException("ValueError", `${message}: ${str(value)}`);
};

/** A Python float for the engine's scalar arguments. */
export const float = (value: number): Scalar => ({ value });

function groupParams(group: PyDict): Tensor[] {
  return toArray(dictGet(group, "params") ?? new PyList([])) as Tensor[];
}

function addGroup(self: PyInstance, spec: OptimizerSpec, group: PyDict): void {
  const raw = dictGet(group, "params") ?? null;
  const params = raw instanceof Tensor ? [raw] : toArray(raw);
  for (const p of params) {
    if (!(p instanceof Tensor)) throw typeError(`optimizer can only optimize Tensors, but one of the params is ${torchTypename(p)}`);
    if (!p.isLeaf) throw new PyException("ValueError", "can't optimize a non-leaf Tensor");
  }
  dictSet(group, "params", new PyList(params));
  const defaults = self.dict.get("defaults") as PyDict;
  for (const name of spec.groupOrder ?? spec.defaults.map(([n]) => n)) {
    if (dictGet(group, name) !== undefined) continue;
    const fallback = dictGet(defaults, name);
    if (fallback === undefined) {
      throw new PyException("ValueError", `parameter group didn't specify a value of required optimization parameter ${name}`);
    }
    dictSet(group, name, fallback);
  }
  (self.dict.get("param_groups") as PyList).items.push(group);
}

function init(self: PyInstance, spec: OptimizerSpec, args: Value[], kwargs: Kwargs): void {
  const [params, ...values] = parseArgs(spec.name, ["params", ...spec.defaults.map(([n]) => `${n}?`)], args, kwargs);
  const given = new Map<string, Value | typeof REQUIRED>(spec.defaults.map(([name, fallback], i) => [name, values[i] ?? fallback]));
  const defaults = new PyDict();
  for (const name of spec.groupOrder ?? given.keys()) {
    const value = given.get(name)!;
    if (value !== REQUIRED) dictSet(defaults, name, value);
  }
  spec.validate((name) => dictGet(defaults, name) ?? null);
  if (params instanceof Tensor) {
    throw typeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${torchTypename(params)}`);
  }
  self.dict.set("defaults", defaults);
  self.dict.set("state", new PyDict());
  self.dict.set("param_groups", new PyList([]));
  const items = toArray(params!);
  if (items.length === 0) throw new PyException("ValueError", "optimizer got an empty parameter list");
  const groups = items[0] instanceof PyDict ? (items as PyDict[]) : [newGroup(items)];
  for (const group of groups) addGroup(self, spec, group);
  if (spec.initState === undefined) return;
  const states = self.dict.get("state") as PyDict;
  for (const group of groups) {
    for (const p of groupParams(group)) {
      const state = new PyDict();
      spec.initState(p, (name) => dictGet(group, name) ?? null, state);
      dictSet(states, p, state);
    }
  }
}

function newGroup(params: Value[]): PyDict {
  const group = new PyDict();
  dictSet(group, "params", new PyList(params));
  return group;
}

const groups = (self: PyInstance): PyDict[] => (self.dict.get("param_groups") as PyList).items as PyDict[];

function step(self: PyInstance, spec: OptimizerSpec, closure: Value | undefined): Value {
  // A scheduler counts the steps (its wrapper of optimizer.step) to warn when it steps first.
  const count = self.dict.get("_step_count");
  if (typeof count === "number") self.dict.set("_step_count", count + 1);
  const loss = closure === undefined || closure === null ? null : withGradMode(true, () => callValue(closure, [], null));
  const states = self.dict.get("state") as PyDict;
  getEventLog()?.optimizerStep(self.cls.name, groups(self).flatMap(groupParams).filter((p) => p.gradQuiet !== null));
  withGradMode(false, () => {
    for (const group of groups(self)) {
      // Looked up once per step, not once per parameter: updates never change their group's options.
      const options = new Map<string, Value>();
      const option = (name: string): Value => {
        let value = options.get(name);
        if (value === undefined) options.set(name, (value = dictGet(group, name) ?? null));
        return value;
      };
      for (const p of groupParams(group)) {
        if (p.grad === null) continue;
        let state = dictGet(states, p);
        if (state === undefined) dictSet(states, p, (state = new PyDict()));
        spec.update(p, p.grad, option, state as PyDict);
      }
    }
  });
  return loss;
}

/** state_dict(): state and groups with each parameter replaced by its position across the groups. */
function stateDict(self: PyInstance): PyDict {
  const states = self.dict.get("state") as PyDict;
  const packedState = new PyDict();
  const packedGroups: Value[] = [];
  let index = 0;
  for (const group of groups(self)) {
    const packed = new PyDict();
    for (const [key, value] of group.entries.values()) if (key !== "params") dictSet(packed, key, value);
    const positions = groupParams(group).map((p) => {
      const state = dictGet(states, p);
      if (state !== undefined) dictSet(packedState, index, state);
      return index++;
    });
    dictSet(packed, "params", new PyList(positions));
    packedGroups.push(packed);
  }
  const result = new PyDict();
  dictSet(result, "state", packedState);
  dictSet(result, "param_groups", new PyList(packedGroups));
  return result;
}

function optimizerRepr(self: PyInstance): string {
  let text = `${self.cls.name} (`;
  groups(self).forEach((group, i) => {
    text += `\nParameter Group ${i}\n`;
    const entries = [...group.entries.values()].filter(([k]) => k !== "params").sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
    for (const [key, value] of entries) text += `    ${str(key)}: ${str(value)}\n`;
  });
  return `${text})`;
}

/** The base every optimizer here derives from, so the schedulers can tell an optimizer. */
const optimizerBase = new PyClass("Optimizer", [], new Map(), "torch.optim.optimizer");

export const isOptimizer = (v: Value): v is PyInstance => v instanceof PyInstance && v.cls.isSubclassOf(optimizerBase);

export function optimizerClass(spec: OptimizerSpec): PyClass {
  return new PyClass(spec.name, [optimizerBase], new Map<string, Value>([
    method("__init__", (self, args, kwargs) => {
      init(self, spec, args, kwargs);
      return null;
    }),
    method("__repr__", optimizerRepr),
    method("step", (self, args, kwargs) => step(self, spec, parseArgs("step", ["closure?"], args, kwargs)[0])),
    method("zero_grad", (self, args, kwargs) => {
      const [setToNone] = parseArgs("zero_grad", ["set_to_none?"], args, kwargs);
      zeroGrads(groups(self).flatMap(groupParams), setToNone !== undefined && truthy(setToNone));
      return null;
    }),
    method("state_dict", stateDict),
    method("add_param_group", (self, [group]) => {
      if (!(group instanceof PyDict)) throw typeError("param group must be a dict");
      addGroup(self, spec, group);
      return null;
    }),
  ]), `torch.optim.${spec.file}`);
}
