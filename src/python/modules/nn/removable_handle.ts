// torch.utils.hooks.RemovableHandle: what every register_*_hook returns; `remove()` (or leaving a
// `with` block) unregisters the hook.

import { PyClass, PyInstance } from "../../classes";
import { Value } from "../../values";
import { method } from "./native_class";

/** Handle ids count up across all handles, as the class attribute next_id does. */
let nextId = 0;
const removers = new WeakMap<PyInstance, () => void>();

const remove = (self: PyInstance): Value => {
  removers.get(self)?.();
  return null;
};

const handleClass = new PyClass("RemovableHandle", [], new Map<string, Value>([
  method("remove", remove),
  method("__enter__", (self) => self),
  method("__exit__", remove),
]), "torch.utils.hooks");

/** A new handle (its `id` the next one) whose remove() calls `unregister`. */
export function removableHandle(unregister: () => void): PyInstance {
  const handle = new PyInstance(handleClass);
  handle.dict.set("id", nextId++);
  removers.set(handle, unregister);
  return handle;
}
