// Sorting and selection along a dimension: sort, argsort, msort, topk, kthvalue and median. Each
// line is copied into (key, position) pairs and arranged by the same algorithm PyTorch's CPU kernel
// runs, so that equal keys come out with the same indices. NaN counts as the largest value.

import { runtimeError, TorchError } from "../errors";
import { contiguousStrides, Tensor } from "../tensor";
import { compare } from "./comparison";
import { div } from "./elementwise";
import { scatterAlong } from "./gather_scatter";
import { scalarTensor } from "./kernels";
import { record } from "./record";
import { castCopy, forEachLine, restoreDims } from "./reduce_dims";
import { sum } from "./reduction";
import { where } from "./select";
import { Pairs, stlNthElement, stlPartialSort, stlSort, swap as swapPairs } from "./stl_sort";
import { normalizeDim } from "./view";

type Order = (a: number, b: number) => boolean;

/** c10's KeyValueCompAsc / KeyValueCompDesc: NaN after everything ascending, first descending. */
const ascending: Order = (a, b) => (a === a && b !== b) || a < b;
const descending: Order = (a, b) => (a !== a && b === b) || a > b;

/**
 * Copies each line of `x` along `dim` into pairs and lets `arrange` reorder them; the `count`
 * pairs from the slot it returns become that line of new values and int64 indices.
 */
function arrangeLines(x: Tensor, dim: number, order: Order, count: number, arrange: (p: Pairs, size: number) => number): [Tensor, Tensor] {
  const size = x.dim === 0 ? 1 : x.shape[dim];
  const pairs: Pairs = { keys: new Float64Array(size), index: new Float64Array(size), less: order };
  const shape = x.dim === 0 ? [] : x.shape.map((s, d) => (d === dim ? count : s));
  const values = Tensor.zeros(shape, x.dtype);
  const indices = Tensor.zeros(shape, "int64");
  const vOut = values.storage.data;
  const iOut = indices.storage.data;
  const data = x.storage.data;
  const inner = x.shape.slice(dim + 1).reduce((n, s) => n * s, 1);
  let line = 0;
  forEachLine(x, dim, (inBase, inStride) => {
    for (let j = 0; j < size; j++) {
      pairs.keys[j] = data[inBase + j * inStride];
      pairs.index[j] = j;
    }
    const first = arrange(pairs, size);
    const base = Math.floor(line / inner) * count * inner + (line % inner);
    for (let j = 0; j < count; j++) {
      vOut[base + j * inner] = pairs.keys[first + j];
      iOut[base + j * inner] = pairs.index[first + j];
    }
    line++;
  });
  return [values, indices];
}

/** Grad of the selected values: zeros of x's shape with `g` put back where `indices` point. */
function recordSelection(values: Tensor, indices: Tensor, x: Tensor, name: string, dim: number, keepdim: boolean): void {
  const dims = x.dim === 0 ? [] : [dim];
  record(values, {
    name,
    inputs: [x],
    saved: [[indices, "indices"]],
    savedScalars: { dim },
    formula: (g) => [scatterAlong(restoreDims(g, dims, keepdim), dim, restoreDims(indices, dims, keepdim), x.shape, "set")],
  });
}

function stableSort(p: Pairs, size: number): void {
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => (p.less(p.keys[a], p.keys[b]) ? -1 : p.less(p.keys[b], p.keys[a]) ? 1 : a - b));
  const keys = Float64Array.from(order, (i) => p.keys[i]);
  p.keys.set(keys);
  p.index.set(order);
}

/**
 * sort(dim, descending, stable): std::sort unless stable, as on PyTorch's CPU. `stable` given at
 * all (even False) selects the sort.stable overload, whose grad_fn is SortBackward1.
 */
export function sort(x: Tensor, dim = -1, descend = false, stable?: boolean): [Tensor, Tensor] {
  const d = normalizeDim(dim, x.dim);
  const size = x.dim === 0 ? 1 : x.shape[d];
  const [values, indices] = arrangeLines(x, d, descend ? descending : ascending, size, (p, n) => {
    if (stable) stableSort(p, n);
    else stlSort(p, 0, n);
    return 0;
  });
  recordSelection(values, indices, x, stable === undefined ? "SortBackward0" : "SortBackward1", d, true);
  return [values, indices];
}

export function argsort(x: Tensor, dim = -1, descend = false, stable?: boolean): Tensor {
  return sort(x, dim, descend, stable)[1];
}

/** msort: sort along the first dimension; its grad_fn is sort's. */
export function msort(x: Tensor): Tensor {
  return sort(x, 0)[0];
}

/** topk: partial_sort when k is small against the line, else nth_element and a sort of the rest. */
export function topk(x: Tensor, k: number, dim = -1, largest = true, sorted = true): [Tensor, Tensor] {
  const d = normalizeDim(dim, x.dim);
  const size = x.dim === 0 ? 1 : x.shape[d];
  if (k < 0 || k > size) throw runtimeError("selected index k out of range");
  const order = largest ? descending : ascending;
  const [values, indices] = arrangeLines(x, d, order, k, (p, n) => {
    if (k === 0) return 0;
    if (k * 64 <= n) {
      stlPartialSort(p, 0, k, n);
    } else {
      stlNthElement(p, 0, k - 1, n);
      if (sorted) stlSort(p, 0, k - 1);
    }
    return 0;
  });
  recordSelection(values, indices, x, "TopkBackward0", d, true);
  return [values, indices];
}

