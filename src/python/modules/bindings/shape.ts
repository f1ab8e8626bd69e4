// Python bindings for the engine's shape ops.

import type { OpBindings } from "../binding";

export const bindings: OpBindings = {};
