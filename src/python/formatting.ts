// format(value, spec): what f-strings and str.format call for each replacement field.

import { Tensor } from "../engine";
import { formatWithSpec } from "./format_spec";
import { typeError } from "./errors";
import { str, typeName } from "./repr";
import { pythonScalar } from "./modules/tensor_args";
import { PyFloat, Value } from "./values";
import { callDunder } from "./classes";

export function formatValue(v: Value, spec: string): string {
  const custom = callDunder(v, "__format__", [spec]);
  if (typeof custom === "string") return custom;
  if (typeof v === "string") return spec === "" ? v : formatWithSpec(v, spec, "str");
  if (v instanceof PyFloat) return formatWithSpec(v.value, spec, "float");
  if (typeof v === "number" || typeof v === "bigint") return spec === "" ? String(v) : formatWithSpec(v, spec, "int");
  if (typeof v === "boolean") return spec === "" ? (v ? "True" : "False") : formatWithSpec(v, spec, "bool");
  // Tensor.__format__: a 0-dim tensor formats as its Python number.
  if (v instanceof Tensor && v.dim === 0) return formatValue(pythonScalar(v.item(), v.dtype), spec);
  if (spec === "") return str(v);
  throw typeError(`unsupported format string passed to ${typeName(v)}.__format__`);
}
