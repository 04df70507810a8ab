/**
 * Route enumeration: every route of `schema/openapi.yaml`, called on the real
 * plugin by a user from whom one entity is hidden, names nothing of that
 * entity: not its workloads, the namespace only it runs in, its owner, its
 * ref, title or system, in any field of any answer (findings, services,
 * graph nodes, history keys, CSV cells, error text). A route added to the
 * document without probes here fails the test, so none can be forgotten.
 *
 * The fixture (see `__testUtils__/securityBackend.ts`) is hidden two ways:
 * by the catalog (entity routes answer 404, as for a missing entity) and by
 * a policy denying `mesh.entity.read` (403).
 */
import type {
  EntityMeshResponse,
  EntityReadinessResponse,
} from '@mesh-portal/plugin-mesh-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { callApi, findTerms, type ApiAnswer } from './__testUtils__/callApi';
import {
  GREEDY_REF,
  HIDDEN_REF,
  HIDDEN_TERMS,
  startSecurityBackend,
  VISIBLE_REF,
  type HideBy,
  type SecurityBackend,
} from './__testUtils__/securityBackend';

const document = parse(
  fs.readFileSync(path.join(__dirname, 'schema/openapi.yaml'), 'utf8'),
);

/** Every `METHOD /path` of the OpenAPI document. */
function documentRoutes(): string[] {
  return Object.entries(document.paths as Record<string, object>)
    .flatMap(([route, operations]) =>
      Object.keys(operations).map(method => `${method.toUpperCase()} ${route}`),
    )
    .sort();
}

const nameOf = (ref: string) => ref.split('/')[1];
const MISSING = 'no-such-service';

/** What an entity probe asks for. */
type Target = 'visible' | 'greedy' | 'hidden' | 'missing';

interface Probe {
  path: string;
  target?: Target;
  /** The status expected whatever the way of hiding (routes not keyed by entity). */
  status?: number;
}

/** Entity routes: a visible entity, the greedy one, the hidden one, a missing one. */
function entityProbes(prefix: string, queries: string[] = ['']): Probe[] {
  const targets: [Target, string][] = [
    ['visible', nameOf(VISIBLE_REF)],
    ['greedy', nameOf(GREEDY_REF)],
    ['hidden', nameOf(HIDDEN_REF)],
    ['missing', MISSING],
  ];
  return targets.flatMap(([target, name]) =>
    queries.map(query => ({
      path: `${prefix}/default/component/${name}${query}`,
      target,
    })),
  );
}

const plain = (...paths: string[]): Probe[] => paths.map(p => ({ path: p }));

/**
 * Valid calls of every route. Filters name the hidden entity's namespace,
 * owner and system too: an answer must not differ by showing them.
 */
const PROBES: Record<string, Probe[]> = {
  'GET /health': plain('/health'),
  'GET /entity/{namespace}/{kind}/{name}': entityProbes('/entity'),
  'GET /graph/entity/{namespace}/{kind}/{name}': entityProbes('/graph/entity', [
    '',
    '?depth=3',
    '?view=service&depth=2',
  ]),
  'GET /mtls/entity/{namespace}/{kind}/{name}': entityProbes('/mtls/entity'),
  // Edge ends are workload ids: an edge with a hidden end (or a contested
  // one, claimed by the hidden entity too) answers 404 like a missing one.
  'GET /edge': [
    {
      path: '/edge?source=east/shop/Deployment/toolbox&destination=east/shop/Deployment/storefront',
      status: 200,
    },
    {
      path: '/edge?source=east/shop/Deployment/vault-broker&destination=east/shop/Deployment/storefront',
      status: 404,
    },
    {
      path: '/edge?source=east/shop/Deployment/storefront&destination=east/shop/Deployment/vault-broker&window=1h',
      status: 404,
    },
    {
      path: '/edge?source=east/vault-secrets/Deployment/vault-keeper&destination=east/shop/Deployment/storefront',
      status: 404,
    },
    {
      path: '/edge?source=east/shop/Deployment/storefront&destination=west/shop/Deployment/vault-broker',
      status: 404,
    },
    {
      path: '/edge?source=east/shop/Deployment/no-such-workload&destination=east/shop/Deployment/storefront',
      status: 404,
    },
  ],
  'GET /readiness/entity/{namespace}/{kind}/{name}': entityProbes(
    '/readiness/entity',
    ['', '?window=1d'],
  ),
  'GET /readiness/audit': plain(
    '/readiness/audit',
    '/readiness/audit?window=14d',
  ),
  'GET /audit': plain(
    '/audit',
    '/audit?limit=1000',
    '/audit?sort=owner&order=desc&limit=1000',
    '/audit?sort=entity&limit=1000',
    '/audit?cluster=west&limit=1000',
    '/audit?namespace=shop&limit=1000',
    '/audit?namespace=vault-secrets',
    '/audit?owner=group:default/team-vault',
    '/audit?system=system:default/vault-platform',
    '/audit?q=vault',
    '/audit?notStrict=true&limit=1000',
  ),
  'GET /audit/export.csv': plain(
    '/audit/export.csv',
    '/audit/export.csv?sort=workload&order=desc',
    '/audit/export.csv?q=vault',
    '/audit/export.csv?namespace=vault-secrets',
  ),
  'GET /audit/findings': plain(
    '/audit/findings',
    '/audit/findings?q=vault',
    '/audit/findings?namespace=vault-secrets',
    '/audit/findings?severity=warning&limit=1000',
  ),
  'GET /audit/history': plain(
    '/audit/history',
    '/audit/history?groupBy=all',
    '/audit/history?groupBy=owner',
    '/audit/history?groupBy=cluster',
    '/audit/history?groupBy=namespace',
    '/audit/history?groupBy=namespace&key=vault-secrets',
    '/audit/history?groupBy=owner&key=owner:group:default/team-vault',
  ),
  'GET /clusters': plain('/clusters'),
  'GET /graph/mesh': plain(
    '/graph/mesh',
    '/graph/mesh?view=service',
    '/graph/mesh?limit=5000',
    '/graph/mesh?cluster=west',
    '/graph/mesh?namespace=shop',
    '/graph/mesh?namespace=vault-secrets',
    '/graph/mesh?owner=group:default/team-vault',
    '/graph/mesh?includeIdle=true',
    '/graph/mesh?includeIdle=true&view=service',
    '/graph/mesh?includeIdle=true&namespace=vault-secrets',
  ),
};

