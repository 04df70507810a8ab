import { Simulator } from './simulator';
import {
  getFrom,
  request,
  startFixtureSimulator,
} from './__testUtils__/httpClient';

describe('fault switches', () => {
  let simulator: Simulator;
  const alpha = (urlPath = '/api/v1/pods') =>
    getFrom(simulator, 'alpha', urlPath);

  beforeAll(async () => {
    simulator = await startFixtureSimulator({ controlPort: 0 });
  });
  afterEach(async () => {
    await simulator.clearFaults();
  });
  afterAll(async () => {
    await simulator.stop();
  });

  it('slow: answers correctly, but only after the delay', async () => {
    await simulator.setFault('alpha', { mode: 'slow', delayMs: 300 });
    let answered = false;
    const pending = alpha().then(res => {
      answered = true;
      return res;
    });
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.json.items).toHaveLength(5);
  });

  it.each([
    [500, 'InternalError'],
    [403, 'Forbidden'],
    [401, 'Unauthorized'],
    [503, 'ServiceUnavailable'],
  ] as const)(
    'status %i: every request gets a %s Status',
    async (code, reason) => {
      await simulator.setFault('alpha', { mode: 'status', status: code });
      for (const urlPath of [
        '/api/v1/pods',
        '/api',
        '/apis/apps/v1/deployments',
      ]) {
        const res = await alpha(urlPath);
        expect(res.status).toBe(code);
        expect(res.json).toMatchObject({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason,
          code,
        });
      }
      // The other cluster is unaffected.
      expect((await getFrom(simulator, 'beta', '/api/v1/pods')).status).toBe(
        200,
      );
    },
  );

  it('drop: the connection is destroyed without an answer', async () => {
    await simulator.setFault('alpha', { mode: 'drop' });
    await expect(alpha()).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|EPIPE|socket hang up/),
    });
  });

  it('down: the port refuses connections until the fault is cleared, then comes back on the same port', async () => {
    const url = simulator.clusters.find(c => c.name === 'alpha')!.url;
    await simulator.setFault('alpha', { mode: 'down' });
    await expect(request(url, '/api')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    await simulator.setFault('alpha', { mode: 'none' });
    expect(simulator.clusters.find(c => c.name === 'alpha')!.url).toBe(url);
    expect((await alpha()).status).toBe(200);
  });

  it('stopCluster/startCluster take a cluster down and back on the same port', async () => {
    const url = simulator.clusters.find(c => c.name === 'beta')!.url;
    await simulator.stopCluster('beta');
    expect(simulator.state().find(c => c.name === 'beta')).toMatchObject({
      listening: false,
      fault: { mode: 'down' },
    });
    await expect(request(url, '/api')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    await simulator.startCluster('beta');
    const res = await getFrom(simulator, 'beta', '/api/v1/pods');
    expect(res.status).toBe(200);
    expect(simulator.clusters.find(c => c.name === 'beta')!.url).toBe(url);
  });

  it('clearFaults brings every cluster back to normal', async () => {
    await simulator.setFault('alpha', { mode: 'status', status: 500 });
    await simulator.stopCluster('beta');
    await simulator.clearFaults();
    expect((await alpha()).status).toBe(200);
    expect((await getFrom(simulator, 'beta', '/api')).status).toBe(200);
    expect(simulator.state().map(c => c.fault.mode)).toEqual(['none', 'none']);
  });

  it('rejects nonsense faults and unknown clusters', async () => {
    await expect(
      simulator.setFault('alpha', { mode: 'slow' } as any),
    ).rejects.toThrow(/delayMs/);
    await expect(
      simulator.setFault('alpha', { mode: 'status', status: 418 } as any),
    ).rejects.toThrow(/one of/);
    await expect(simulator.setFault('gamma', { mode: 'none' })).rejects.toThrow(
      /no simulated cluster named "gamma"/,
    );
  });

  describe('over the control API', () => {
    const control = (method: string, urlPath: string, body?: unknown) =>
      request(simulator.controlUrl!, urlPath, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: { 'Content-Type': 'application/json' },
      });

    it('GET /clusters reports each cluster’s state', async () => {
      const res = await control('GET', '/clusters');
      expect(res.status).toBe(200);
      expect(res.json.clusters).toEqual([
        expect.objectContaining({
          name: 'alpha',
          url: simulator.clusters[0].url,
          listening: true,
          fault: { mode: 'none' },
          objects: expect.any(Number),
        }),
        expect.objectContaining({ name: 'beta', listening: true }),
      ]);
      expect(res.text).not.toContain(simulator.clusters[0].token);
    });

    it('POST /clusters/:name/fault switches each mode', async () => {
      let res = await control('POST', '/clusters/alpha/fault', {
        mode: 'status',
        status: 403,
      });
      expect(res.status).toBe(200);
      expect(res.json.fault).toEqual({ mode: 'status', status: 403 });
      expect((await alpha()).status).toBe(403);

      res = await control('POST', '/clusters/alpha/fault', {
        mode: 'slow',
        delayMs: 50,
      });
      expect(res.json.fault).toEqual({ mode: 'slow', delayMs: 50 });
      expect((await alpha()).status).toBe(200);

      await control('POST', '/clusters/alpha/fault', { mode: 'drop' });
      await expect(alpha()).rejects.toBeDefined();

      res = await control('POST', '/clusters/alpha/fault', { mode: 'down' });
      expect(res.json.listening).toBe(false);
      await expect(alpha()).rejects.toMatchObject({ code: 'ECONNREFUSED' });

      res = await control('POST', '/clusters/alpha/fault', { mode: 'none' });
      expect(res.json.listening).toBe(true);
      expect((await alpha()).status).toBe(200);
    });

    it('POST /clusters/:name/stop and /start', async () => {
      expect(
        (await control('POST', '/clusters/beta/stop')).json.listening,
      ).toBe(false);
      expect(
        (await control('POST', '/clusters/beta/start')).json.listening,
      ).toBe(true);
      expect((await getFrom(simulator, 'beta', '/api')).status).toBe(200);
    });

    it('POST /faults/clear clears every fault', async () => {
      await control('POST', '/clusters/alpha/fault', {
        mode: 'status',
        status: 500,
      });
      const res = await control('POST', '/faults/clear');
      expect(res.json.clusters.map((c: any) => c.fault.mode)).toEqual([
        'none',
        'none',
      ]);
      expect((await alpha()).status).toBe(200);
    });

    it('DELETE /faults clears every fault too', async () => {
      await control('POST', '/clusters/beta/fault', { mode: 'down' });
      const res = await control('DELETE', '/faults');
      expect(res.status).toBe(200);
      expect((await getFrom(simulator, 'beta', '/api')).status).toBe(200);
    });

    it('POST /reload re-reads the manifests', async () => {
      const res = await control('POST', '/reload');
      expect(res.status).toBe(200);
      expect(res.json.warnings).toEqual([
        expect.stringMatching(/Secret is not served/),
      ]);
    });

    it('answers clear errors for bad input', async () => {
      const bad = await control('POST', '/clusters/alpha/fault', {
        mode: 'explode',
      });
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toMatch(/"mode" must be one of/);
      const notJson = await request(
        simulator.controlUrl!,
        '/clusters/alpha/fault',
        {
          method: 'POST',
          body: '{nope',
        },
      );
      expect(notJson.status).toBe(400);
      const unknown = await control('POST', '/clusters/gamma/fault', {
        mode: 'none',
      });
      expect(unknown.status).toBe(404);
      expect((await control('GET', '/nowhere')).status).toBe(404);
    });
  });
});
