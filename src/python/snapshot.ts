// The namespace and its computation graph as plain data for the views (hover, panel).

import { AccumulateGrad, EventLog, FunctionNode, Node, Tensor } from "../engine";
import type { GraphNodeView, GraphView, SavedValueView, SourceLocation, VariableView } from "../result";
import { PyCallable, PyFloat, PyModule, Value } from "./values";
import { repr, typeName } from "./repr";
import { tensorRepr } from "../engine/repr";
import type { ModuleCallSpan } from "../engine/events";
import { isModule, namedModules, namedParameters } from "./modules/nn/module";

/** Graphs are summarised up to this many nodes so a huge graph can't stall the editor. */
const MAX_GRAPH_NODES = 5000;

function siteOf(node: Node): SourceLocation | undefined {
  const site = node.site as SourceLocation | undefined;
  return site && typeof site.line === "number" ? site : undefined;
}

export function snapshot(globals: Map<string, Value>, log: EventLog): { variables: VariableView[]; graph: GraphView } {
  const tensorNames = new Map<Tensor, string>();
  const variables: VariableView[] = [];
  for (const [name, value] of globals) {
    if (name.startsWith("__") || value instanceof PyModule) continue;
    if (value instanceof PyCallable && typeName(value) === "builtin_function_or_method") continue;
    const view: VariableView = { name, type: typeName(value), repr: safeRepr(value) };
    if (value instanceof Tensor) {
      if (!tensorNames.has(value)) tensorNames.set(value, name);
      const grad = value.gradQuiet;
      view.tensor = {
        shape: [...value.shape], dtype: value.dtype, requiresGrad: value.requiresGrad, isLeaf: value.isLeaf,
        gradFn: value.gradFn?.name ?? null, grad: grad === null ? null : tensorRepr(grad), tensorId: log.tensorId(value),
      };
    }
    variables.push(view);
  }
  nameParameters(globals, tensorNames);
  const graph = buildGraph(tensorNames, log, moduleCallLabeller(globals));
  for (const v of variables) {
    const tensor = globals.get(v.name);
    if (v.tensor && tensor instanceof Tensor) v.tensor.nodeId = graph.tensorIds.get(tensor);
  }
  return { variables, graph: { nodes: graph.nodes } };
}

function safeRepr(v: Value): string {
  try {
    return repr(v);
  } catch {
    return `<${typeName(v)}>`;
  }
}

/** Ids match the engine's events: `t<tensor id>` for tensors, `f<sequence number>` for functions. */
function buildGraph(
  tensorNames: Map<Tensor, string>, log: EventLog, moduleLabel: (call: ModuleCallSpan) => string,
): { nodes: GraphNodeView[]; tensorIds: Map<Tensor, string> } {
  const nodes: GraphNodeView[] = [];
  const functionIds = new Map<Node, string>();
  const tensorIds = new Map<Tensor, string>();
  const tensorNode = (t: Tensor, inputs: string[]): string => {
    let id = tensorIds.get(t);
    if (id) return id;
    id = `t${log.tensorId(t)}`;
    tensorIds.set(t, id);
    nodes.push({ id, kind: "tensor", label: tensorNames.get(t) ?? "tensor", detail: tensorRepr(t), inputs });
    return id;
  };
  const printSaved = savedPrinter();
  const functionNode = (root: Node): string => {
    const stack: Node[] = [root];
    while (stack.length > 0 && nodes.length < MAX_GRAPH_NODES) {
      const node = stack[stack.length - 1];
      if (functionIds.has(node)) {
        stack.pop();
        continue;
      }
      const pending = node.nextEdges.filter((e) => e !== null && !functionIds.has(e.node)).map((e) => e!.node);
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      const id = `f${node.sequenceNr}`;
      functionIds.set(node, id);
      const inputs = node instanceof AccumulateGrad
        ? [tensorNode(node.variable, [])]
        : node.nextEdges.map((e) => (e === null ? null : functionIds.get(e.node)!));
      const view: GraphNodeView = { id, kind: "function", label: node.name, detail: "", inputs, location: siteOf(node) };
      if (node instanceof FunctionNode) {
        view.detail = Object.entries(node.savedScalars).map(([k, v]) => `${k}=${v}`).join(", ");
        view.saved = savedValues(node, printSaved);
      }
      const call = node instanceof AccumulateGrad ? null : log.moduleCallOf(node.sequenceNr);
      if (call) view.module = { id: `m${call.id}`, label: moduleLabel(call) };
      nodes.push(view);
    }
    return functionIds.get(root) ?? "";
  };
  for (const t of tensorNames.keys()) {
    if (nodes.length >= MAX_GRAPH_NODES) break;
    if (t.gradFn) tensorNode(t, [functionNode(t.gradFn)]);
    else if (t.requiresGrad) tensorNode(t, []);
  }
  return { nodes, tensorIds };
}

/** Parameters of the namespace's modules, named by their path (`model.0.weight`) unless a variable names them. */
function nameParameters(globals: Map<string, Value>, tensorNames: Map<Tensor, string>): void {
  for (const [name, value] of globals) {
    if (name.startsWith("__") || !isModule(value)) continue;
    for (const [path, parameter] of namedParameters(value)) if (!tensorNames.has(parameter)) tensorNames.set(parameter, `${name}.${path}`);
  }
}

/** `Linear (model.0)`: a module call's class and the module's path from a variable, when one names it. */
function moduleCallLabeller(globals: Map<string, Value>): (call: ModuleCallSpan) => string {
  let paths: Map<unknown, string> | null = null;
  return (call) => {
    if (paths === null) {
      paths = new Map();
      for (const [name, value] of globals) {
        if (name.startsWith("__") || !isModule(value)) continue;
        for (const [path, module] of namedModules(value, name)) if (!paths.has(module)) paths.set(module, path);
      }
    }
    const path = paths.get(call.module);
    return path === undefined ? call.className : `${call.className} (${path})`;
  };
}

/** Saved tensors bigger than this are described by shape and dtype instead of printed. */
const SAVED_PRINT_LIMIT = 64;
/** How many distinct saved tensors one snapshot prints, so a huge graph stays quick to send. */
const SAVED_PRINTS = 500;

/** Prints saved tensors once each (many nodes save the same weight), up to SAVED_PRINTS of them. */
function savedPrinter(): (t: Tensor) => string {
  const printed = new Map<Tensor, string>();
  return (t) => {
    let text = printed.get(t);
    if (text !== undefined) return text;
    text = t.numel <= SAVED_PRINT_LIMIT && printed.size < SAVED_PRINTS
      ? tensorRepr(t)
      : `${t.dtype} tensor of size [${t.shape.join(", ")}]`;
    printed.set(t, text);
    return text;
  };
}

/** What `grad_fn._saved_<name>` prints for each saved value, without unpacking (no version errors). */
function savedValues(node: FunctionNode, print: (t: Tensor) => string): SavedValueView[] {
  const views: SavedValueView[] = node.saved.map((saved) => {
    const tensor = saved.peek();
    const name = `_saved_${saved.role}`;
    return { name, value: tensor === null ? "freed by backward()" : print(tensor) };
  });
  for (const [role, value] of Object.entries(node.savedScalars)) {
    views.push({ name: `_saved_${role}`, value: repr(Number.isInteger(value) ? value : new PyFloat(value)) });
  }
  return views;
}
