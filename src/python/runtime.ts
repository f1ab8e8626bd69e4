// Per-session interpreter state the compiled closures share: output, warnings, interrupts, depth.

import { keyboardInterrupt, PyException } from "./errors";
import type { Value } from "./values";

export class Runtime {
  stdout = "";
  warnings: string[] = [];
  shouldInterrupt: () => boolean = () => false;
  private ticks = 0;
  depth = 0;
  readonly maxDepth = 1000;

  constructor(readonly globals: Map<string, Value>, readonly builtins: Map<string, Value>) {}

  /** Called on every loop iteration and function call: cheap, and checks for Cancel now and then. */
  tick(): void {
    if (++this.ticks < 1024) return;
    this.ticks = 0;
    if (this.shouldInterrupt()) throw keyboardInterrupt();
  }

  enterCall(): void {
    if (++this.depth > this.maxDepth) {
      this.depth = 0;
      throw new PyException("RecursionError", "maximum recursion depth exceeded");
    }
    this.tick();
  }

  write(text: string): void {
    this.stdout += text;
  }
}
