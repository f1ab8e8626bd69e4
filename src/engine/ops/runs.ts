// Walks a row-major output in runs along its innermost dimension, tracking where each operand's
// run starts in its own storage: the element loops call back once per run, never per element,
// and index with a constant stride inside it.

/**
 * For an output of `shape` (contiguous) and operands read through `strides[k]` from `offsets[k]`
 * (strides may be 0 along broadcast dimensions), calls `run(out, starts, n, steps)`: output
 * elements [out, out + n) read operand k at starts[k] + i·steps[k]. Dimensions every operand
 * steps through as one are merged first, so runs are as long as the layouts allow. `starts` is
 * reused between calls.
 */
export function forEachRun(
  shape: readonly number[], strides: readonly (readonly number[])[], offsets: readonly number[],
  run: (out: number, starts: number[], n: number, steps: number[]) => void,
): void {
  const count = strides.length;
  const dims: number[] = [];
  const merged: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d];
    if (size === 0) return;
    if (size === 1) continue;
    const last = dims.length - 1;
    let joins = last >= 0;
    for (let k = 0; k < count && joins; k++) joins = merged[k][last] === strides[k][d] * size;
    if (joins) {
      dims[last] *= size;
      for (let k = 0; k < count; k++) merged[k][last] = strides[k][d];
    } else {
      dims.push(size);
      for (let k = 0; k < count; k++) merged[k].push(strides[k][d]);
    }
  }
  const starts = offsets.slice();
  const rank = dims.length;
  if (rank === 0) {
    run(0, starts, 1, new Array<number>(count).fill(0));
    return;
  }
  const inner = dims[rank - 1];
  const steps = merged.map((s) => s[rank - 1]);
  const lines = dims.reduce((n, s) => n * s, 1) / inner;
  const index = new Array<number>(rank).fill(0);
  for (let line = 0, out = 0; line < lines; line++, out += inner) {
    run(out, starts, inner, steps);
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      for (let k = 0; k < count; k++) starts[k] += merged[k][d];
      if (index[d] < dims[d]) break;
      for (let k = 0; k < count; k++) starts[k] -= merged[k][d] * dims[d];
      index[d] = 0;
    }
  }
}
