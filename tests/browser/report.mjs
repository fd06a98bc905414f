// report.mjs - the test's output: one line per check ("ok" or "FAIL" and why), and the
// closing count that decides the exit status. Checks that run side by side write into a
// buffer of their own (buffer()), printed in order by flush().

function makeChecker(record) {
  const checker = {};
  checker.ok = (name) => record({ name, why: null });
  checker.fail = (name, why) => record({ name, why: String(why) });
  // Runs one check: it passes unless fn throws. Gives whether it passed.
  checker.check = async (name, fn) => {
    try {
      await fn();
      checker.ok(name);
      return true;
    } catch (err) {
      checker.fail(name, err && err.message ? err.message : err);
      return false;
    }
  };
  return checker;
}

export function makeReport() {
  const counts = { passed: 0, failed: 0 };
  const print = ({ name, why }) => {
    if (why === null) {
      counts.passed += 1;
      console.log(`ok   ${name}`);
      return;
    }
    counts.failed += 1;
    console.log(`FAIL ${name}`);
    for (const line of why.split('\n'))
      console.log(`     ${line}`);
  };
  const report = makeChecker(print);
  report.buffer = () => {
    const lines = [];
    const buffered = makeChecker((entry) => lines.push(entry));
    buffered.lines = lines;
    return buffered;
  };
  report.flush = (buffered) => buffered.lines.forEach(print);
  report.summary = () => {
    console.log(`browser: ${counts.passed} passed, ${counts.failed} failed`);
    return counts.failed === 0;
  };
  return report;
}
