// Python bindings for the engine's elementwise ops.

import type { OpBindings } from "../binding";

export const bindings: OpBindings = {};
