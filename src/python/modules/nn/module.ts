// nn.Module: parameters and child modules registered by attribute assignment, in insertion order,
// the traversals built on them, and PyTorch's nested repr.

import { copy_, detach, getEventLog, Tensor, withGradMode, zero_ } from "../../../engine";
import { parameters as parameterSet } from "../../../engine/repr";
import { callValue, getClassObjectAttribute, PyClass, PyInstance } from "../../classes";
import { attributeError, keyError, PyException, typeError } from "../../errors";
import { parseArgs } from "../../args";
import { getItem, toArray, truthy } from "../../protocols";
import { repr, typeName } from "../../repr";
import { PyIterator, PyList, PyNamespace, PySize, PyTuple, STOP, Value } from "../../values";
import { callModule, hookMethods } from "./hooks";
import { method } from "./native_class";
import { orderedDict } from "./ordered_dict";

interface ModuleState {
  readonly parameters: Map<string, Tensor | null>;
  readonly buffers: Map<string, Tensor | null>;
  /** Buffers registered with persistent=False, which state_dict leaves out. */
  readonly transient: Set<string>;
  readonly modules: Map<string, PyInstance | null>;
}

const states = new WeakMap<PyInstance, ModuleState>();

/**
 * The registries of a module, created on first use (so a subclass whose __init__ sets attributes
 * before calling Module.__init__ still works); creating them is all Module.__init__ does.
 */
export function moduleState(self: PyInstance): ModuleState {
  let state = states.get(self);
  if (state === undefined) {
    state = { parameters: new Map(), buffers: new Map(), transient: new Set(), modules: new Map() };
    states.set(self, state);
    if (!self.dict.has("training")) self.dict.set("training", true);
  }
  return state;
}

export const isParameter = (v: Value): v is Tensor => v instanceof Tensor && parameterSet.has(v);

export const isModule = (v: Value): v is PyInstance => v instanceof PyInstance && v.cls.isSubclassOf(moduleClass);

const TENSOR_TYPES: Record<string, string> = { float32: "FloatTensor", float64: "DoubleTensor", int64: "LongTensor", int32: "IntTensor", bool: "BoolTensor" };

/** torch.typename, which the assignment errors quote. */
export const torchTypename = (v: Value): string => (v instanceof Tensor ? `torch.${TENSOR_TYPES[v.dtype] ?? "Tensor"}` : typeName(v));

/** Module.__setattr__'s remove_from: a name lives in one registry at a time. */
function forget(self: PyInstance, name: string, keep: Map<string, unknown>): void {
  const state = moduleState(self);
  self.dict.delete(name);
  for (const registry of [state.parameters, state.buffers, state.modules]) if (registry !== keep) registry.delete(name);
  if (keep !== state.buffers) state.transient.delete(name);
}

