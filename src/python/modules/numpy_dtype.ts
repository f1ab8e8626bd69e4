// NumPy's dtypes over the engine's storage types, and NumPy 1.24's (legacy, value-based) type
// promotion: a Python scalar or 0-d array of a kind no higher than the arrays' only widens the
// result when its value needs it (`float32_array + 2.0` stays float32, `+ 1e300` does not).

import { DType } from "../../engine";
import { PyClass, PyInstance, PyProperty } from "../classes";
import { typeError } from "../errors";
import { quoteString, typeName } from "../repr";
import { Kwargs, PyBuiltin, PyFloat, Value } from "../values";

export type NpDType = DType;

export const ITEMSIZE: Record<NpDType, number> = { bool: 1, int32: 4, int64: 8, float32: 4, float64: 8 };

const KIND: Record<NpDType, number> = { bool: 0, int32: 1, int64: 1, float32: 2, float64: 2 };
const KIND_CHAR: Record<NpDType, string> = { bool: "b", int32: "i", int64: "i", float32: "f", float64: "f" };

export function isFloatDType(d: NpDType): boolean {
  return KIND[d] === 2;
}

export function isIntDType(d: NpDType): boolean {
  return KIND[d] === 1;
}

/** np.promote_types over the dtypes we store. */
export function promote(a: NpDType, b: NpDType): NpDType {
  if (a === b) return a;
  if (a === "bool") return b;
  if (b === "bool") return a;
  if (KIND[a] === KIND[b]) return ITEMSIZE[a] >= ITEMSIZE[b] ? a : b;
  const [int, float] = KIND[a] === 1 ? [a, b] : [b, a];
  return float === "float32" && ITEMSIZE[int] < 4 ? "float32" : "float64";
}

/** An operand of a NumPy operation: its dtype, and its value when it is a scalar (or 0-d). */
export interface Operand {
  dtype: NpDType;
  scalar: number | null;
}

/**
 * What a scalar contributes to the result against arrays of dtype `array` (of a kind no lower):
 * the array's own dtype when the value fits it as min_scalar_type judges, a wider one otherwise.
 */
function scalarContribution(value: number, dtype: NpDType, array: NpDType): NpDType {
  if (dtype === "bool") return array;
  if (isIntDType(dtype)) {
    if (array === "float32") return value >= -32768 && value < 65536 ? array : "float64";
    if (array === "int32") return value >= -(2 ** 31) && value < 2 ** 31 ? array : "int64";
    return array;
  }
  return !Number.isFinite(value) || Math.abs(value) <= 3.4028234663852886e38 ? array : "float64";
}

/** np.result_type with NumPy 1.24's value-based handling of scalars. */
export function resultType(operands: readonly Operand[]): NpDType {
  const arrays = operands.filter((o) => o.scalar === null);
  const scalars = operands.filter((o) => o.scalar !== null);
  const all = (list: readonly Operand[]) => list.map((o) => o.dtype).reduce(promote);
  if (arrays.length === 0) return all(scalars);
  const arrayType = all(arrays);
  if (scalars.length === 0) return arrayType;
  const arrayKind = Math.max(...arrays.map((o) => KIND[o.dtype]));
  const scalarKind = Math.max(...scalars.map((o) => KIND[o.dtype]));
  if (scalarKind > arrayKind) return promote(arrayType, all(scalars));
  return scalars.reduce((t, s) => promote(t, scalarContribution(s.scalar!, s.dtype, arrayType)), arrayType);
}

/** The type objects np.float32, np.int64, ...: classes whose call makes a scalar or an array. */
export class ScalarType extends PyClass {
  /** Set when the numpy module is assembled: what calling the type does. */
  construct: ((args: Value[], kwargs: Kwargs) => Value) | null = null;

  constructor(name: string, readonly dtype: NpDType) {
    super(name, [], new Map());
  }

  call(args: Value[], kwargs: Kwargs): Value {
    return this.construct!(args, kwargs);
  }
}

export const scalarTypes = new Map<NpDType, ScalarType>(
  (["float64", "float32", "int64", "int32", "bool"] as NpDType[]).map((d) => [d, new ScalarType(d === "bool" ? "bool_" : d, d)]),
);

/** np.dtype objects: `dtype('float64')`, equal to their type object and name. */
class DTypeObject extends PyInstance {
  constructor(readonly dtype: NpDType) {
    super(dtypeClass);
  }
}

const dtypeClass = new PyClass("dtype", [], new Map(), "numpy");

export const dtypeObjects = new Map<NpDType, DTypeObject>(
  (["float64", "float32", "int64", "int32", "bool"] as NpDType[]).map((d) => [d, new DTypeObject(d)]),
);

const NAMES: Record<string, NpDType> = {
  float64: "float64", float: "float64", double: "float64", f8: "float64", d: "float64", float_: "float64",
  float32: "float32", single: "float32", f4: "float32", f: "float32",
  int64: "int64", int: "int64", int_: "int64", i8: "int64", long: "int64", l: "int64",
  int32: "int32", i4: "int32", intc: "int32", i: "int32",
  bool: "bool", bool_: "bool", "?": "bool",
};

/** A dtype argument: a dtype, a type object, a name, or Python's float/int/bool. */
export function dtypeFrom(v: Value): NpDType {
  if (v instanceof DTypeObject) return v.dtype;
  if (v instanceof ScalarType) return v.dtype;
  if (v instanceof PyBuiltin && v.name in { float: 1, int: 1, bool: 1 }) return NAMES[v.name];
  if (typeof v === "string" && v.replace(/^[<>=|]/, "") in NAMES) return NAMES[v.replace(/^[<>=|]/, "")];
  if (typeof v === "string") throw typeError(`data type ${quoteString(v)} not understood`);
  throw typeError(`Cannot interpret '${typeName(v)}' as a data type`);
}

function dtypeMethods(): void {
  const method = (name: string, f: (self: DTypeObject, args: Value[]) => Value) =>
    dtypeClass.dict.set(name, new PyBuiltin(name, (args) => f(args[0] as DTypeObject, args.slice(1))));
  method("__repr__", (self) => `dtype('${self.dtype}')`);
  method("__str__", (self) => self.dtype);
  method("__eq__", (self, [other]) => {
    try {
      return dtypeFrom(other) === self.dtype;
    } catch {
      return false;
    }
  });
  method("__ne__", (self, [other]) => {
    try {
      return dtypeFrom(other) !== self.dtype;
    } catch {
      return true;
    }
  });
  for (const name of ["name", "itemsize", "kind", "type"]) {
    dtypeClass.dict.set(name, new PyProperty(new PyBuiltin(name, (args) => dtypeAttribute((args[0] as DTypeObject).dtype, name)!)));
  }
}
dtypeMethods();

/** Attributes of a dtype object (`.name`, `.itemsize`, `.kind`). */
function dtypeAttribute(d: NpDType, name: string): Value | undefined {
  switch (name) {
    case "name": return d;
    case "itemsize": return ITEMSIZE[d];
    case "kind": return KIND_CHAR[d];
    case "type": return scalarTypes.get(d)!;
    default: return undefined;
  }
}

/** The dtype NumPy infers for a Python scalar. */
export function pythonScalarDType(v: Value): NpDType | null {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number" || typeof v === "bigint") return "int64";
  if (v instanceof PyFloat) return "float64";
  return null;
}
