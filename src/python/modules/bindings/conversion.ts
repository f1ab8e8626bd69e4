// dtype and device conversions (`.float()`, `.to(...)`, `.type()`, `torch.device`) and the legacy
// typed constructors (`torch.FloatTensor`, `torch.Tensor`). Everything runs on the CPU.

import * as E from "../../../engine";
import { Tensor } from "../../../engine";
import { parseArgs } from "../../args";
import { PyClass, PyInstance } from "../../classes";
import { PyException, typeError } from "../../errors";
import { toArray } from "../../protocols";
import { typeName } from "../../repr";
import { NativeImpl, PyBuiltin, PyList, PyTuple, Value } from "../../values";
import type { OpBindings, TensorMethod } from "../binding";
import { dtypeOf } from "../dtypes";
import { tensorOf } from "./creation_factories";

const deviceClass = new PyClass("device", [], new Map<string, Value>([
  ["__repr__", new PyBuiltin("__repr__", ([self]) => `device(type='${deviceType(self)}')`)],
  ["__str__", new PyBuiltin("__str__", ([self]) => deviceType(self))],
  ["__eq__", new PyBuiltin("__eq__", ([self, other]) => other instanceof PyInstance && other.cls === deviceClass && deviceType(other) === deviceType(self))],
]), "torch");

function deviceType(device: Value): string {
  return String((device as PyInstance).dict.get("type"));
}

function makeDevice(type: string): PyInstance {
  const device = new PyInstance(deviceClass);
  device.dict.set("type", type);
  device.dict.set("index", null);
  return device;
}

/** The only device there is: tensors live in JS memory. */
export const cpuDevice = makeDevice("cpu");

/** The device type a torch.device or device string names; only "cpu" can hold tensors here. */
function deviceTypeOf(v: Value): string {
  const name = v instanceof PyInstance && v.cls === deviceClass ? deviceType(v) : typeof v === "string" ? v : null;
  if (name === null) throw typeError(`to() received an invalid combination of arguments - got (${typeName(v)})`);
  const type = name.split(":")[0];
  if (type === "cpu" || type === "cuda") return type;
  throw new PyException("RuntimeError", `Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, xla, lazy, vulkan, mps, meta, hpu, privateuseone device type at start of device string: ${name}`);
}

/** Moving a tensor to a device: the CPU is where it is already; there is no CUDA here. */
function parseDevice(v: Value): void {
  if (deviceTypeOf(v) === "cuda") throw new PyException("AssertionError", "Torch not compiled with CUDA enabled");
}

const legacyTypeNames: Record<E.DType, string> = {
  float32: "torch.FloatTensor", float64: "torch.DoubleTensor", int64: "torch.LongTensor", int32: "torch.IntTensor", bool: "torch.BoolTensor",
};

function dtypeOfTypeName(name: string): E.DType {
  const found = (Object.keys(legacyTypeNames) as E.DType[]).find((d) => legacyTypeNames[d] === name);
  if (!found) throw new PyException("ValueError", `invalid type: '${name}'`);
  return found;
}

const cast = (dtype: E.DType): TensorMethod => (self) => E.castTo(self, dtype);

/** Tensor.to(dtype) / to(device) / to(other) / to(device, dtype), with keywords. */
const to: TensorMethod = (self, args, kwargs) => {
  let dtype: E.DType | undefined;
  for (const arg of args) {
    if (arg instanceof Tensor) dtype = arg.dtype;
    else if (dtypeOf(arg)) dtype = dtypeOf(arg)!;
    else if (arg !== null && typeof arg !== "boolean") parseDevice(arg);
  }
  const keywordDtype = kwargs?.get("dtype");
  if (keywordDtype !== undefined && keywordDtype !== null) dtype = dtypeOf(keywordDtype) ?? dtype;
  const device = kwargs?.get("device");
  if (device !== undefined && device !== null) parseDevice(device);
  if (dtype === undefined || dtype === self.dtype) return kwargs?.get("copy") === true ? E.castTo(E.mul(self, 1), self.dtype) : self;
  return E.castTo(self, dtype);
};

/** Tensor.type(): the legacy type name, or a cast when given one. */
const type: TensorMethod = (self, args, kwargs) => {
  const [target] = parseArgs("type", ["dtype?", "non_blocking?"], args, kwargs);
  if (target === undefined || target === null) return legacyTypeNames[self.dtype];
  const dtype = dtypeOf(target) ?? (typeof target === "string" ? dtypeOfTypeName(target) : null);
  if (dtype === null) throw typeError(`type() received an invalid combination of arguments - got (${typeName(target)})`);
  return E.castTo(self, dtype);
};

/** torch.FloatTensor(data) / torch.FloatTensor(2, 3): data, or a zero-filled tensor of those sizes. */
function legacyConstructor(dtype: E.DType): NativeImpl {
  return (args) => {
    if (args.length === 1 && (args[0] instanceof PyList || args[0] instanceof PyTuple || args[0] instanceof Tensor)) {
      return tensorOf(args[0], dtype);
    }
    const sizes = args.length === 1 && args[0] !== null && typeof args[0] === "object" && !(args[0] instanceof Tensor) ? toArray(args[0]) : args;
    return E.zeros(sizes.map((s) => Number(s)), dtype);
  };
}

export const bindings: OpBindings = {
  methods: new Map<string, TensorMethod>([
    ["float", cast("float32")], ["double", cast("float64")], ["long", cast("int64")], ["int", cast("int32")],
    ["bool", cast("bool")], ["to", to], ["type", type], ["cpu", (self) => self],
    ["cuda", () => { throw new PyException("AssertionError", "Torch not compiled with CUDA enabled"); }],
  ]),
  methodOnly: new Set(["float", "double", "long", "int", "bool", "to", "type", "cpu", "cuda"]),
  functions: new Map<string, NativeImpl>([
    ["device", (args, kwargs) => {
      const [spec] = parseArgs("device", ["type", "index?"], args, kwargs);
      const type = deviceTypeOf(spec!);
      return type === "cpu" ? cpuDevice : makeDevice(type);
    }],
    ["Tensor", legacyConstructor("float32")],
    ["FloatTensor", legacyConstructor("float32")],
    ["DoubleTensor", legacyConstructor("float64")],
    ["LongTensor", legacyConstructor("int64")],
    ["IntTensor", legacyConstructor("int32")],
    ["BoolTensor", legacyConstructor("bool")],
  ]),
};
