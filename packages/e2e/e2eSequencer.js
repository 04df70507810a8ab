/*
 * Runs the end-to-end files in a fixed order rather than Jest's default
 * (slowest first): the fault tests restart the backend and stop a Prometheus,
 * so they go last, after the browser tests and the load test.
 */
// eslint-disable-next-line @backstage/no-undeclared-imports
const Sequencer = require('@jest/test-sequencer').default;

const ORDER = [
  'catalog',
  'servicePage',
  'drawer',
  'auditExplorer',
  'readiness',
  'techInsights',
  'widths',
  'liveChange',
  'load',
  'faults',
];

function rank(testPath) {
  const name = testPath
    .split('/')
    .pop()
    .replace(/\.e2e\.ts$/, '');
  const index = ORDER.indexOf(name);
  return index === -1 ? ORDER.length - 1 : index;
}

class E2eSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort(
      (a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path),
    );
  }
}

module.exports = E2eSequencer;
