// torch.einsum as PyTorch 1.13 computes it, so the graph has the same nodes: each operand
// diagonalised for repeated labels, unsqueezed and permuted to (output labels, contracted labels),
// then folded left to right with mul or sumproduct_pair's permute/reshape/bmm.

import { runtimeError } from "../errors";
import { Tensor } from "../tensor";
import { mul } from "./arithmetic";
import { bmm } from "./linalg";
import { sum } from "./reduction";
import { movedim } from "./shape";
import { diagonal } from "./diagonals";
import { permute, reshape, unsqueeze, view } from "./view";

const ELLIPSIS = -1;

/** Labels as numbers: 'A'..'Z' are 0..25 and 'a'..'z' 26..51, PyTorch's sort order; -1 is "...". */
function parseTerm(term: string): number[] {
  const labels: number[] = [];
  for (let i = 0; i < term.length; i++) {
    const c = term[i];
    if (c === ".") {
      if (term.slice(i, i + 3) !== "..." || labels.includes(ELLIPSIS)) {
        throw runtimeError("einsum(): found '.' for operand that is not part of any ellipsis");
      }
      labels.push(ELLIPSIS);
      i += 2;
    } else if (/[A-Z]/.test(c)) labels.push(c.charCodeAt(0) - 65);
    else if (/[a-z]/.test(c)) labels.push(c.charCodeAt(0) - 97 + 26);
    else if (c !== " ") throw runtimeError(`einsum(): invalid subscript given at index ${i} in the equation string, subscripts must be in [a-zA-Z]`);
  }
  return labels;
}

export function einsum(equation: string, operands: readonly Tensor[]): Tensor {
  const [lhs, rhs] = equation.split("->");
  const terms = lhs.split(",").map(parseTerm);
  if (terms.length !== operands.length) {
    throw runtimeError(`einsum(): ${terms.length > operands.length ? "fewer" : "more"} operands were provided than specified in the equation`);
  }
  // How many dims "..." covers: the most any operand gives it.
  let ellipsisDims = 0;
  terms.forEach((labels, i) => {
    const named = labels.filter((l) => l !== ELLIPSIS).length;
    const hasEllipsis = labels.includes(ELLIPSIS);
    if (hasEllipsis ? operands[i].dim < named : operands[i].dim !== named) {
      throw runtimeError(`einsum(): the number of subscripts in the equation (${named}) ${hasEllipsis ? "is more than" : "does not match"} the number of dimensions (${operands[i].dim}) for operand ${i}${hasEllipsis ? "" : " and no ellipsis was given"}`);
    }
    if (hasEllipsis) ellipsisDims = Math.max(ellipsisDims, operands[i].dim - named);
  });
  const counts = new Map<number, number>();
  for (const labels of terms) for (const l of labels) if (l !== ELLIPSIS) counts.set(l, (counts.get(l) ?? 0) + 1);
  const sorted = [...counts.keys()].sort((a, b) => a - b);
  const output = rhs === undefined
    ? [...(terms.some((t) => t.includes(ELLIPSIS)) ? [ELLIPSIS] : []), ...sorted.filter((l) => counts.get(l) === 1)]
    : parseTerm(rhs);

  // Positions in the permuted layout: output labels (the ellipsis expanded) first, then contracted labels sorted.
  const position = new Map<number, number>();
  let next = 0;
  let ellipsisStart = -1;
  for (const l of output) {
    if (l === ELLIPSIS) {
      ellipsisStart = next;
      next += ellipsisDims;
    } else {
      if (!counts.has(l)) throw runtimeError("einsum(): output subscript " + labelChar(l) + " does not appear in the equation for any input operand");
      if (position.has(l)) throw runtimeError("einsum(): output subscript " + labelChar(l) + " appears more than once in the output");
      position.set(l, next++);
    }
  }
  const outSize = next;
  if (ellipsisStart < 0 && ellipsisDims > 0) {
    ellipsisStart = next;
    next += ellipsisDims;
  }
  for (const l of sorted) if (!position.has(l)) position.set(l, next++);
  const total = next;

  const lastOp = new Array<number>(total).fill(-1);
  const permuted = operands.map((operand, i) => {
    const perm = new Array<number>(total).fill(-1);
    const seenAt = new Map<number, number>();
    let x = operand;
    let j = 0;
    for (const l of terms[i]) {
      if (l === ELLIPSIS) {
        // This operand's ellipsis dims line up with the right end of the ellipsis block.
        const own = operand.dim - (terms[i].length - 1);
        for (let k = 0; k < own; k++) perm[ellipsisStart + ellipsisDims - own + k] = j++;
      } else if (seenAt.has(l)) {
        const dim = seenAt.get(l)!;
        if (x.shape[j] !== x.shape[dim]) {
          throw runtimeError(`einsum(): subscript ${labelChar(l)} is repeated for operand ${i} but the sizes don't match, ${x.shape[j]} != ${x.shape[dim]}`);
        }
        x = movedim(diagonal(x, 0, dim, j), [-1], [dim]);
      } else {
        seenAt.set(l, j);
        perm[position.get(l)!] = j++;
      }
    }
    for (let p = 0; p < total; p++) {
      if (perm[p] === -1) {
        x = unsqueeze(x, -1);
        perm[p] = j++;
      } else if (x.shape[perm[p]] !== 1) lastOp[p] = i;
    }
    return permute(x, perm);
  });
  checkSizes(permuted, new Map([...position].map(([l, p]) => [p, l])), total);

  let result = permuted[0];
  if (operands.length === 1) {
    const contracted = range(outSize, total);
    return contracted.length === 0 ? result : sum(result, contracted);
  }
  for (let d = outSize; d < total; d++) {
    if (lastOp[d] === 0 && result.shape[d] > 1) result = sum(result, d, true);
  }
  for (let i = 1; i < operands.length; i++) {
    const sumDims = range(outSize, total).filter((d) => lastOp[d] === i);
    result = sumDims.length === 0 ? mul(result, permuted[i]) : sumproductPair(result, permuted[i], sumDims);
  }
  return total === outSize ? result : view(result, result.shape.slice(0, outSize));
}

