// `typing`: annotations are never checked here, so its names only need to exist, subscript and print.

import { PyModule, PyNamespace, Value } from "../values";

const names = ["Any", "Callable", "Dict", "Iterable", "Iterator", "List", "Optional", "Sequence", "Set", "Tuple", "Type", "Union"];

export function createTypingModule(): PyModule {
  const attributes = new Map<string, Value>();
  for (const name of names) {
    // Subscripting (List[int]) returns the same object: enough for annotations that nobody evaluates.
    const form: PyNamespace = new PyNamespace("_SpecialForm", new Map(), `typing.${name}`);
    attributes.set(name, form);
  }
  return new PyModule("typing", attributes);
}
