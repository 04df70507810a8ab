import { renderLinks, validateLinkTemplate } from './links';

describe('renderLinks', () => {
  const templates = [
    {
      title: 'Grafana',
      kind: 'grafana' as const,
      url: 'https://g.example/d/w?var-ns={{namespace}}&var-wl={{workload}}&c={{cluster}}',
    },
    {
      title: 'Jaeger',
      kind: 'traces' as const,
      url: 'https://j.example/search?service={{service}}.{{namespace}}',
    },
  ];

  it('URL-encodes every value so names cannot change the URL', () => {
    const links = renderLinks(templates, {
      cluster: 'a&b=c',
      namespace: 'ns/../x',
      workload: 'w#frag?q=1',
      service: 'svc',
    });
    expect(links).toEqual([
      {
        title: 'Grafana',
        kind: 'grafana',
        url: 'https://g.example/d/w?var-ns=ns%2F..%2Fx&var-wl=w%23frag%3Fq%3D1&c=a%26b%3Dc',
      },
      {
        title: 'Jaeger',
        kind: 'traces',
        url: 'https://j.example/search?service=svc.ns%2F..%2Fx',
      },
    ]);
  });

  it('leaves out templates whose values are missing, and renders nothing without templates', () => {
    expect(
      renderLinks(templates, {
        cluster: 'c',
        namespace: 'n',
        workload: 'w',
      }).map(l => l.kind),
    ).toEqual(['grafana']);
    expect(
      renderLinks([], { cluster: 'c', namespace: 'n', workload: 'w' }),
    ).toEqual([]);
  });

  it('validates templates', () => {
    expect(() => validateLinkTemplate('https://x/{{workload}}')).not.toThrow();
    expect(() => validateLinkTemplate('https://x/{{token}}')).toThrow(
      /unknown placeholder \{\{token\}\}/,
    );
    expect(() =>
      validateLinkTemplate('ftp://files.example/{{workload}}'),
    ).toThrow(/http\(s\)/);
  });
});
