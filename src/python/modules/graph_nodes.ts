// grad_fn objects as Python sees them: next_functions, name(), variable.

import { AccumulateGrad, Node } from "../../engine";
import { attributeError } from "../errors";
import { PyBoundMethod, PyTuple, Value } from "../values";

export function nodeAttribute(node: Node, name: string): Value {
  switch (name) {
    case "next_functions":
      return new PyTuple(node.nextEdges.map((e) => new PyTuple(e === null ? [null, 0] : [e.node, e.inputNr])));
    case "name":
      return new PyBoundMethod("name", node, () => node.name);
    case "variable":
      if (node instanceof AccumulateGrad) return node.variable;
      break;
    case "metadata":
      break;
  }
  throw attributeError(`'${node.name}' object has no attribute '${name}'`);
}
