// grad_fn objects as Python sees them: next_functions, name(), variable.

import * as E from "../../engine";
import { AccumulateGrad, FunctionNode, Node, Tensor } from "../../engine";
import { CustomFunctionNode } from "../../engine/autograd/custom_function";
import { BACKWARD_TWICE, qualifiedNodeName } from "../../engine/autograd/node";
import { scalarTensor } from "../../engine/ops/kernels";
import { getClassObjectAttribute, PyInstance } from "../classes";
import { attributeError, PyException } from "../errors";
import { PyBoundMethod, PyFloat, PyTuple, Value } from "../values";

/**
 * Where PyTorch's attribute names differ from the roles the engine saved under: a renamed role, or
 * null for one the engine keeps (for its views) that PyTorch's node has no attribute for.
 */
const ATTRIBUTE_ROLES: Readonly<Record<string, Readonly<Record<string, string | null>>>> = {
  PowBackward1: { exponent: "other", other: null },
  AddBackward1: { other: null },
  SubBackward1: { other: null },
  RemainderBackward0: { other: null },
  FmodBackward0: { other: null },
};

function roleOf(node: FunctionNode, name: string): string | null {
  const mapped = ATTRIBUTE_ROLES[node.name]?.[name];
  return mapped === undefined ? name : mapped;
}

/**
 * The Python-scalar operand a binary op's node saved, as PyTorch's wrapped-number tensor (int64,
 * float64 or bool), when `role` names it. The node's context keeps the scalar (alone, or among its
 * reductions); the scalar is `self` only where `other` was saved as a tensor.
 */
function wrappedNumber(node: FunctionNode, role: string): Tensor | null {
  if (node.wrappedNumberState === "none") return null;
  if (node.wrappedNumberState === "freed") throw new PyException("RuntimeError", BACKWARD_TWICE);
  const scalarRole = node.saved.some((s) => s.role === "other") ? "self" : "other";
  if (role !== scalarRole) return null;
  const context = node.context as E.Scalar | { self: E.Operand; other: E.Operand; targetA: unknown };
  const value = typeof context === "object" && "targetA" in context ? context[scalarRole] : context;
  if (typeof value === "boolean") return scalarTensor(value ? 1 : 0, "bool");
  if (typeof value === "number") return scalarTensor(value, "int64");
  return value instanceof Tensor ? null : scalarTensor(value.value, "float64");
}

/** `grad_fn._saved_self` and friends: what the node keeps for backward, by PyTorch's names. */
function savedValue(node: FunctionNode, name: string): Value {
  const role = roleOf(node, name);
  const missing = () => attributeError(`'${node.name}' object has no attribute '_saved_${name}'`);
  if (role === null) throw missing();
  const saved = node.saved.find((s) => s.role === role);
  if (saved) {
    const tensor = saved.unpack();
    if (role !== "result") return tensor;
    // An output is saved without its grad_fn (to avoid a cycle): PyTorch hands back a new tensor with it.
    const output = E.detach(tensor);
    output.gradFn = node;
    return output;
  }
  const scalar = node.savedScalars[role];
  if (scalar !== undefined) return Number.isInteger(scalar) ? scalar : new PyFloat(scalar);
  if (E.binarySavedRoles(node.name)?.includes(role)) return wrappedNumber(node, role);
  throw missing();
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
