// nn.Sequential: children named "0", "1", ... applied in order.

import { asIndex, sliceIndices } from "../../protocols";
import { callValue, PyClass, PyInstance } from "../../classes";
import { PyException, typeError } from "../../errors";
import { typeName } from "../../repr";
import { PyIterator, PySlice, STOP, Value } from "../../values";
import { isModule, moduleClass, moduleState } from "./module";
import { method } from "./native_class";

const children = (self: PyInstance): [string, PyInstance | null][] => [...moduleState(self).modules];

function addChildren(self: PyInstance, entries: Iterable<[string, Value]>): void {
  const { modules } = moduleState(self);
  for (const [name, module] of entries) {
    if (!isModule(module)) throw typeError(`${typeName(module)} is not a Module subclass`);
    modules.set(name, module);
  }
}

/** The position of an integer index, as Sequential._get_item_by_idx checks it. */
function position(self: PyInstance, index: Value): number {
  const size = moduleState(self).modules.size;
  const i = asIndex(index);
  if (i < -size || i >= size) throw new PyException("IndexError", `index ${i} is out of range`);
  return i < 0 ? i + size : i;
}

function item(self: PyInstance, index: Value): Value {
  const entries = children(self);
  if (index instanceof PySlice) {
    const [start, stop, step] = sliceIndices(index, entries.length);
    const picked: [string, Value][] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) picked.push(entries[i]);
    const result = new PyInstance(self.cls);
    addChildren(result, picked);
    return result;
  }
  return entries[position(self, index)][1];
}

export const sequentialClass = new PyClass("Sequential", [moduleClass], new Map<string, Value>([
  method("__init__", (self, args) => {
    addChildren(self, args.map((m, i): [string, Value] => [String(i), m]));
    return null;
  }),
  method("forward", (self, [input]) => children(self).reduce((x: Value, [, m]) => callValue(m, [x], null), input)),
  method("__getitem__", (self, [index]) => item(self, index)),
  method("__setitem__", (self, [index, module]) => {
    addChildren(self, [[children(self)[position(self, index)][0], module]]);
    return null;
  }),
  method("__len__", (self) => moduleState(self).modules.size),
  method("__iter__", (self) => {
    const modules = children(self).map(([, m]) => m);
    let i = 0;
    return new PyIterator(() => (i < modules.length ? modules[i++] : STOP), "odict_values_iterator");
  }),
  method("append", (self, [module]) => {
    addChildren(self, [[String(moduleState(self).modules.size), module]]);
    return self;
  }),
]), "torch.nn.modules.container");
