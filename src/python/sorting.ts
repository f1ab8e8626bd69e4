// sorted() and list.sort(): a stable sort by `<`, with key= and reverse= as Python applies them.

import { callValue } from "./classes";
import { compareOp } from "./operators";
import { truthy } from "./protocols";
import type { Value } from "./values";

export function sortedItems(items: readonly Value[], key: Value, reverse: boolean): Value[] {
  const keyed = items.map((v) => [key === null ? v : callValue(key, [v], null), v] as const);
  const less = (a: Value, b: Value) => truthy(compareOp("<", a, b));
  // reverse=True keeps equal items in their original order, as Python's does.
  keyed.sort((a, b) => (reverse ? (less(b[0], a[0]) ? -1 : less(a[0], b[0]) ? 1 : 0) : (less(a[0], b[0]) ? -1 : less(b[0], a[0]) ? 1 : 0)));
  return keyed.map(([, v]) => v);
}
