// Errors the engine raises, tagged with the Python exception type PyTorch raises for them.

export type TorchErrorType = "RuntimeError" | "TypeError" | "ValueError" | "IndexError";

export class TorchError extends Error {
  constructor(readonly pythonType: TorchErrorType, message: string) {
    super(message);
  }
}

export function runtimeError(message: string): TorchError {
  return new TorchError("RuntimeError", message);
}

/** `once`: PyTorch's TORCH_WARN_ONCE, shown the first time per session only. */
export type WarningSink = (category: string, message: string, once: boolean) => void;

let sink: WarningSink = () => undefined;

/** The interpreter routes engine warnings into the running cell's warning list. */
export function setWarningSink(next: WarningSink): WarningSink {
  const previous = sink;
  sink = next;
  return previous;
}

export function warn(category: string, message: string, once = false): void {
  sink(category, message, once);
}
