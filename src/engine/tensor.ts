// The tensor: a strided view over typed-array storage, plus its autograd metadata.

import { allocate, DType, Storage } from "./dtype";
import type { Edge, Node } from "./autograd/node";
import { runtimeError, warn } from "./errors";
import { isInferenceMode } from "./grad_mode";

/** Shared by every view of the same memory; the version counter detects in-place edits. */
export class TensorStorage {
  version = 0;
  constructor(readonly data: Storage) {}
}

/** The shape (and strides) of every 0-dim tensor. */
export const NO_DIMS: readonly number[] = Object.freeze([]);

/** Values per shared buffer of 0-dim storages: small, so that one live scalar keeps little else alive. */
const SLAB_VALUES = 512;
let slab32 = new ArrayBuffer(0);
let next32 = SLAB_VALUES;
let slab64 = new ArrayBuffer(0);
let next64 = SLAB_VALUES;

/**
 * The storage of one float32 value: a 1-element view into a shared buffer, as a buffer of its own
 * per scalar costs more than the scalar op. Readers see an ordinary 1-element Float32Array.
 */
function scalarData32(): Float32Array {
  if (next32 === SLAB_VALUES) {
    slab32 = new ArrayBuffer(4 * SLAB_VALUES);
    next32 = 0;
  }
  return new Float32Array(slab32, 4 * next32++, 1);
}

/** The same for float64 and int64 (stored as doubles). */
function scalarData64(): Float64Array {
  if (next64 === SLAB_VALUES) {
    slab64 = new ArrayBuffer(8 * SLAB_VALUES);
    next64 = 0;
  }
  return new Float64Array(slab64, 8 * next64++, 1);
}

/** The storage of one value of `dtype`, zero. */
export function scalarData(dtype: DType): Storage {
  if (dtype === "float32") return scalarData32();
  return dtype === "float64" || dtype === "int64" ? scalarData64() : allocate(dtype, 1);
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (let d = 0; d < shape.length; d++) n *= shape[d];
  return n;
}

/**
 * What a differentiable view keeps (PyTorch's DifferentiableViewMeta): its root base, and the
 * version its grad_fn was made at. When the shared version moves on (an in-place write through the
 * base or any view of it), `refresh` gives the view a new grad_fn reading the base.
 */
export interface ViewInfo {
  readonly base: Tensor;
  version: number;
  refresh(view: Tensor): void;
}

export class Tensor {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly numel: number;
  private requiresGradValue = false;
  private gradFnValue: Node | null = null;
  /** Set only on differentiable views; every other tensor pays one null check for it. */
  viewInfo: ViewInfo | null = null;
  /** Which output of gradFn this tensor is. */
  outputNr = 0;
  /** The rarely set autograd fields, made on first write (as PyTorch's AutogradMeta is): most tensors are intermediates. */
  private meta: TensorMeta | null = isInferenceMode() ? new TensorMeta(true) : null;

  constructor(
    readonly storage: TensorStorage,
    readonly dtype: DType,
    shape: readonly number[],
    strides?: readonly number[],
    readonly offset = 0,
  ) {
    this.shape = shape.length === 0 ? NO_DIMS : shape;
    this.strides = shape.length === 0 ? NO_DIMS : strides ?? contiguousStrides(shape);
    this.numel = numelOf(shape);
  }

  static zeros(shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(new TensorStorage(allocate(dtype, numelOf(shape))), dtype, shape);
  }

  static fromStorage(data: Storage, shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(new TensorStorage(data), dtype, shape);
  }

  private get ownMeta(): TensorMeta {
    return (this.meta ??= new TensorMeta(false));
  }

  /** Made under torch.inference_mode: such tensors have no version counter. */
  get isInference(): boolean {
    return this.meta !== null && this.meta.isInference;
  }

  get retainsGrad(): boolean {
    return this.meta !== null && this.meta.retainsGrad;
  }

  set retainsGrad(flag: boolean) {
    this.ownMeta.retainsGrad = flag;
  }

  /** The edge to this leaf's AccumulateGrad node, made once so every use of the leaf shares it. */
  get accumulatorEdge(): Edge | null {
    return this.meta === null ? null : this.meta.accumulatorEdge;
  }

  set accumulatorEdge(edge: Edge | null) {
    this.ownMeta.accumulatorEdge = edge;
  }

  get gradFn(): Node | null {
    const info = this.viewInfo;
    if (info !== null && info.version !== this.storage.version) info.refresh(this);
    return this.gradFnValue;
  }

  set gradFn(node: Node | null) {
    this.gradFnValue = node;
  }

  /** The history as it stands, without a view's refresh (PyTorch's grad_fn_ field). */
  get ownGradFn(): Node | null {
    return this.gradFnValue;
  }

  /** A view also requires grad when its base does, even one made under no_grad (as PyTorch's views do). */
  get requiresGrad(): boolean {
    if (this.requiresGradValue || this.gradFnValue !== null) return true;
    return this.viewInfo !== null && this.viewInfo.base.requiresGrad;
  }

  set requiresGrad(flag: boolean) {
    this.requiresGradValue = flag;
  }

  get dim(): number {
    return this.shape.length;
  }

  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  get version(): number {
    return this.storage.version;
  }

  /** `.grad` as PyTorch exposes it, warning when a non-leaf's grad is read. */
  get grad(): Tensor | null {
    if (!this.isLeaf && !this.retainsGrad && this.gradQuiet === null) {
      warn("UserWarning", NON_LEAF_GRAD_WARNING);
    }
    return this.gradQuiet;
  }

  set grad(value: Tensor | null) {
    if (value !== null || this.meta !== null) this.ownMeta.grad = value;
  }

  /** Read without the non-leaf warning, for the engine and the views. */
  get gradQuiet(): Tensor | null {
    return this.meta === null ? null : this.meta.grad;
  }

  isContiguous(): boolean {
    let step = 1;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      if (this.shape[d] !== 1 && this.strides[d] !== step) return false;
      step *= this.shape[d];
    }
    return true;
  }

  /** Element `i` in row-major order, whatever the strides. */
  at(i: number): number {
    if (this.shape.length === 0) return this.storage.data[this.offset];
    let position = this.offset;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      const size = this.shape[d];
      position += (i % size) * this.strides[d];
      i = Math.floor(i / size);
    }
    return this.storage.data[position];
  }

  /** Values in row-major order; the storage itself when it already is that. */
  contiguousData(): Storage {
    const data = this.storage.data;
    if (this.isContiguous() && this.offset === 0 && data.length === this.numel) return data;
    const out = allocate(this.dtype, this.numel);
    for (let i = 0; i < this.numel; i++) out[i] = this.at(i);
    return out;
  }

  item(): number {
    if (this.numel !== 1) {
      throw runtimeError(`a Tensor with ${this.numel} elements cannot be converted to Scalar`);
    }
    return this.at(0);
  }

  /** A new tensor sharing this storage, with no autograd history. */
  view(shape: readonly number[], strides: readonly number[], offset: number): Tensor {
    return new Tensor(this.storage, this.dtype, shape, strides, offset);
  }

  /** VariableVersion::bump: inference tensors have no counter, so they may only change in inference mode. */
  bumpVersion(): void {
    if (this.isInference && !isInferenceMode()) throw runtimeError(INFERENCE_INPLACE);
    this.storage.version++;
  }
}

class TensorMeta {
  grad: Tensor | null = null;
  retainsGrad = false;
  accumulatorEdge: Edge | null = null;

  constructor(readonly isInference: boolean) {}
}

export const NON_LEAF_GRAD_WARNING =
  "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more informations.";

const INFERENCE_INPLACE =
  "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.";
