// The engine's public surface: what the interpreter and the views may use.

export * from "./dtype";
export * from "./errors";
export * from "./grad_mode";
export { Tensor, TensorStorage, NON_LEAF_GRAD_WARNING } from "./tensor";
export { Node, FunctionNode, setCurrentSite } from "./autograd/node";
export { AccumulateGrad } from "./autograd/accumulate";
export { backward, grad } from "./autograd/engine";
export * from "./events";
export * from "./ops/operand";
export * from "./ops/elementwise";
export * from "./ops/reduction";
export * from "./ops/view";
export * from "./ops/select";
export * from "./ops/inplace";
export * from "./ops/creation";
export { gradientEdge } from "./ops/record";
export { copyInto } from "./ops/kernels";
export * from "./ops/linalg";
export { registerHook } from "./autograd/hooks";
export type { GradHook } from "./autograd/hooks";
export { isAnomalyDetectionEnabled, setAnomalyDetection } from "./autograd/anomaly";
