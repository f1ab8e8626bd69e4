// grad_fn objects as Python sees them: next_functions, name(), variable.

import * as E from "../../engine";
import { AccumulateGrad, FunctionNode, Node } from "../../engine";
import { CustomFunctionNode } from "../../engine/autograd/custom_function";
import { qualifiedNodeName } from "../../engine/autograd/node";
import { getClassObjectAttribute, PyInstance } from "../classes";
import { attributeError } from "../errors";
import { PyBoundMethod, PyFloat, PyTuple, Value } from "../values";

/** `grad_fn._saved_self` and friends: what the node keeps for backward, by PyTorch's names. */
function savedValue(node: FunctionNode, role: string): Value {
  const saved = node.saved.find((s) => s.role === role);
  if (saved) {
    const tensor = saved.unpack();
    // An output is saved without its grad_fn (to avoid a cycle): PyTorch hands back a new tensor.
    return role === "result" ? E.detach(tensor) : tensor;
  }
  const scalar = node.savedScalars[role];
  if (scalar !== undefined) return Number.isInteger(scalar) ? scalar : new PyFloat(scalar);
  if (E.binarySavedRoles(node.name)?.includes(role)) return null;
  throw attributeError(`'${node.name}' object has no attribute '_saved_${role}'`);
}

export function nodeAttribute(node: Node, name: string): Value {
  switch (name) {
    case "next_functions":
      return new PyTuple(node.nextEdges.map((e) => new PyTuple(e === null ? [null, 0] : [e.node, e.inputNr])));
    case "name":
      return new PyBoundMethod("name", node, () => qualifiedNodeName(node.name));
    case "variable":
      if (node instanceof AccumulateGrad) return node.variable;
      break;
    case "metadata":
      break;
  }
  if (name.startsWith("_saved_") && node instanceof FunctionNode) return savedValue(node, name.slice("_saved_".length));
  // ctx attributes (saved_tensors, needs_input_grad, whatever forward stored) read through grad_fn.
  if (node instanceof CustomFunctionNode) return getClassObjectAttribute(node.context as PyInstance, name);
  throw attributeError(`'${node.name}' object has no attribute '${name}'`);
}
