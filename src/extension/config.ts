// The extension's settings: names and defaults declared once, read through pure helpers.
// package.json's `contributes.configuration` must agree; test/extension/manifest.test.ts checks it.

export const CONFIG_SECTION = "autogradLens";
export const TIME_LIMIT_SETTING = "timeLimitSeconds";
export const DEFAULT_TIME_LIMIT_SECONDS = 30;
export const INLINE_RESULTS_SETTING = "inlineResults";
export const INLINE_MAX_LENGTH_SETTING = "inlineResultsMaxLength";
export const DEFAULT_INLINE_MAX_LENGTH = 80;
export const HOVER_DETAIL_SETTING = "hoverDetail";
export type HoverDetail = "full" | "value";
export const HOVER_DETAILS: readonly HoverDetail[] = ["full", "value"];

/** The time limit in seconds from a raw setting value; 0 (or a negative value) means no limit. */
export function timeLimitSeconds(value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) return DEFAULT_TIME_LIMIT_SECONDS;
  return Math.max(0, value);
}

/** Inline results are on unless turned off. */
export function inlineResultsEnabled(value: unknown): boolean {
  return value !== false;
}

/** Longest inline text in characters; at least 10, so an ellipsis still leaves something to read. */
export function inlineMaxLength(value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) return DEFAULT_INLINE_MAX_LENGTH;
  return Math.max(10, Math.floor(value));
}

export function hoverDetail(value: unknown): HoverDetail {
  return HOVER_DETAILS.includes(value as HoverDetail) ? (value as HoverDetail) : "full";
}
