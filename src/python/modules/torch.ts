// The `torch` module: factories, functional ops, grad-mode managers and torch.autograd.

import * as E from "../../engine";
import { Tensor } from "../../engine";
import { setPrintOptions } from "../../engine/print";
import { parseArgs } from "../args";
import { anomalyManager, gradModeManager, gradModeSwitch, inferenceModeManager } from "../context_managers";
import { typeError } from "../errors";
import { toArray, truthy } from "../protocols";
import { typeName } from "../repr";
import { Kwargs, NativeImpl, PyBuiltin, PyFloat, PyModule, PySize, PyTuple, Value } from "../values";
import { createAutogradFunctionalModule } from "./autograd_functional";
import { createLinalgModule } from "./bindings/linalg_module";
import { createAutogradGraphModule } from "./autograd_graph";
import { dtypeAliases, dtypeObjects } from "./dtypes";
import { allBindings } from "./bindings";
import { createFunctionModule, functionClass } from "./autograd_function";
import { methodOnly, runBackward, tensorMethods } from "./tensor_methods";
import { createNnModule } from "./nn";
import { createOptimModule } from "./optim";
import { withOut } from "./out_argument";
import { gradcheckFunctions } from "./gradcheck";
import { createUtilsModule } from "./utils_data";

/** torch.f(x, ...) for every Tensor method that takes the tensor first (torch.sin, torch.mean, ...). */
function functional(name: string): NativeImpl {
  const method = tensorMethods.get(name)!;
  return (args, kwargs) => {
    const [self, ...rest] = args;
    const input = self ?? kwargs?.get("input");
    if (!(input instanceof Tensor)) throw typeError(`${name}(): argument 'input' (position 1) must be Tensor, not ${typeName(input ?? null)}`);
    return method(input, rest, kwargs);
  };
}

function tensorList(v: Value): Tensor[] {
  const items = v instanceof Tensor ? [v] : toArray(v);
  return items.map((t) => {
    if (!(t instanceof Tensor)) throw typeError(`expected Tensor, got ${typeName(t)}`);
    return t;
  });
}

/** Gradients given per output, where None means "implicit" (ones for a scalar output). */
function gradientList(v: Value | undefined, count: number): (Tensor | null)[] {
  if (v === undefined || v === null) return new Array<Tensor | null>(count).fill(null);
  const items = v instanceof Tensor ? [v] : toArray(v);
  return items.map((g) => {
    if (g !== null && !(g instanceof Tensor)) throw typeError(`expected Tensor or None, got ${typeName(g)}`);
    return g;
  });
}

function gradFunction(args: Value[], kwargs: Kwargs): Value {
  const [outputs, inputs, gradOutputs, retainGraph, createGraph, , allowUnused] = parseArgs(
    "grad", ["outputs", "inputs", "grad_outputs?", "retain_graph?", "create_graph?", "only_inputs?", "allow_unused?"], args, kwargs);
  const create = createGraph !== undefined && truthy(createGraph);
  const outs = tensorList(outputs!);
  const grads = E.grad(outs, tensorList(inputs!), gradientList(gradOutputs, outs.length), {
    retainGraph: retainGraph === undefined || retainGraph === null ? create : truthy(retainGraph),
    createGraph: create,
    allowUnused: allowUnused !== undefined && truthy(allowUnused),
  });
  return new PyTuple(grads);
}

function backwardFunction(args: Value[], kwargs: Kwargs): Value {
  const [tensors, gradTensors, retainGraph, createGraph, , inputs] = parseArgs("backward",
    ["tensors", "grad_tensors?", "retain_graph?", "create_graph?", "grad_variables?", "inputs?"], args, kwargs);
  const roots = tensorList(tensors!);
  const create = createGraph !== undefined && truthy(createGraph);
  runBackward(roots, gradientList(gradTensors, roots.length), {
    retainGraph: retainGraph === undefined || retainGraph === null ? create : truthy(retainGraph),
    createGraph: create,
  }, inputs);
  return null;
}

/** torch's packages as Debian's python3-torch installs them (ImportError messages show the path). */
function packageFile(name: string): string {
  return `/usr/lib/python3/dist-packages/${name.replace(/\./g, "/")}/__init__.py`;
}

