// Tensor element types and PyTorch's type-promotion rules.

export type DType = "float32" | "float64" | "int64" | "int32" | "bool";

export type Storage = Float32Array | Float64Array | Int32Array | Uint8Array;

/** int64 lives in a Float64Array: exact up to 2^53, which covers what snippets index and count with. */
export function allocate(dtype: DType, length: number): Storage {
  switch (dtype) {
    case "float32": return new Float32Array(length);
    case "float64": case "int64": return new Float64Array(length);
    case "int32": return new Int32Array(length);
    case "bool": return new Uint8Array(length);
  }
}

export function isFloating(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

type Category = 0 | 1 | 2; // bool < integer < floating

export function category(dtype: DType): Category {
  return dtype === "bool" ? 0 : isFloating(dtype) ? 2 : 1;
}

const rank: Record<DType, number> = { bool: 0, int32: 1, int64: 2, float32: 3, float64: 4 };

/** torch.promote_types for the dtypes we support. */
export function promoteTypes(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}

/** Converts a JS number to what a tensor of `dtype` stores, as a C cast would. */
export function castScalar(value: number, dtype: DType): number {
  switch (dtype) {
    case "float32": return Math.fround(value);
    case "float64": return value;
    case "int64": case "int32": return Math.trunc(value) + 0; // + 0: integers have no negative zero
    case "bool": return value !== 0 ? 1 : 0;
  }
}

export function torchName(dtype: DType): string {
  return `torch.${dtype}`;
}

/** Python scalars as operands: their kind decides their category, never their width. */
export type ScalarKind = "bool" | "int" | "float";

export function scalarDefaultDType(kind: ScalarKind): DType {
  return kind === "bool" ? "bool" : kind === "int" ? "int64" : "float32";
}

/**
 * torch.result_type: dimensioned tensors outrank zero-dim tensors, which outrank Python scalars,
 * except where a lower-priority operand has a higher category (c10's combine_categories).
 */
export class ResultTypeState {
  private dimResult: DType | null = null;
  private zeroDimResult: DType | null = null;
  private scalarResult: DType | null = null;

  addTensor(dtype: DType, dim: number): this {
    if (dim > 0) this.dimResult = this.dimResult ? promoteTypes(this.dimResult, dtype) : dtype;
    else this.zeroDimResult = this.zeroDimResult ? promoteTypes(this.zeroDimResult, dtype) : dtype;
    return this;
  }

  addScalar(kind: ScalarKind): this {
    const dtype = scalarDefaultDType(kind);
    this.scalarResult = this.scalarResult ? promoteTypes(this.scalarResult, dtype) : dtype;
    return this;
  }

  result(): DType {
    return combineCategories(this.dimResult, combineCategories(this.zeroDimResult, this.scalarResult)) ?? "float32";
  }
}

function combineCategories(higher: DType | null, lower: DType | null): DType | null {
  if (higher === null) return lower;
  if (lower === null) return higher;
  if (isFloating(higher)) return higher;
  if (higher === "bool" || isFloating(lower)) return promoteTypes(higher, lower);
  return higher;
}
