// `"%5.2f" % x`: old-style string formatting over a template, one conversion at a time.

import { Tensor } from "../engine";
import { PyException, typeError } from "./errors";
import { FormatKind, FormatValue, percentFormatOne } from "./format_spec";
import { hashKey } from "./protocols";
import { repr, str, typeName } from "./repr";
import { PyDict, PyFloat, PyTuple, Value } from "./values";

const CONVERSION = /%(?:\(([^)]*)\))?([-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?)(.)/gs;

function asFormatValue(v: Value): [FormatValue, FormatKind] {
  if (v instanceof Tensor && v.numel === 1) return [v.item(), v.dtype.startsWith("float") ? "float" : "int"];
  if (v instanceof PyFloat) return [v.value, "float"];
  if (typeof v === "number" || typeof v === "bigint") return [v, "int"];
  if (typeof v === "boolean") return [v, "bool"];
  return [str(v), "str"];
}

export function percentFormat(template: string, args: Value): string {
  const values = args instanceof PyTuple ? args.items : [args];
  const mapping = args instanceof PyDict ? args : null;
  let next = 0;
  const out = template.replace(CONVERSION, (_match, key: string | undefined, flags: string, conversion: string, index: number) => {
    if (conversion === "%" && flags === "" && key === undefined) return "%";
    let value: Value;
    if (key !== undefined) {
      if (!mapping) throw typeError("format requires a mapping");
      const entry = mapping.entries.get(hashKey(key));
      if (!entry) throw new PyException("KeyError", repr(key));
      value = entry[1];
    } else {
      if (next >= values.length) throw typeError("not enough arguments for format string");
      value = values[next++];
    }
    const [formatValue, kind] = asFormatValue(value);
    if ("diouxXeEfFgGc".includes(conversion) && kind === "str") {
      throw typeError(`%${conversion} format: a ${"eEfFgG".includes(conversion) ? "real number" : "number"} is required, not ${typeName(value)}`);
    }
    return percentFormatOne(`%${flags}${conversion}`, formatValue, kind, { str: str(value), repr: repr(value), ascii: repr(value), index });
  });
  if (!mapping && next < values.length) throw typeError("not all arguments converted during string formatting");
  return out;
}