function labelChar(l: number): string {
  return String.fromCharCode(l < 26 ? l + 65 : l - 26 + 97);
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_v, k) => from + k);

/** Each label's size must agree across operands, where it is not 1. */
function checkSizes(operands: readonly Tensor[], labelAt: ReadonlyMap<number, number>, total: number): void {
  for (let d = 0; d < total; d++) {
    let size = 1;
    operands.forEach((t, i) => {
      const s = t.shape[d];
      if (s === 1) return;
      if (size !== 1 && s !== size) {
        const label = labelAt.get(d);
        throw runtimeError(label === undefined
          ? `einsum(): operands do not broadcast with remapped shapes (original->remapped): ${operands.map((o) => `[${o.shape.join(", ")}]`).join(" ")}`
          : `einsum(): subscript ${labelChar(label)} has size ${s} for operand ${i} which does not broadcast with previously seen size ${size}`);
      }
      size = s;
    });
  }
}

/** sumproduct_pair with keepdim: left and right multiplied and summed over sumDims by one bmm. */
function sumproductPair(leftIn: Tensor, rightIn: Tensor, sumDims: readonly number[]): Tensor {
  let left = leftIn;
  let right = rightIn;
  const lro: number[] = [];
  const lo: number[] = [];
  const ro: number[] = [];
  let [lroSize, loSize, roSize, sumSize] = [1, 1, 1, 1];
  for (let d = 0; d < left.dim; d++) {
    const sl = left.shape[d] > 1;
    const sr = right.shape[d] > 1;
    if (sumDims.includes(d)) {
      if (sl && sr) sumSize *= left.shape[d];
      else if (sl) left = sum(left, d, true);
      else if (sr) right = sum(right, d, true);
    } else if (sl && sr) {
      lro.push(d);
      lroSize *= left.shape[d];
    } else if (sl) {
      lo.push(d);
      loSize *= left.shape[d];
    } else {
      ro.push(d);
      roSize *= right.shape[d];
    }
  }
  const outShape = [...lro.map((d) => left.shape[d]), ...lo.map((d) => left.shape[d]), ...sumDims.map(() => 1), ...ro.map((d) => right.shape[d])];
  const order = [...lro, ...lo, ...sumDims, ...ro];
  const inverse = new Array<number>(order.length);
  order.forEach((d, k) => { inverse[d] = k; });
  const l = reshape(permute(left, order), [lroSize, loSize, sumSize]);
  const r = reshape(permute(right, [...lro, ...sumDims, ...ro, ...lo]), [lroSize, sumSize, roSize]);
  return permute(view(bmm(l, r), outShape), inverse);
}
