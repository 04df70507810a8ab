import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadClusterObjects } from './loadClusterObjects';
import { FIXED_NOW, FIXTURES_DIR } from './__testUtils__/httpClient';

function find(
  objects: Awaited<ReturnType<typeof loadClusterObjects>>['objects'],
  kind: string,
  name: string,
) {
  const found = objects.find(o => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

describe('loadClusterObjects', () => {
  it('expands multi-document files and kind: List exports', async () => {
    const { objects } = await loadClusterObjects(
      path.join(FIXTURES_DIR, 'alpha'),
    );
    const kinds = new Set(objects.map(o => o.kind));
    for (const kind of [
      'Namespace',
      'Pod',
      'Deployment',
      'ReplicaSet',
      'Service',
      'Endpoints',
      'EndpointSlice',
      'ConfigMap',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'CronJob',
      'PeerAuthentication',
      'DestinationRule',
      'MutatingWebhookConfiguration',
    ]) {
      expect(kinds).toContain(kind);
    }
    expect(objects.filter(o => o.kind === 'Pod')).toHaveLength(5);
  });

  it('reads JSON typed lists and keeps uid and resourceVersion given', async () => {
    const { objects } = await loadClusterObjects(
      path.join(FIXTURES_DIR, 'beta'),
    );
    const pod = find(objects, 'Pod', 'runner-0');
    expect(pod.metadata.uid).toBe('11111111-2222-3333-4444-555555555555');
    expect(pod.metadata.resourceVersion).toBe('4242');
  });

  it('fills in what real objects always have', async () => {
    const { objects } = await loadClusterObjects(
      path.join(FIXTURES_DIR, 'alpha'),
      { now: FIXED_NOW },
    );
    const legacy = find(objects, 'Pod', 'legacy');
    expect(legacy.metadata.namespace).toBe('default');
    expect(legacy.metadata.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(legacy.metadata.creationTimestamp).toBe('2025-06-01T12:00:00Z');
    expect(legacy.metadata.resourceVersion).toMatch(/^\d+$/);
    // Cluster-scoped kinds never carry a namespace.
    expect(
      find(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector')
        .metadata.namespace,
    ).toBeUndefined();
  });

  it('keeps a manifest creationTimestamp (oldest-policy rules depend on it)', async () => {
    const { objects } = await loadClusterObjects(
      path.join(FIXTURES_DIR, 'alpha'),
      { now: FIXED_NOW },
    );
    expect(
      find(objects, 'PeerAuthentication', 'default').metadata.creationTimestamp,
    ).toBe('2023-01-01T00:00:00Z');
  });

  it('generates the same UIDs on every load, distinct per cluster', async () => {
    const dir = path.join(FIXTURES_DIR, 'alpha');
    const first = await loadClusterObjects(dir);
    const second = await loadClusterObjects(dir);
    const other = await loadClusterObjects(dir, { cluster: 'other' });
    const uid = (r: typeof first) =>
      find(r.objects, 'Pod', 'api-0').metadata.uid;
    expect(uid(first)).toBe(uid(second));
    expect(uid(first)).not.toBe(uid(other));
  });

  it('creates namespaces that objects use but the manifests lack', async () => {
    const { objects } = await loadClusterObjects(
      path.join(FIXTURES_DIR, 'beta'),
    );
    const names = objects
      .filter(o => o.kind === 'Namespace')
      .map(o => o.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining(['compute', 'default', 'kube-system']),
    );
  });

  it('skips kinds it does not serve, with a warning', async () => {
    const { objects, warnings } = await loadClusterObjects(
      path.join(FIXTURES_DIR, 'alpha'),
    );
    expect(objects.some(o => o.kind === 'Secret')).toBe(false);
    expect(warnings).toEqual([
      expect.stringMatching(/20-istio\.yaml: v1 Secret is not served; skipped/),
    ]);
  });

  describe('with bad input', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'k8s-sim-load-'));
    });
    afterEach(async () => {
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('names the file of a YAML syntax error', async () => {
      await fs.writeFile(
        path.join(dir, 'broken.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n',
      );
      await expect(loadClusterObjects(dir)).rejects.toThrow(
        /invalid YAML in .*broken\.yaml/,
      );
    });

    it('names the file of a JSON syntax error', async () => {
      await fs.writeFile(path.join(dir, 'broken.json'), '{"kind": "Pod",');
      await expect(loadClusterObjects(dir)).rejects.toThrow(
        /invalid JSON in .*broken\.json/,
      );
    });

    it('says so when the directory is missing', async () => {
      await expect(loadClusterObjects(path.join(dir, 'nope'))).rejects.toThrow(
        /cannot read manifest directory/,
      );
    });

    it('skips nameless documents and repairs non-string labels, with warnings', async () => {
      await fs.writeFile(
        path.join(dir, 'odd.yaml'),
        [
          'apiVersion: v1',
          'kind: Pod',
          'metadata: {namespace: x}',
          '---',
          'apiVersion: v1',
          'kind: Pod',
          'metadata: {name: p, labels: {version: 2}}',
          '---',
          '- just a list',
          '---',
          'kind: Pod',
        ].join('\n'),
      );
      const { objects, warnings } = await loadClusterObjects(dir);
      const pod = find(objects, 'Pod', 'p');
      expect(pod.metadata.labels).toEqual({ version: '2' });
      expect(warnings).toHaveLength(4);
      expect(warnings.join('\n')).toMatch(/has no metadata.name/);
      expect(warnings.join('\n')).toMatch(/label version is not a string/);
      expect(warnings.join('\n')).toMatch(/not an object/);
      expect(warnings.join('\n')).toMatch(/lacks apiVersion or kind/);
    });

    it('lets the later of two identical objects win, with a warning', async () => {
      await fs.writeFile(
        path.join(dir, 'dup.yaml'),
        [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata: {name: c, namespace: n}',
          'data: {v: "1"}',
          '---',
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata: {name: c, namespace: n}',
          'data: {v: "2"}',
        ].join('\n'),
      );
      const { objects, warnings } = await loadClusterObjects(dir);
      expect(find(objects, 'ConfigMap', 'c').data).toEqual({ v: '2' });
      expect(warnings).toEqual([
        expect.stringMatching(/duplicate ConfigMap n\/c/),
      ]);
    });
  });
});
