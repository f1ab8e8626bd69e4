// torch.autograd.graph: saved_tensors_hooks (pack when an op saves a tensor for backward, unpack
// when backward reads it), save_on_cpu (a no-op pair here, everything is on the CPU already) and
// disable_saved_tensors_hooks.

import { Tensor } from "../../engine";
import { hasSavedTensorHooks, popSavedTensorHooks, pushSavedTensorHooks } from "../../engine/autograd/node";
import { parseArgs } from "../args";
import { callValue } from "../classes";
import { PyContextManager } from "../context_managers";
import { PyException, typeError } from "../errors";
import { typeName } from "../repr";
import { PyBuiltin, PyModule, Value } from "../values";

/** The message disable_saved_tensors_hooks set, while it is in force. */
let disabledMessage: string | null = null;

function hooksManager(name: string, pack: Value, unpack: Value): PyContextManager {
  return new PyContextManager(name, () => {
    if (disabledMessage !== null) throw new PyException("RuntimeError", disabledMessage);
    pushSavedTensorHooks({
      pack: (tensor) => callValue(pack, [tensor], null),
      unpack: (packed) => {
        const tensor = callValue(unpack, [packed as Value], null);
        if (!(tensor instanceof Tensor)) {
          throw typeError(`Output of saved tensor unpack_hook expected to be a Tensor but got result of type ${typeName(tensor)}`);
        }
        return tensor;
      },
    });
    return { value: null, exit: () => { popSavedTensorHooks(); return false; } };
  });
}

const identity = new PyBuiltin("identity", (args) => args[0]);

export function createAutogradGraphModule(): PyModule {
  return new PyModule("torch.autograd.graph", new Map<string, Value>([
    ["saved_tensors_hooks", new PyBuiltin("saved_tensors_hooks", (args, kwargs) => {
      const [pack, unpack] = parseArgs("saved_tensors_hooks", ["pack_hook", "unpack_hook"], args, kwargs);
      return hooksManager("saved_tensors_hooks", pack!, unpack!);
    })],
    ["save_on_cpu", new PyBuiltin("save_on_cpu", (args, kwargs) => {
      parseArgs("save_on_cpu", ["pin_memory?"], args, kwargs);
      return hooksManager("save_on_cpu", identity, identity);
    })],
    ["disable_saved_tensors_hooks", new PyBuiltin("disable_saved_tensors_hooks", (args, kwargs) => {
      const [message] = parseArgs("disable_saved_tensors_hooks", ["error_message"], args, kwargs);
      return new PyContextManager("disable_saved_tensors_hooks", () => {
        if (hasSavedTensorHooks()) throw new PyException("RuntimeError", String(message));
        const previous = disabledMessage;
        disabledMessage = String(message);
        return { value: null, exit: () => { disabledMessage = previous; return false; } };
      });
    })],
  ]), "/usr/lib/python3/dist-packages/torch/autograd/graph.py");
}