function builtinModule(name: string, functions: Record<string, NativeImpl>, values: [string, Value][] = []): PyModule {
  const attributes = new Map<string, Value>(Object.entries(functions).map(([n, impl]) => [n, new PyBuiltin(n, impl)]));
  for (const [n, v] of values) attributes.set(n, v);
  return new PyModule(name, attributes, packageFile(name));
}

function nnFunctionalModule(): PyModule {
  const functions = new Map<string, Value>();
  for (const b of allBindings) for (const [name, impl] of b.nnFunctional ?? []) functions.set(name, new PyBuiltin(name, impl));
  return new PyModule("torch.nn.functional", functions);
}

export function createTorchModule(): PyModule {
  const autograd = builtinModule("torch.autograd", {
    grad: gradFunction,
    backward: backwardFunction,
    set_detect_anomaly: (args) => {
      E.setAnomalyDetection(truthy(args[0] ?? false));
      return null;
    },
    is_anomaly_enabled: () => E.isAnomalyDetectionEnabled(),
    // In 1.13 Variable is a deprecated no-op that returns the tensor itself.
    Variable: (args, kwargs) => {
      const [data, requiresGrad] = parseArgs("Variable", ["data", "requires_grad?", "volatile?"], args, kwargs);
      if (!(data instanceof Tensor)) throw typeError(`Variable data has to be a tensor, but got ${typeName(data ?? null)}`);
      if (requiresGrad !== undefined && truthy(requiresGrad)) data.requiresGrad = true;
      return data;
    },
    detect_anomaly: () => anomalyManager(),
  }, [
    ["functional", createAutogradFunctionalModule()],
    ["graph", createAutogradGraphModule()],
    ["Function", functionClass],
    ["function", createFunctionModule()],
    ...gradcheckFunctions,
  ]);
  const functions: Record<string, NativeImpl> = {
    is_tensor: (args) => args[0] instanceof Tensor,
    set_printoptions: (args, kwargs) => {
      const [precision, threshold, edgeitems, linewidth, profile, sciMode] = parseArgs("set_printoptions",
        ["precision?", "threshold?", "edgeitems?", "linewidth?", "profile?", "sci_mode?"], args, kwargs);
      const number = (v: Value | undefined) => (v === undefined || v === null ? undefined : v instanceof PyFloat ? v.value : Number(v));
      if (profile !== undefined && profile !== null && !["default", "short", "full"].includes(String(profile))) {
        return null; // PyTorch ignores unknown profiles
      }
      setPrintOptions({
        precision: number(precision), threshold: number(threshold), edgeitems: number(edgeitems), linewidth: number(linewidth),
        profile: profile === undefined || profile === null ? undefined : (String(profile) as "default" | "short" | "full"),
        sciMode: sciMode === undefined || sciMode === null ? null : truthy(sciMode),
      });
      return null;
    },
    is_grad_enabled: () => E.isGradEnabled(),
    set_grad_enabled: (args) => gradModeSwitch(truthy(args[0])),
    no_grad: () => gradModeManager("no_grad", false),
    inference_mode: (args) => inferenceModeManager(args.length === 0 || truthy(args[0])),
    is_inference_mode_enabled: () => E.isInferenceMode(),
    enable_grad: () => gradModeManager("enable_grad", true),
  };
  for (const name of tensorMethods.keys()) {
    if (!methodOnly.has(name)) functions[name] ??= functional(name);
  }
  for (const b of allBindings) for (const [name, impl] of b.functions ?? []) functions[name] = impl;
  for (const [name, impl] of Object.entries(functions)) functions[name] = withOut(name, impl);
  const values: [string, Value][] = [
    ["Size", new PyBuiltin("Size", (args) => new PySize(args.length === 0 ? [] : toArray(args[0])))],
    ["autograd", autograd],
    ["nn", createNnModule(nnFunctionalModule())],
    ["linalg", createLinalgModule()],
    ["optim", createOptimModule()],
    ["utils", createUtilsModule()],
    ["__version__", "1.13.1"],
    ["pi", new PyFloat(Math.PI)], ["e", new PyFloat(Math.E)], ["inf", new PyFloat(Infinity)], ["nan", new PyFloat(NaN)],
    ...dtypeAliases.map(([alias, d]) => [alias, dtypeObjects.get(d)!] as [string, Value]),
  ];
  return builtinModule("torch", functions, values);
}
