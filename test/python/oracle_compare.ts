// Comparing our cell output with real PyTorch's, with the oracle's normalisation: object addresses
// are masked, and only full-precision numbers may differ, by a few float32 ulps.

import type { CellResult } from "../../src/result";

type Output = Pick<CellResult, "stdout" | "display" | "error" | "warnings">;

const NUMBER = /-?\d+\.\d+(?:e[-+]?\d+)?|-?\d+(?:e[-+]?\d+)/g;
const ADDRESS = /\bat 0x[0-9a-fA-F]+\b/g;

function normalize(s: string | null): string {
  return (s ?? "").replace(ADDRESS, "at 0xADDR");
}

export function textsAgree(got: string | null, want: string | null): boolean {
  const a = normalize(got);
  const b = normalize(want);
  if (a === b) return true;
  if (a.split(NUMBER).join("\u0000") !== b.split(NUMBER).join("\u0000")) return false;
  const na = a.match(NUMBER) ?? [];
  const nb = b.match(NUMBER) ?? [];
  if (na.length !== nb.length) return false;
  return na.every((x, i) => {
    const y = nb[i];
    if (x === y) return true;
    if (x.replace(/[-.]/g, "").length < 9) return false;
    const fx = Number(x);
    const fy = Number(y);
    return Math.abs(fx - fy) <= 5e-7 * Math.max(Math.abs(fx), Math.abs(fy), 1e-30);
  });
}

export function outputsAgree(got: Output, want: Output): boolean {
  return textsAgree(got.stdout, want.stdout)
    && textsAgree(got.display, want.display)
    && textsAgree(got.error, want.error)
    && JSON.stringify(got.warnings.map(normalize)) === JSON.stringify(want.warnings.map(normalize));
}
