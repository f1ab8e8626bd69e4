// The real-world corpus (test/fixtures/corpus/*.py: tutorials, docs, d2l, micrograd, forum and blog
// snippets; the .json beside each is what real PyTorch printed, made by generate_corpus.sh) replayed
// through the interpreter. The share of agreeing cells may not fall below floor.json, and every cell
// listed in passing.json must still agree. `npx tsx test/fixtures/corpus/update.ts` raises both.

import assert from "node:assert/strict";
import {
  loadFloor, loadPassing, percentAgreeing, runCorpus, summaryLine, type CorpusRun,
} from "../fixtures/corpus/agreement";

describe("real-world corpus against real PyTorch", function () {
  this.timeout(600_000);
  let run: CorpusRun;

  before(async () => {
    run = await runCorpus();
    console.log(`      ${summaryLine(run)}`);
  });

  it("agreement stays at or above floor.json", () => {
    const floor = loadFloor();
    assert.ok(percentAgreeing(run) >= floor, `${summaryLine(run)}, below the floor of ${floor}%`);
  });

  it("every cell listed in passing.json still agrees", () => {
    const regressions: string[] = [];
    for (const [file, cells] of Object.entries(loadPassing())) {
      const failures = run.files.get(file);
      if (!failures) {
        regressions.push(`${file}: listed in passing.json but no longer in the corpus`);
        continue;
      }
      for (const cell of cells) {
        const failure = failures.get(cell);
        if (failure) regressions.push(`${file} ${failure}`);
      }
    }
    assert.deepEqual(regressions, []);
  });
});
