// nn.ModuleList: a list of registered children named "0", "1", ..., so their parameters show in
// parameters(), state_dict() and the optimizers through Module's own traversals.

import { PyClass, PyInstance } from "../../classes";
import { PyException, typeError } from "../../errors";
import { asIndex, sliceIndices, toArray } from "../../protocols";
import { typeName } from "../../repr";
import { PyIterator, PySlice, STOP, Value } from "../../values";
import { isModule, moduleClass, moduleState, torchTypename } from "./module";
import { method } from "./native_class";

const registry = (self: PyInstance): Map<string, PyInstance | null> => moduleState(self).modules;

/** Module.add_module's check, then the registration. */
export function addModule(self: PyInstance, name: string, module: Value): void {
  if (module !== null && !isModule(module)) throw typeError(`${torchTypename(module)} is not a Module subclass`);
  registry(self).set(name, module);
}

/** ModuleList._get_abs_string_index. */
function absoluteIndex(self: PyInstance, index: Value): string {
  const size = registry(self).size;
  const i = asIndex(index);
  if (!(-size <= i && i < size)) throw new PyException("IndexError", `index ${i} is out of range`);
  return String(i < 0 ? i + size : i);
}

function extend(self: PyInstance, modules: Value): PyInstance {
  let items: Value[];
  try {
    items = toArray(modules);
  } catch {
    throw typeError(`ModuleList.extend should be called with an iterable, but got ${typeName(modules)}`);
  }
  const offset = registry(self).size;
  items.forEach((m, i) => addModule(self, String(offset + i), m));
  return self;
}

function newList(cls: PyClass, modules: Value[]): PyInstance {
  const result = new PyInstance(cls);
  modules.forEach((m, i) => addModule(result, String(i), m));
  return result;
}

const values = (self: PyInstance): Value[] => [...registry(self).values()];

function item(self: PyInstance, index: Value): Value {
  if (!(index instanceof PySlice)) return registry(self).get(absoluteIndex(self, index)) ?? null;
  const all = values(self);
  const [start, stop, step] = sliceIndices(index, all.length);
  const picked: Value[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) picked.push(all[i]);
  return newList(self.cls, picked);
}

/** ModuleList.insert as 1.13 writes it: shift the entries up from the end, then store at `index`. */
function insert(self: PyInstance, index: number, module: Value): void {
  const modules = registry(self);
  for (let i = modules.size; i > index; i--) modules.set(String(i), modules.get(String(i - 1)) ?? null);
  addModule(self, String(index), module);
}

export const moduleListClass: PyClass = new PyClass("ModuleList", [moduleClass], new Map<string, Value>([
  method("__init__", (self, [modules]) => {
    moduleState(self);
    if (modules !== undefined && modules !== null) extend(self, modules);
    return null;
  }),
  method("__getitem__", (self, [index]) => item(self, index)),
  method("__setitem__", (self, [index, module]) => {
    addModule(self, absoluteIndex(self, index), module);
    return null;
  }),
  method("__len__", (self) => registry(self).size),
  method("__iter__", (self) => {
    const modules = values(self);
    let i = 0;
    return new PyIterator(() => (i < modules.length ? modules[i++] : STOP), "odict_values_iterator");
  }),
  method("__iadd__", (self, [modules]) => extend(self, modules)),
  method("__add__", (self, [other]) => newList(moduleListClass, [...values(self), ...toArray(other)])),
  method("append", (self, [module]) => {
    addModule(self, String(registry(self).size), module);
    return self;
  }),
  method("extend", (self, [modules]) => extend(self, modules)),
  method("insert", (self, [index, module]) => {
    insert(self, asIndex(index), module);
    return null;
  }),
]), "torch.nn.modules.container");