/** TH's quick_select_template (Sedgewick's partition), which kthvalue runs. */
function quickSelect(p: Pairs, size: number, k: number): void {
  const keys = p.keys;
  const swap = (i: number, j: number) => swapPairs(p, i, j);
  let left = 0;
  let right = size - 1;
  for (;;) {
    if (right <= left) return;
    if (right === left + 1) {
      if (descending(keys[left], keys[right])) swap(left, right);
      return;
    }
    swap((left + right) >> 1, left + 1);
    if (descending(keys[left + 1], keys[right])) swap(left + 1, right);
    if (descending(keys[left], keys[right])) swap(left, right);
    if (descending(keys[left + 1], keys[left])) swap(left + 1, left);
    let i = left + 1;
    let j = right;
    const pivot = keys[left];
    for (;;) {
      do i++; while (descending(pivot, keys[i]));
      do j--; while (descending(keys[j], pivot));
      if (j < i) break;
      swap(i, j);
    }
    swap(left, j);
    if (j <= k) left = i;
    if (j >= k) right = j - 1;
  }
}

/** kthvalue(k, dim, keepdim): the k-th smallest of each line and its index. */
export function kthvalue(x: Tensor, k: number, dim = -1, keepdim = false): [Tensor, Tensor] {
  const d = normalizeDim(dim, x.dim);
  const size = x.dim === 0 ? 1 : x.shape[d];
  if (k < 1 || k > size) throw runtimeError(`kthvalue(): selected number k out of range for dimension ${d}`);
  const [values, indices] = arrangeLines(x, d, ascending, 1, (p, n) => {
    quickSelect(p, n, k - 1);
    return k - 1;
  });
  return keepOrDrop(values, indices, x, d, keepdim, "KthvalueBackward0");
}

function keepOrDrop(values: Tensor, indices: Tensor, x: Tensor, d: number, keepdim: boolean, name: string): [Tensor, Tensor] {
  const shape = keepdim || x.dim === 0 ? values.shape : values.shape.filter((_, i) => i !== d);
  const v = values.view(shape, contiguousStrides(shape), 0);
  const idx = indices.view(shape, v.strides, 0);
  recordSelection(v, idx, x, name, d, keepdim);
  return [v, idx];
}

/**
 * median(dim, keepdim): the lower median, the first of equal values by position (PyTorch orders
 * by value, then index); a line with NaN gives its first NaN.
 */
export function medianAlong(x: Tensor, dim: number, keepdim = false): [Tensor, Tensor] {
  const d = normalizeDim(dim, x.dim);
  if (x.dim > 0 && x.shape[d] === 0) throw new TorchError("IndexError", `median(): Expected reduction dim ${d} to have non-zero size.`);
  const [values, indices] = arrangeLines(x, d, ascending, 1, (p, n) => {
    for (let j = 0; j < n; j++) if (p.keys[j] !== p.keys[j]) return j;
    stableSort(p, n);
    return (n - 1) >> 1;
  });
  return keepOrDrop(values, indices, x, d, keepdim, "MedianBackward1");
}

/** median() of all elements: NaN if any; its gradient is shared among the elements equal to it. */
export function median(x: Tensor): Tensor {
  const keys = Float64Array.from(x.contiguousData());
  keys.sort();
  const middle = keys.length === 0 || keys.some((v) => v !== v) ? NaN : keys[(keys.length - 1) >> 1];
  const result = scalarTensor(middle, x.dtype);
  return record(result, {
    name: "MedianBackward0",
    inputs: [x],
    saved: [[x, "self"], [result, "result"]],
    formula: (g, [self, value]) => {
      const mask = Number.isNaN(value.item()) ? compare("ne", self, self) : compare("eq", self, value);
      return [where(mask, div(g, sum(mask)), 0)];
    },
  });
}

/** unique(sorted=True): distinct values ascending, each element's slot among them, and counts. */
export function unique(x: Tensor): { values: Tensor; inverse: Tensor; counts: Tensor } {
  const data = x.contiguousData();
  const order = Float64Array.from(data).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < order.length; i++) {
    if (i === 0 || order[i] !== order[i - 1]) {
      distinct.push(order[i]);
      counts.push(0);
    }
    counts[counts.length - 1]++;
  }
  const slot = new Map(distinct.map((v, i) => [v, i]));
  const values = Tensor.fromStorage(Float64Array.from(distinct), [distinct.length], "float64");
  const result = castCopy(values, x.dtype);
  record(result, {
    name: "Unique2Backward0",
    inputs: [x],
    formula: () => { throw runtimeError("the derivative for '_unique2' is not implemented."); },
  });
  return {
    values: result,
    inverse: Tensor.fromStorage(Float64Array.from(data, (v) => slot.get(v)!), x.shape, "int64"),
    counts: Tensor.fromStorage(Float64Array.from(counts), [counts.length], "int64"),
  };
}
