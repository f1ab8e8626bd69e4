// Every family of op bindings, merged into Tensor methods, torch and torch.nn.functional.

import type { OpBindings } from "../binding";
import { bindings as elementwise } from "./elementwise";
import { bindings as nnFunctional } from "./nn_functional";
import { bindings as random } from "./random";
import { bindings as reductions } from "./reductions";
import { bindings as shape } from "./shape";
import { numpyTorchBindings } from "../numpy_torch";
import { bindings as conversion } from "./conversion";
import { bindings as closeness } from "./closeness";
import { bindings as sorting } from "./sorting";
import { bindings as convolution } from "./convolution";
import { bindings as normalization } from "./normalization";
import { bindings as selection } from "./selection";
import { bindings as structure } from "./structure";
import { bindings as mathMore } from "./math_more";
import { bindings as functionalMore } from "./functional_more";
import { bindings as linalgMore } from "./linalg_module";

export const allBindings: readonly OpBindings[] = [elementwise, reductions, shape, random, nnFunctional, conversion, closeness, convolution, sorting, normalization, mathMore, functionalMore, linalgMore, selection, structure, numpyTorchBindings];