/** The status each probe must get, per way of hiding. */
function expectedStatus(probe: Probe, hideBy: HideBy): number {
  if (probe.status !== undefined) return probe.status;
  if (probe.target === 'missing') return 404;
  if (probe.target === 'hidden') return hideBy === 'catalog' ? 404 : 403;
  return 200;
}

/**
 * The answer with what merely echoes the caller's own input removed: the
 * `request` block of an error body, and the requested ref in its message.
 * Echoing what the caller typed reveals nothing.
 */
function withoutEcho(answer: ApiAnswer, probe: Probe): ApiAnswer {
  const body = answer.json as
    | { error?: { message?: string }; request?: unknown }
    | undefined;
  if (answer.status < 400 || !body || typeof body !== 'object') return answer;
  const { request: _echo, ...rest } = body;
  const requested =
    probe.target === 'hidden' ? HIDDEN_REF : `component:default/${MISSING}`;
  const message = rest.error?.message?.split(requested).join('<requested>');
  return {
    ...answer,
    json: { ...rest, error: { ...rest.error, message } },
  };
}

describe.each<HideBy>(['catalog', 'permission'])(
  'route visibility, entity hidden by the %s',
  hideBy => {
    let backend: SecurityBackend;
    const call = (p: string, as: 'caller' | 'admin' = 'caller') =>
      callApi(backend.baseUrl, p, backend.headers[as]);

    beforeAll(async () => {
      backend = await startSecurityBackend({ hideBy });
    }, 120_000);

    afterAll(async () => {
      await backend?.stop();
    });

    it('has probes for every route of openapi.yaml, and for no other', () => {
      expect(Object.keys(PROBES).sort()).toEqual(documentRoutes());
    });

    it('holds the hidden data: a user allowed everything sees all of it', async () => {
      const audit = await call('/audit?limit=1000', 'admin');
      expect(audit.status).toBe(200);
      for (const term of ['vault-broker', 'vault-keeper', 'vault-secrets']) {
        expect(audit.text).toContain(term);
      }
      const page = await call(
        `/entity/default/component/vault-broker`,
        'admin',
      );
      expect(page.status).toBe(200);
      const body = page.json as EntityMeshResponse;
      expect(body.workloads.map(w => w.id).sort()).toEqual([
        'east/shop/Deployment/vault-broker',
        'east/vault-secrets/Deployment/vault-keeper',
        'east/vault-secrets/Deployment/vault-rotator',
        'west/shop/Deployment/vault-broker',
      ]);
      // The findings that list other workloads than the entity's own.
      expect(body.findings.map(f => f.code)).toEqual(
        expect.arrayContaining([
          'MESH-PA-MULTIPLE-NAMESPACE-WIDE',
          'MESH-SERVICE-PORT-NO-PROTOCOL',
          'MESH-MULTICLUSTER-MODE-MISMATCH',
        ]),
      );
      expect((await call('/graph/mesh', 'admin')).text).toContain(
        'vault-keeper',
      );
      expect(
        (await call('/audit/history?groupBy=namespace', 'admin')).text,
      ).toContain('vault-secrets');
    }, 60_000);

    it("idle workloads (issue 18): listed on request, the hidden entity's only to a user allowed everything", async () => {
      type Nodes = { nodes: { id: string; idle?: boolean }[] };
      const idleOf = async (p: string, as?: 'admin') =>
        ((await call(p, as)).json as Nodes).nodes
          .filter(n => n.idle)
          .map(n => n.id);
      const ROTATOR = 'east/vault-secrets/Deployment/vault-rotator';
      expect(await idleOf('/graph/mesh', 'admin')).toEqual([]);
      expect(await idleOf('/graph/mesh?includeIdle=true', 'admin')).toContain(
        ROTATOR,
      );
      const mine = await idleOf('/graph/mesh?includeIdle=true');
      expect(mine).not.toContain(ROTATOR);
      expect(mine.every(id => !id.includes('vault'))).toBe(true);
    }, 60_000);

    it('shows the caller the visible entity, the shared namespace and the unowned workload', async () => {
      const audit = await call('/audit?limit=1000');
      expect(audit.status).toBe(200);
      expect(audit.text).toContain('"storefront"');
      expect(audit.text).toContain('"toolbox"');
      const page = await call('/entity/default/component/storefront');
      expect(page.status).toBe(200);
      expect(
        (page.json as EntityMeshResponse).workloads.map(w => w.id),
      ).toContain('east/shop/Deployment/storefront');
      const graph = await call('/graph/entity/default/component/storefront');
      expect(graph.status).toBe(200);
      expect(graph.text).toContain('storefront');
    }, 60_000);

    it('readiness: the caller sees its blockers, with the callers it may not see summed into one anonymous entry', async () => {
      const route = '/readiness/entity/default/component/storefront';
      const mine = (await call(route)).json as EntityReadinessResponse;
      const east = (body: EntityReadinessResponse) =>
        body.workloads.find(
          w => w.workloadId === 'east/shop/Deployment/storefront',
        )!;
      expect(east(mine)).toMatchObject({
        state: 'blocked',
        mode: 'PERMISSIVE',
      });
      // vault-broker (3) and vault-keeper (1) are hidden; the caller from an
      // unmapped cluster id (1) is never named.
      expect(east(mine).blockers).toEqual([
        expect.objectContaining({
          reason: 'hidden',
          plaintextRequests: 5,
          plaintextConnections: 100,
        }),
      ]);
      expect(
        mine.workloads.find(
          w => w.workloadId === 'west/shop/Deployment/storefront',
        )?.state,
      ).toBe('strict');
      // The namespace holds a workload the caller may not see: no proposal.
      expect(
        mine.namespaces.find(
          n => n.cluster === 'east' && n.namespace === 'shop',
        ),
      ).toMatchObject({ state: 'blocked' });
      expect(mine.namespaces.every(n => !n.proposal)).toBe(true);

      const all = (await call(route, 'admin')).json as EntityReadinessResponse;
      expect(
        east(all).blockers.map(b => [b.workload ?? '(hidden)', b.reason]),
      ).toEqual(
        expect.arrayContaining([
          ['vault-broker', 'unexplained'],
          ['vault-keeper', 'unexplained'],
          ['(hidden)', 'hidden'],
        ]),
      );
    }, 60_000);

    it.each(documentRoutes())(
      '%s names nothing of the hidden entity',
      async route => {
        const probes = PROBES[route] ?? [];
        // A route of the document without probes here fails: add its calls
        // to PROBES when adding it to openapi.yaml.
        expect({ route, probes: probes.length > 0 }).toEqual({
          route,
          probes: true,
        });
        const problems: string[] = [];
        const answers = new Map<Target, ApiAnswer>();
        for (const probe of probes) {
          const answer = await call(probe.path);
          const expected = expectedStatus(probe, hideBy);
          if (answer.status !== expected) {
            problems.push(
              `${probe.path}: status ${
                answer.status
              }, expected ${expected}: ${answer.text.slice(0, 200)}`,
            );
          }
          if (probe.target && !answers.has(probe.target)) {
            answers.set(probe.target, answer);
          }
          for (const leak of findTerms(
            withoutEcho(answer, probe),
            HIDDEN_TERMS,
          )) {
            problems.push(`${probe.path} ${leak}`);
          }
        }
        // Hidden by the catalog, the entity must look exactly like a missing one.
        const hidden = answers.get('hidden');
        const missing = answers.get('missing');
        if (hideBy === 'catalog' && hidden && missing) {
          const shape = (answer: ApiAnswer, probe: Probe) => {
            const body = withoutEcho(answer, probe).json as any;
            return { status: answer.status, error: body?.error };
          };
          const hiddenShape = shape(hidden, { path: '', target: 'hidden' });
          const missingShape = shape(missing, { path: '', target: 'missing' });
          if (JSON.stringify(hiddenShape) !== JSON.stringify(missingShape)) {
            problems.push(
              `hidden and missing entity differ: ${JSON.stringify(
                hiddenShape,
              )} vs ${JSON.stringify(missingShape)}`,
            );
          }
        }
        expect(problems).toEqual([]);
      },
      60_000,
    );
  },
);
