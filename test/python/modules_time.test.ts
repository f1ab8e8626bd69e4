// time: clocks return the right types and never go backwards; sleep() returns at once and moves
// the clocks forward instead of blocking the evaluation worker.

import assert from "node:assert/strict";
import { Session } from "../../src/python/session";
import { locateWasmInNode } from "../../src/python/wasm_node";

describe("time module", () => {
  let session: Session;
  before(async () => {
    session = await Session.create({ locateWasm: locateWasmInNode });
    session.runCell("import time");
  });

  it("returns floats from the clocks and ints from the _ns clocks", () => {
    const types = "[type(f()).__name__ for f in (time.time, time.perf_counter, time.monotonic, time.process_time)]";
    assert.equal(session.runCell(types).display, "['float', 'float', 'float', 'float']");
    assert.equal(session.runCell("type(time.time_ns()).__name__, time.time_ns() > 10**18").display, "('int', True)");
  });

  it("keeps every clock monotonic", () => {
    const code = "ok = True\nfor f in (time.time, time.perf_counter, time.monotonic, time.process_time):\n"
      + "    a = f(); b = f(); ok = ok and b >= a\nok";
    assert.equal(session.runCell(code).display, "True");
  });

  it("sleeps on a virtual clock without blocking", () => {
    const started = Date.now();
    const result = session.runCell("t = time.perf_counter(); w = time.time(); time.sleep(1000)\n"
      + "time.perf_counter() - t >= 1000, time.time() - w >= 1000, time.sleep(0) is None");
    assert.equal(result.display, "(True, True, True)");
    assert.ok(Date.now() - started < 5000);
  });

  it("rejects what time.sleep rejects", () => {
    assert.equal(session.runCell("time.sleep(-1)").error, "ValueError: sleep length must be non-negative");
    assert.equal(session.runCell("time.sleep('1')").error, "TypeError: 'str' object cannot be interpreted as an integer");
  });
});
