// Values as PyTorch prints them, for the panel's labels and the stepper's chain-rule products.
// Pure text functions over the engine's ValueSnapshot and the interpreter's reprs.

import { formatTensorBody } from "../../src/engine/print";
import type { ValueSnapshot } from "../../src/result";

/**
 * The body PyTorch prints inside `tensor(...)`: `6.`, `-7.6613`, `[0.6667, 1.3333, 2.0000]`.
 * A snapshot keeps only its first values, so a larger tensor is summarised with `…` and its shape.
 */
export function formatValue(value: ValueSnapshot | null | undefined): string {
  if (!value) return "None";
  if (value.values.length >= value.numel) {
    return formatTensorBody({ values: value.values, shape: value.shape, dtype: value.dtype }).replace(/\n\s*/g, " ");
  }
  const shown = formatTensorBody({ values: value.values.slice(0, 6), shape: [Math.min(6, value.values.length)], dtype: value.dtype });
  return `${shown.slice(0, -1)}, …] (${formatShape(value.shape)})`;
}

/** `(2, 3)` for a shape; `()` for a scalar. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** True for a one-element value: the stepper can show its arithmetic. */
export function isScalar(value: ValueSnapshot | null | undefined): value is ValueSnapshot {
  return !!value && value.numel === 1 && value.values.length === 1;
}

/** A plain number printed like a PyTorch scalar (4 decimals, integers as `6.`). */
export function formatNumber(value: number, dtype: ValueSnapshot["dtype"] = "float32"): string {
  return formatTensorBody({ values: [value], shape: [], dtype }).trim();
}

/**
 * The value part of a tensor repr, without `tensor(` and the suffixes:
 * `tensor(16., grad_fn=<PowBackward0>)` gives `16.`. Other reprs are returned unchanged.
 */
export function reprBody(repr: string): string {
  const tensor = repr.trim().replace(/^Parameter containing:\s*/, "");
  const match = /^tensor\(([\s\S]*?)(?:,\s*(?:requires_grad=True|grad_fn=<\w+>|dtype=torch\.\w+|size=\([^)]*\)))*\)$/.exec(tensor);
  return match ? match[1].replace(/\n\s*/g, " ") : repr;
}

/** Shortens long text for a graph label, keeping its start. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
