// Mocha reporter: the usual spec output, plus the pass/fail counts written as JSON to the file named by
// RAW_HTTP_TEST_RESULTS, so scripts/test.mjs can total every suite into one "N passed, M failed" line.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.RAW_HTTP_TEST_RESULTS;
      if (file) {
        const { passes, failures, pending } = runner.stats ?? this.stats;
        fs.writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending }));
      }
    });
  }
}

module.exports = CountingReporter;
