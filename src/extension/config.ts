// The extension's settings: names and defaults declared once, read through pure helpers.
// package.json's `contributes.configuration` must agree; test/extension/manifest.test.ts checks it.

export const CONFIG_SECTION = "autogradLens";
export const TIME_LIMIT_SETTING = "timeLimitSeconds";
export const DEFAULT_TIME_LIMIT_SECONDS = 30;

/** The time limit in seconds from a raw setting value; 0 (or a negative value) means no limit. */
export function timeLimitSeconds(value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) return DEFAULT_TIME_LIMIT_SECONDS;
  return Math.max(0, value);
}
