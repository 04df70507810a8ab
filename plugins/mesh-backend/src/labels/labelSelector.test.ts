import {
  labelSelectorMatches,
  matchesLabels,
  parseLabelSelector,
  requirementsOf,
} from './labelSelector';

const labels = { app: 'web', tier: 'frontend', canary: '' };

describe('label selectors, string and object forms', () => {
  it.each([
    ['app=web', { matchLabels: { app: 'web' }, matchExpressions: [] }, true],
    [
      'tier in (frontend,backend),!debug',
      {
        matchLabels: {},
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['frontend', 'backend'] },
          { key: 'debug', operator: 'DoesNotExist', values: [] },
        ],
      },
      true,
    ],
    [
      'app!=web',
      {
        matchLabels: {},
        matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }],
      },
      false,
    ],
    [
      'canary',
      {
        matchLabels: {},
        matchExpressions: [{ key: 'canary', operator: 'Exists', values: [] }],
      },
      true,
    ],
  ])('%s means the same in both forms', (text, object, expected) => {
    expect(matchesLabels(parseLabelSelector(text), labels)).toBe(expected);
    expect(labelSelectorMatches(object, labels)).toBe(expected);
  });

  it('matches everything with an empty object selector, nothing with an unknown operator (Kubernetes semantics)', () => {
    expect(
      labelSelectorMatches({ matchLabels: {}, matchExpressions: [] }, labels),
    ).toBe(true);
    const unknown = {
      matchLabels: {},
      matchExpressions: [{ key: 'app', operator: 'Like', values: ['web'] }],
    };
    expect(requirementsOf(unknown)).toEqual([
      { key: 'app', operator: 'invalid' },
    ]);
    expect(labelSelectorMatches(unknown, labels)).toBe(false);
  });
});
