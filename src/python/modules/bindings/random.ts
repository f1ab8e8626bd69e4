// Python bindings for the engine's random ops.

import type { OpBindings } from "../binding";

export const bindings: OpBindings = {};
