// Python bindings for the engine's nn functional ops.

import type { OpBindings } from "../binding";

export const bindings: OpBindings = {};
