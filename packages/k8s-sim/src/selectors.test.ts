import {
  SelectorError,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';

describe('parseLabelSelector', () => {
  const labels = { app: 'frontend', tier: 'web', version: 'v2', release: '12' };

  it.each([
    ['', true],
    ['app=frontend', true],
    ['app==frontend', true],
    ['app=api', false],
    ['app!=api', true],
    ['app!=frontend', false],
    ['missing!=x', true],
    ['app in (api, frontend)', true],
    ['app in (api,db)', false],
    ['app notin (api,db)', true],
    ['app notin (frontend)', false],
    ['missing notin (a)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['app=frontend,tier=web', true],
    ['app=frontend,tier=batch', false],
    ['app in (frontend),!missing,version', true],
    ['release>10', true],
    ['release<10', false],
    ['app>1', false],
    ['  app = frontend ,  tier  ', true],
  ])('%j matches %s', (selector, expected) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(expected);
  });

  it('treats missing labels as an empty map', () => {
    expect(parseLabelSelector('!app').matches(undefined)).toBe(true);
    expect(parseLabelSelector('app').matches(undefined)).toBe(false);
  });

  it('accepts prefixed keys', () => {
    expect(
      parseLabelSelector('app.kubernetes.io/name=x').matches({
        'app.kubernetes.io/name': 'x',
      }),
    ).toBe(true);
  });

  it.each([
    'app in frontend',
    'app in (a b)',
    '=x',
    'app=frontend tier=web',
    'app=(x)',
    'bad key=x',
    'Upper.Case/x=y',
    'release>abc',
    'app in (a,b',
  ])('rejects %j', selector => {
    expect(() => parseLabelSelector(selector)).toThrow(SelectorError);
  });
});

describe('parseFieldSelector', () => {
  const supported = ['metadata.name', 'metadata.namespace', 'status.phase'];
  const values: Record<string, string> = {
    'metadata.name': 'api-0',
    'metadata.namespace': 'web',
    'status.phase': 'Running',
  };
  const valueOf = (field: string) => values[field] ?? '';

  it.each([
    ['', true],
    ['metadata.name=api-0', true],
    ['metadata.name==api-0', true],
    ['metadata.name!=api-0', false],
    ['metadata.namespace=web,metadata.name=api-0', true],
    ['metadata.namespace=web,metadata.name=other', false],
    ['metadata.namespace!=kube-system', true],
    ['status.phase=Running', true],
  ])('%j matches %s', (selector, expected) => {
    expect(parseFieldSelector(selector, supported).matches(valueOf)).toBe(
      expected,
    );
  });

  it('unescapes values', () => {
    const selector = parseFieldSelector('metadata.name=a\\,b\\=c', supported);
    expect(selector.matches(() => 'a,b=c')).toBe(true);
  });

  it('rejects unsupported fields as the API server does', () => {
    expect(() => parseFieldSelector('spec.nodeName=x', supported)).toThrow(
      'field label not supported: spec.nodeName',
    );
  });

  it('rejects terms without an operator', () => {
    expect(() => parseFieldSelector('metadata.name', supported)).toThrow(
      SelectorError,
    );
  });
});
