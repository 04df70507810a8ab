import { FakeDirectory, deployment } from '../__testUtils__/fakeDirectory';
import type { InboundObservation } from './inbound';
import { looksLikeScraper, readinessOf } from './verdict';

const api = { cluster: 'platform', namespace: 'api', workload: 'public-api' };

const directory = Object.assign(
  new FakeDirectory([
    deployment(
      'platform',
      'api',
      'public-api',
      { ref: 'component:default/public-api', owner: 'group:default/web' },
      { membership: 'sidecar', service: 'public-api' },
    ),
    deployment(
      'platform',
      'web',
      'frontend',
      { ref: 'component:default/web', owner: 'group:default/web' },
      { membership: 'sidecar' },
    ),
    deployment('platform', 'legacy', 'reporter', undefined, {
      membership: 'none',
    }),
    deployment('platform', 'batch', 'half', undefined, {
      membership: 'partial',
    }),
    deployment('platform', 'beacons', 'beacon', undefined, {
      membership: 'sidecar',
    }),
    deployment('platform', 'monitoring', 'prometheus-k8s', undefined, {
      membership: 'none',
    }),
  ]),
  {
    clientTlsToward: (client: { namespace: string }, host: string) =>
      client.namespace === 'beacons' &&
      host === 'public-api.api.svc.cluster.local'
        ? ('plaintext' as const)
        : undefined,
  },
);

const caller = (
  workload: [string, string] | undefined,
  plaintext: number,
  total = plaintext,
) => ({
  ...(workload
    ? {
        source: {
          cluster: 'platform',
          namespace: workload[0],
          workload: workload[1],
        },
      }
    : {}),
  requests: total,
  plaintextRequests: plaintext,
  connections: 0,
  plaintextConnections: 0,
  lastPlaintext: plaintext > 0 ? '2026-12-06T10:00:00.000Z' : undefined,
});

function judge(
  callers: InboundObservation['callers'],
  scrapePorts: number[] = [],
) {
  return readinessOf([{ destination: api, callers }], {
    directory,
    scrapePortsOf: () => scrapePorts,
  })[0];
}

describe('STRICT readiness verdict', () => {
  it('ready: traffic observed, all of it mTLS', () => {
    const r = judge([caller(['web', 'frontend'], 0, 100)]);
    expect(r.verdict).toBe('ready');
    expect(r.blockers).toEqual([]);
    expect(r.workloadId).toBe('platform/api/Deployment/public-api');
  });

  it('unknown, never ready: no traffic observed in the window', () => {
    const [r] = readinessOf([], { directory, scrapePortsOf: () => [] }, [api]);
    expect(r.verdict).toBe('unknown');
  });

  it('M1, M6: an out-of-mesh caller blocks: inject it; a partly meshed one: restart it', () => {
    const r = judge([
      caller(['legacy', 'reporter'], 5),
      caller(['batch', 'half'], 2, 4),
    ]);
    expect(r.verdict).toBe('blocked');
    expect(r.blockers.map(b => [b.source?.workload, b.reason])).toEqual([
      ['reporter', 'out-of-mesh'],
      ['half', 'out-of-mesh'],
    ]);
    expect(r.blockers[0].action).toMatch(/^Inject a sidecar/);
    expect(r.blockers[1].action).toMatch(/^Restart the pods/);
    expect(r.blockers[0].lastSeen).toBe('2026-12-06T10:00:00.000Z');
  });

  it('O1: a caller the destination could not name is external: terminate it at a gateway', () => {
    const r = judge([caller(undefined, 3)]);
    expect(r.blockers).toEqual([
      expect.objectContaining({ reason: 'external', plaintextRequests: 3 }),
    ]);
  });

  it('E10: a meshed caller whose DestinationRule disables TLS: change the rule first', () => {
    const r = judge([caller(['beacons', 'beacon'], 2)]);
    expect(r.blockers).toEqual([
      expect.objectContaining({ reason: 'destination-rule' }),
    ]);
    expect(r.blockers[0].action).toContain('public-api.api.svc.cluster.local');
  });

  it('a scraper on a declared scrape port never blocks: it gets a port exception', () => {
    const r = judge(
      [
        caller(['monitoring', 'prometheus-k8s'], 10),
        caller(['web', 'frontend'], 0, 50),
      ],
      [15090, 9090, 9090],
    );
    expect(r.verdict).toBe('ready');
    expect(r.scrapers).toEqual([
      expect.objectContaining({ reason: 'scraper' }),
    ]);
    expect(r.portExceptions).toEqual([9090, 15090]);
    // Named as the workload it is, so the service layer can show it.
    expect(r.scrapers[0].workloadId).toBe(
      'platform/monitoring/Deployment/prometheus-k8s',
    );
  });

  it('a scraper identity without a declared scrape port is an ordinary caller (Istio metrics carry no port)', () => {
    const r = judge([caller(['monitoring', 'prometheus-k8s'], 10)]);
    expect(r.verdict).toBe('blocked');
    expect(r.blockers[0].reason).toBe('out-of-mesh');
    expect(r.blockers[0].action).toMatch(
      /^Inject a sidecar into monitoring\/prometheus-k8s .* declare the port it scrapes \(prometheus\.io\/port with metrics merging off/,
    );
    expect(r.portExceptions).toEqual([]);
  });

  it('names the blocking caller by entity and owner', () => {
    const r = readinessOf(
      [
        {
          destination: {
            cluster: 'platform',
            namespace: 'legacy',
            workload: 'reporter',
          },
          callers: [caller(['web', 'frontend'], 1)],
        },
      ],
      { directory, scrapePortsOf: () => [] },
    )[0];
    expect(r.blockers[0]).toMatchObject({
      reason: 'unexplained',
      entityRef: 'component:default/web',
      owner: 'group:default/web',
      workloadId: 'platform/web/Deployment/frontend',
    });
  });

  it('recognises the usual scrapers by name', () => {
    const name = (namespace: string, workload: string) =>
      looksLikeScraper({ cluster: 'c', namespace, workload });
    expect(name('monitoring', 'anything')).toBe(true);
    expect(name('obs', 'prometheus-k8s')).toBe(true);
    expect(name('obs', 'otel-collector')).toBe(true);
    expect(name('web', 'frontend')).toBe(false);
    expect(name('web', 'prometheusish')).toBe(false);
  });
});
