import { ConfigReader } from '@backstage/config';
import { MeshConfigError, readMeshConfig } from './readMeshConfig';

/** The background telemetry settings, read the way the plugin reads them. */
const background = (telemetry: object) =>
  readMeshConfig(new ConfigReader({ mesh: { telemetry } })).telemetry
    .background;

describe('mesh.telemetry.background', () => {
  it('defaults to the default window, once per scrape interval', () => {
    expect(background({})).toEqual({
      windows: ['5m'],
      interval: { seconds: 15 },
      intervalMs: 15_000,
    });
    expect(background({ window: '10m', scrapeInterval: '30s' })).toEqual({
      windows: ['10m'],
      interval: { seconds: 30 },
      intervalMs: 30_000,
    });
  });

  it('reads the interval and the windows; an empty list turns it off', () => {
    expect(
      background({ background: { interval: '1m', windows: ['5m', '1h'] } }),
    ).toMatchObject({ windows: ['5m', '1h'], intervalMs: 60_000 });
    expect(background({ background: { windows: [] } }).windows).toEqual([]);
    // The default window may be one no request names explicitly.
    expect(
      background({ window: '10m', background: { windows: ['10m'] } }).windows,
    ).toEqual(['10m']);
  });

  it.each([
    [
      { background: { interval: 'soon' } },
      'mesh.telemetry.background.interval',
    ],
    [{ background: { interval: '0s' } }, 'mesh.telemetry.background.interval'],
    [{ background: { interval: '2h' } }, 'mesh.telemetry.background.interval'],
    [
      { background: { windows: ['5m', '7m'] } },
      'mesh.telemetry.background.windows[1]',
    ],
    [
      { background: { windows: ['5m', '5m'] } },
      'mesh.telemetry.background.windows[1]',
    ],
    // Shorter than two scrape intervals: a rate needs two samples.
    [
      { scrapeInterval: '1m', window: '5m', background: { windows: ['1m'] } },
      'mesh.telemetry.background.windows[0]',
    ],
    [{ background: { windows: '5m' } }, 'mesh.telemetry.background.windows'],
    [{ background: { every: '5m' } }, 'mesh.telemetry.background.every'],
  ])('fails at startup naming the key for %j', (telemetry, key) => {
    expect(() => background(telemetry)).toThrow(MeshConfigError);
    expect(() => background(telemetry)).toThrow(`${key}: `);
  });
});
