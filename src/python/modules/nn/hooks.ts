// Module hooks: register_forward_pre_hook / register_forward_hook / register_full_backward_hook,
// each returning a RemovableHandle, and Module.__call__ running them around forward as 1.13's
// _call_impl does.

import { getEventLog } from "../../../engine/events";
import { callValue, getClassObjectAttribute, PyInstance } from "../../classes";
import { Kwargs, PyTuple, Value } from "../../values";
import { BackwardHook } from "./backward_hook";
import { method } from "./native_class";
import { removableHandle } from "./removable_handle";

type HookKind = "forward_pre" | "forward" | "full_backward";

/** Each module's hooks by kind, in registration order, keyed by their handles. */
const registries = new WeakMap<PyInstance, Record<HookKind, Map<PyInstance, Value>>>();

function hooksOf(module: PyInstance): Record<HookKind, Map<PyInstance, Value>> {
  let hooks = registries.get(module);
  if (hooks === undefined) registries.set(module, (hooks = { forward_pre: new Map(), forward: new Map(), full_backward: new Map() }));
  return hooks;
}

const register = (kind: HookKind): [string, Value] =>
  method(`register_${kind}_hook`, (self, [hook]) => {
    const registry = hooksOf(self)[kind];
    const handle: PyInstance = removableHandle(() => registry.delete(handle));
    registry.set(handle, hook);
    return handle;
  });

export const hookMethods: [string, Value][] = [register("forward_pre"), register("forward"), register("full_backward")];

/**
 * module(*args): pre-hooks may replace the inputs (a non-tuple becomes a 1-tuple), hooks the output;
 * with backward hooks, inputs and output pass through BackwardHook's identity nodes.
 */
export function callModule(self: PyInstance, args: Value[], kwargs: Kwargs): Value {
  const log = getEventLog();
  if (log === null) return callWithHooks(self, args, kwargs);
  // The graph panel groups the nodes a call makes under the module (Linear around its AddmmBackward0).
  const span = log.beginModuleCall(self, self.cls.name);
  try {
    return callWithHooks(self, args, kwargs);
  } finally {
    log.endModuleCall(span);
  }
}

function callWithHooks(self: PyInstance, args: Value[], kwargs: Kwargs): Value {
  const forward = getClassObjectAttribute(self, "forward");
  const hooks = registries.get(self);
  if (hooks === undefined) return callValue(forward, args, kwargs);
  let input = new PyTuple(args);
  for (const hook of [...hooks.forward_pre.values()]) {
    const result = callValue(hook, [self, input], null);
    if (result !== null) input = result instanceof PyTuple ? result : new PyTuple([result]);
  }
  const backwardHook = hooks.full_backward.size > 0 ? new BackwardHook(self, [...hooks.full_backward.values()]) : null;
  if (backwardHook !== null) input = new PyTuple(backwardHook.setupInput(input.items));
  let output = callValue(forward, [...input.items], kwargs);
  for (const hook of [...hooks.forward.values()]) {
    const result = callValue(hook, [self, input, output], null);
    if (result !== null) output = result;
  }
  return backwardHook === null ? output : backwardHook.setupOutput(output);
}
