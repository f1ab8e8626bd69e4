// libstdc++'s std::sort, std::nth_element and std::partial_sort over (key, index) pairs, step for
// step: PyTorch's CPU sort (stable=False) and topk use them, and which of several equal keys comes
// first (the indices they return) is whatever these exact algorithms leave.

/** Parallel arrays of keys and their original positions, and the strict order on keys. */
export interface Pairs {
  keys: Float64Array;
  index: Float64Array;
  less: (a: number, b: number) => boolean;
}

const THRESHOLD = 16;

export function swap(p: Pairs, i: number, j: number): void {
  const k = p.keys[i];
  p.keys[i] = p.keys[j];
  p.keys[j] = k;
  const x = p.index[i];
  p.index[i] = p.index[j];
  p.index[j] = x;
}

function move(p: Pairs, to: number, from: number): void {
  p.keys[to] = p.keys[from];
  p.index[to] = p.index[from];
}

function lg(n: number): number {
  return 31 - Math.clz32(n);
}

function pushHeap(p: Pairs, first: number, hole: number, top: number, key: number, index: number): void {
  let parent = ((hole - 1) / 2) | 0;
  while (hole > top && p.less(p.keys[first + parent], key)) {
    move(p, first + hole, first + parent);
    hole = parent;
    parent = ((hole - 1) / 2) | 0;
  }
  p.keys[first + hole] = key;
  p.index[first + hole] = index;
}

function adjustHeap(p: Pairs, first: number, hole: number, len: number, key: number, index: number): void {
  const top = hole;
  let child = hole;
  while (child < (((len - 1) / 2) | 0)) {
    child = 2 * (child + 1);
    if (p.less(p.keys[first + child], p.keys[first + child - 1])) child--;
    move(p, first + hole, first + child);
    hole = child;
  }
  if ((len & 1) === 0 && child === (((len - 2) / 2) | 0)) {
    child = 2 * (child + 1);
    move(p, first + hole, first + child - 1);
    hole = child - 1;
  }
  pushHeap(p, first, hole, top, key, index);
}

function makeHeap(p: Pairs, first: number, last: number): void {
  const len = last - first;
  if (len < 2) return;
  for (let parent = ((len - 2) / 2) | 0; ; parent--) {
    adjustHeap(p, first, parent, len, p.keys[first + parent], p.index[first + parent]);
    if (parent === 0) return;
  }
}

/** Moves *first to `result` and re-heaps [first, last) with result's old pair. */
function popHeap(p: Pairs, first: number, last: number, result: number): void {
  const key = p.keys[result];
  const index = p.index[result];
  move(p, result, first);
  adjustHeap(p, first, 0, last - first, key, index);
}

function heapSelect(p: Pairs, first: number, middle: number, last: number): void {
  makeHeap(p, first, middle);
  for (let i = middle; i < last; i++) if (p.less(p.keys[i], p.keys[first])) popHeap(p, first, middle, i);
}

function sortHeap(p: Pairs, first: number, last: number): void {
  while (last - first > 1) {
    last--;
    popHeap(p, first, last, last);
  }
}

function moveMedianToFirst(p: Pairs, result: number, a: number, b: number, c: number): void {
  const k = p.keys;
  if (p.less(k[a], k[b])) {
    if (p.less(k[b], k[c])) swap(p, result, b);
    else if (p.less(k[a], k[c])) swap(p, result, c);
    else swap(p, result, a);
  } else if (p.less(k[a], k[c])) swap(p, result, a);
  else if (p.less(k[b], k[c])) swap(p, result, c);
  else swap(p, result, b);
}

function partitionPivot(p: Pairs, first: number, last: number): number {
  const mid = first + ((last - first) >> 1);
  moveMedianToFirst(p, first, first + 1, mid, last - 1);
  const k = p.keys;
  let lo = first + 1;
  let hi = last;
  for (;;) {
    while (p.less(k[lo], k[first])) lo++;
    hi--;
    while (p.less(k[first], k[hi])) hi--;
    if (!(lo < hi)) return lo;
    swap(p, lo, hi);
    lo++;
  }
}

/** Shifts the pair at `last` left past every larger pair (a smaller one is known to exist). */
function unguardedLinearInsert(p: Pairs, last: number): void {
  const key = p.keys[last];
  const index = p.index[last];
  let next = last - 1;
  while (p.less(key, p.keys[next])) {
    move(p, last, next);
    last = next--;
  }
  p.keys[last] = key;
  p.index[last] = index;
}

function insertionSort(p: Pairs, first: number, last: number): void {
  if (first === last) return;
  for (let i = first + 1; i < last; i++) {
    if (p.less(p.keys[i], p.keys[first])) {
      const key = p.keys[i];
      const index = p.index[i];
      p.keys.copyWithin(first + 1, first, i);
      p.index.copyWithin(first + 1, first, i);
      p.keys[first] = key;
      p.index[first] = index;
    } else {
      unguardedLinearInsert(p, i);
    }
  }
}

function introsortLoop(p: Pairs, first: number, last: number, depth: number): void {
  while (last - first > THRESHOLD) {
    if (depth === 0) {
      heapSelect(p, first, last, last);
      sortHeap(p, first, last);
      return;
    }
    depth--;
    const cut = partitionPivot(p, first, last);
    introsortLoop(p, cut, last, depth);
    last = cut;
  }
}

/** std::sort(first, last). */
export function stlSort(p: Pairs, first: number, last: number): void {
  if (first === last) return;
  introsortLoop(p, first, last, lg(last - first) * 2);
  if (last - first > THRESHOLD) {
    insertionSort(p, first, first + THRESHOLD);
    for (let i = first + THRESHOLD; i < last; i++) unguardedLinearInsert(p, i);
  } else {
    insertionSort(p, first, last);
  }
}

/** std::nth_element(first, nth, last). */
export function stlNthElement(p: Pairs, first: number, nth: number, last: number): void {
  if (first === last || nth === last) return;
  let depth = lg(last - first) * 2;
  while (last - first > 3) {
    if (depth === 0) {
      heapSelect(p, first, nth + 1, last);
      swap(p, first, nth);
      return;
    }
    depth--;
    const cut = partitionPivot(p, first, last);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  insertionSort(p, first, last);
}

/** std::partial_sort(first, middle, last). */
export function stlPartialSort(p: Pairs, first: number, middle: number, last: number): void {
  heapSelect(p, first, middle, last);
  sortHeap(p, first, middle);
}
