// Python bindings for the engine's reductions ops.

import type { OpBindings } from "../binding";

export const bindings: OpBindings = {};