function setModuleAttribute(self: PyInstance, name: string, value: Value): void {
  const { parameters, buffers, modules } = moduleState(self);
  if (isParameter(value)) {
    forget(self, name, parameters);
    parameters.set(name, value);
  } else if (parameters.has(name)) {
    if (value !== null) throw typeError(`cannot assign '${torchTypename(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`);
    parameters.set(name, null);
  } else if (isModule(value)) {
    forget(self, name, modules);
    modules.set(name, value);
  } else if (modules.has(name)) {
    if (value !== null) throw typeError(`cannot assign '${torchTypename(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
    modules.set(name, null);
  } else if (buffers.has(name)) {
    if (value !== null && !(value instanceof Tensor)) {
      throw typeError(`cannot assign '${torchTypename(value)}' as buffer '${name}' (torch.Tensor or None expected)`);
    }
    buffers.set(name, value);
  } else {
    self.dict.set(name, value);
  }
}

function getModuleAttribute(self: PyInstance, name: string): Value {
  const { parameters, buffers, modules } = moduleState(self);
  const found = parameters.get(name) ?? buffers.get(name) ?? modules.get(name);
  if (found !== undefined) return found;
  if (parameters.has(name) || buffers.has(name) || modules.has(name)) return null;
  throw attributeError(`'${self.cls.name}' object has no attribute '${name}'`);
}

/** named_modules(): each module once, depth first, with its dotted path. */
export function namedModules(self: PyInstance, prefix = "", memo = new Set<PyInstance>()): [string, PyInstance][] {
  if (memo.has(self)) return [];
  memo.add(self);
  const result: [string, PyInstance][] = [[prefix, self]];
  for (const [name, child] of moduleState(self).modules) {
    if (child !== null) result.push(...namedModules(child, prefix === "" ? name : `${prefix}.${name}`, memo));
  }
  return result;
}

/** named_parameters() or named_buffers(): each tensor once, even when modules share it. */
export function namedParameters(self: PyInstance, recurse = true, registry: "parameters" | "buffers" = "parameters"): [string, Tensor][] {
  const memo = new Set<Tensor>();
  const result: [string, Tensor][] = [];
  for (const [prefix, module] of recurse ? namedModules(self) : [["", self] as [string, PyInstance]]) {
    for (const [name, p] of moduleState(module)[registry]) {
      if (p === null || memo.has(p)) continue;
      memo.add(p);
      result.push([prefix === "" ? name : `${prefix}.${name}`, p]);
    }
  }
  return result;
}

/** Every parameter, then every persistent buffer, under its full path, shared ones included (what state_dict saves). */
function stateTensors(self: PyInstance, prefix: string): [string, Tensor][] {
  const { parameters, buffers, transient, modules } = moduleState(self);
  const saved = [...parameters, ...[...buffers].filter(([n]) => !transient.has(n))];
  const own = saved.filter((e): e is [string, Tensor] => e[1] !== null).map(([n, p]): [string, Tensor] => [prefix + n, p]);
  const nested = [...modules].flatMap(([n, m]) => (m === null ? [] : stateTensors(m, `${prefix}${n}.`)));
  return [...own, ...nested];
}

/**
 * Module.load_state_dict: copies each matching entry into its parameter or buffer without
 * recording a graph; size mismatches always fail, missing and unexpected keys when `strict`, in
 * PyTorch's words; returns the _IncompatibleKeys.
 */
function loadStateDict(self: PyInstance, stateDict: Value, strict: boolean): Value {
  const given = new Map<string, Value>();
  for (const key of toArray(stateDict)) given.set(String(key), getItem(stateDict, key));
  const targets = stateTensors(self, "");
  const missing: string[] = [];
  const errors: string[] = [];
  withGradMode(false, () => {
    for (const [key, target] of targets) {
      if (!given.has(key)) {
        missing.push(key);
        continue;
      }
      const value = given.get(key)!;
      if (!(value instanceof Tensor)) {
        errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeName(value)}`);
      } else if (value.shape.join() !== target.shape.join()) {
        errors.push(`size mismatch for ${key}: copying a param with shape ${repr(new PySize(value.shape))} from checkpoint, the shape in current model is ${repr(new PySize(target.shape))}.`);
      } else {
        copy_(target, value);
      }
    }
  });
  const expected = new Set(targets.map(([key]) => key));
  const unexpected = [...given.keys()].filter((key) => !expected.has(key));
  const quoted = (keys: string[]) => keys.map((k) => `"${k}"`).join(", ");
  if (strict && unexpected.length > 0) errors.unshift(`Unexpected key(s) in state_dict: ${quoted(unexpected)}. `);
  if (strict && missing.length > 0) errors.unshift(`Missing key(s) in state_dict: ${quoted(missing)}. `);
  if (errors.length > 0) throw new PyException("RuntimeError", `Error(s) in loading state_dict for ${self.cls.name}:\n\t${errors.join("\n\t")}`);
  const missingList = new PyList(missing);
  const unexpectedList = new PyList(unexpected);
  const text = missing.length === 0 && unexpected.length === 0
    ? "<All keys matched successfully>"
    : `_IncompatibleKeys(missing_keys=${repr(missingList)}, unexpected_keys=${repr(unexpectedList)})`;
  return new PyNamespace("_IncompatibleKeys", new Map<string, Value>([["missing_keys", missingList], ["unexpected_keys", unexpectedList]]), text);
}

