import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// A test's verdict must not depend on the machine's speed. The first render
// of a page or of the traffic graph took 1.4-1.8 s on a busy 2-core machine,
// past Testing Library's default 1 s for findBy*/waitFor, so every wait here
// gets a generous limit; a passing wait still returns as soon as it holds.
// Jest's per-test limit (default 5 s) only guards against hangs: a test with
// several interactions took over a minute at a load average of 24.
configure({ asyncUtilTimeout: 20_000 });
jest.setTimeout(180_000);

// jsdom has no SVG layout. DependencyGraph measures nodes and labels with
// getBBox to lay the graph out; a fixed box is enough for tests that check
// what is drawn, not where.
Object.defineProperty(window.SVGElement.prototype, 'getBBox', {
  configurable: true,
  value: () => ({ x: 0, y: 0, width: 120, height: 40 }),
});
