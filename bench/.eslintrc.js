module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // The benchmarks measure both plugins, frontend and backend, through
    // their published entry points (including `/testUtils`); mixing them is
    // the point of this package, which nothing else depends on.
    '@backstage/no-mixed-plugin-imports': 'off',
  },
});