/** Module.register_buffer's checks, in PyTorch's order. */
function registerBuffer(self: PyInstance, name: Value, tensor: Value, persistent: boolean): void {
  const state = moduleState(self);
  if (typeof name !== "string") throw typeError(`buffer name should be a string. Got ${torchTypename(name)}`);
  if (name.includes(".")) throw keyError(repr(`buffer name can't contain "."`));
  if (name === "") throw keyError(repr(`buffer name can't be empty string ""`));
  const exists = self.dict.has(name) || self.cls.lookup(name) !== undefined || state.parameters.has(name) || state.modules.has(name);
  if (exists && !state.buffers.has(name)) throw keyError(repr(`attribute '${name}' already exists`));
  if (tensor !== null && !(tensor instanceof Tensor)) {
    throw typeError(`cannot assign '${torchTypename(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
  }
  state.buffers.set(name, tensor);
  if (persistent) state.transient.delete(name);
  else state.transient.add(name);
}

/** A generator object over precomputed items, as the traversal methods return. */
function generator(name: string, items: readonly Value[]): PyIterator {
  let i = 0;
  return new PyIterator(() => (i < items.length ? items[i++] : STOP), "generator", `Module.${name}`);
}

const pair = ([name, value]: [string, Value]): Value => new PyTuple([name, value]);

/** Python's _addindent: every line after the first indented by two spaces. */
const indent = (text: string): string => text.split("\n").join("\n  ");

function moduleRepr(self: PyInstance): string {
  const extra = callValue(getClassObjectAttribute(self, "extra_repr"), [], null);
  const extraLines = typeof extra === "string" && extra !== "" ? extra.split("\n") : [];
  const childLines = [...moduleState(self).modules].map(([name, child]) => `(${name}): ${indent(repr(child))}`);
  const lines = [...extraLines, ...childLines];
  if (lines.length === 0) return `${self.cls.name}()`;
  if (extraLines.length === 1 && childLines.length === 0) return `${self.cls.name}(${extraLines[0]})`;
  return `${self.cls.name}(\n  ${lines.join("\n  ")}\n)`;
}

function train(self: PyInstance, mode: boolean): Value {
  for (const [, module] of namedModules(self)) module.dict.set("training", mode);
  return self;
}

const flagArg = (v: Value | undefined, fallback: boolean): boolean => (v === undefined ? fallback : truthy(v));

export const moduleClass: PyClass = new PyClass("Module", [], new Map<string, Value>([
  method("__init__", (self) => {
    moduleState(self);
    return null;
  }),
  method("__setattr__", (self, [name, value]) => {
    setModuleAttribute(self, name as string, value);
    return null;
  }),
  method("__getattr__", (self, [name]) => getModuleAttribute(self, name as string)),
  method("__call__", callModule),
  ...hookMethods,
  method("__repr__", moduleRepr),
  method("forward", (self) => {
    throw new PyException("NotImplementedError", `Module [${self.cls.name}] is missing the required "forward" function`);
  }),
  method("extra_repr", () => ""),
  method("parameters", (self, args, kwargs) => {
    const [recurse] = parseArgs("parameters", ["recurse?"], args, kwargs);
    return generator("parameters", namedParameters(self, flagArg(recurse, true)).map(([, p]) => p));
  }),
  method("named_parameters", (self, args, kwargs) => {
    const [prefix, recurse] = parseArgs("named_parameters", ["prefix?", "recurse?"], args, kwargs);
    const head = typeof prefix === "string" && prefix !== "" ? `${prefix}.` : "";
    return generator("named_parameters", namedParameters(self, flagArg(recurse, true)).map(([n, p]) => pair([head + n, p])));
  }),
  method("buffers", (self, args, kwargs) => {
    const [recurse] = parseArgs("buffers", ["recurse?"], args, kwargs);
    return generator("buffers", namedParameters(self, flagArg(recurse, true), "buffers").map(([, b]) => b));
  }),
  method("named_buffers", (self, args, kwargs) => {
    const [prefix, recurse] = parseArgs("named_buffers", ["prefix?", "recurse?"], args, kwargs);
    const head = typeof prefix === "string" && prefix !== "" ? `${prefix}.` : "";
    return generator("named_buffers", namedParameters(self, flagArg(recurse, true), "buffers").map(([n, b]) => pair([head + n, b])));
  }),
  method("register_buffer", (self, args, kwargs) => {
    const [name, tensor, persistent] = parseArgs("register_buffer", ["name", "tensor", "persistent?"], args, kwargs);
    registerBuffer(self, name!, tensor!, flagArg(persistent, true));
    return null;
  }),
  method("children", (self) => generator("children", [...new Set(moduleState(self).modules.values())].filter((m) => m !== null))),
  method("named_children", (self) =>
    generator("named_children", [...moduleState(self).modules].filter(([, m]) => m !== null).map(pair))),
  method("modules", (self) => generator("modules", namedModules(self).map(([, m]) => m))),
  method("named_modules", (self) => generator("named_modules", namedModules(self).map(pair))),
  method("add_module", (self, args, kwargs) => {
    const [name, module] = parseArgs("add_module", ["name", "module"], args, kwargs);
    if (module !== null && !isModule(module!)) throw typeError(`${typeName(module!)} is not a Module subclass`);
    moduleState(self).modules.set(name as string, module as PyInstance | null);
    return null;
  }),
  method("register_parameter", (self, args, kwargs) => {
    const [name, param] = parseArgs("register_parameter", ["name", "param"], args, kwargs);
    if (param !== null && !isParameter(param!)) {
      throw typeError(`cannot assign '${torchTypename(param!)}' object to parameter '${String(name)}' (torch.nn.Parameter or None required)`);
    }
    moduleState(self).parameters.set(name as string, param as Tensor | null);
    return null;
  }),
  method("zero_grad", (self, args, kwargs) => {
    const [setToNone] = parseArgs("zero_grad", ["set_to_none?"], args, kwargs);
    zeroGrads(namedParameters(self).map(([, p]) => p), flagArg(setToNone, false));
    return null;
  }),
  method("train", (self, args, kwargs) => train(self, flagArg(parseArgs("train", ["mode?"], args, kwargs)[0], true))),
  method("eval", (self) => train(self, false)),
  method("requires_grad_", (self, args, kwargs) => {
    const flag = flagArg(parseArgs("requires_grad_", ["requires_grad?"], args, kwargs)[0], true);
    for (const [, p] of namedParameters(self)) p.requiresGrad = flag;
    return self;
  }),
  method("apply", (self, [fn]) => {
    for (const child of moduleState(self).modules.values()) if (child !== null) callValue(getClassObjectAttribute(child, "apply"), [fn], null);
    callValue(fn, [self], null);
    return self;
  }),
  // Everything lives on the CPU already.
  method("to", (self) => self),
  method("cpu", (self) => self),
  method("state_dict", (self) => orderedDict(stateTensors(self, "").map(([key, tensor]) => [key, detach(tensor)]))),
  method("load_state_dict", (self, args, kwargs) => {
    const [stateDict, strict] = parseArgs("load_state_dict", ["state_dict", "strict?"], args, kwargs);
    return loadStateDict(self, stateDict!, flagArg(strict, true));
  }),
]), "torch.nn.modules.module");

/** zero_grad for modules and optimizers alike (1.13: zero-fill unless set_to_none). */
export function zeroGrads(params: Tensor[], setToNone: boolean): void {
  getEventLog()?.gradReset("zero_grad", params);
  for (const p of params) {
    const grad = p.grad;
    if (grad === null) continue;
    if (setToNone) {
      p.grad = null;
      continue;
    }
    grad.gradFn = null;
    grad.requiresGrad = false;
    const data = grad.storage.data;
    // A dense, now untracked gradient: zero_ would only snapshot it and write zeros through a kernel.
    if (grad.offset === 0 && data.length === grad.numel && grad.isContiguous()) {
      data.fill(0);
      grad.bumpVersion();
    } else {
      zero_(grad);
    }
  }
}
