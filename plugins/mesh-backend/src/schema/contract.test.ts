import {
  AUDIT_SORT_KEYS,
  COVERAGE_CLASSES,
  HISTORY_GROUP_BYS,
  MESH_REQUEST_LIMITS as LIMITS,
  TELEMETRY_COLLECTIONS,
  READINESS_WINDOWS,
  TRAFFIC_WINDOWS,
  readinessQuerySchema,
} from '@mesh-portal/plugin-mesh-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const document = parse(
  fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
);

/** A parameter by `$ref` name or by name inside one operation. */
function parameter(name: string, route?: string): any {
  if (!route) return document.components.parameters[name];
  const found = (document.paths[route].get.parameters as any[]).find(
    p => p.name === name,
  );
  expect(found).toBeDefined();
  return found;
}

describe('openapi.yaml states the wire contract of mesh-common', () => {
  it('windows', () => {
    expect(parameter('window').schema.enum).toEqual([...TRAFFIC_WINDOWS]);
  });

  it('audit sort keys, coverage classes and page bounds', () => {
    expect(parameter('sort').schema.enum).toEqual([...AUDIT_SORT_KEYS]);
    expect(parameter('state').schema.items.enum).toEqual([...COVERAGE_CLASSES]);
    expect(parameter('limit').schema).toMatchObject({
      minimum: 1,
      maximum: LIMITS.auditPageSizeMax,
      default: LIMITS.auditPageSizeDefault,
    });
    expect(parameter('offset').schema.maximum).toBe(LIMITS.auditOffsetMax);
    expect(parameter('q').schema.maxLength).toBe(LIMITS.searchLengthMax);
  });

  it('graph bounds', () => {
    expect(parameter('limit', '/graph/mesh').schema).toMatchObject({
      maximum: LIMITS.meshGraphNodesMax,
      default: LIMITS.meshGraphNodesDefault,
    });
    expect(
      parameter('depth', '/graph/entity/{namespace}/{kind}/{name}').schema
        .maximum,
    ).toBe(LIMITS.graphDepthMax);
  });

  it('history groupings and bounds', () => {
    const route = '/audit/history';
    expect(parameter('groupBy', route).schema.enum).toEqual([
      ...HISTORY_GROUP_BYS,
    ]);
    expect(parameter('days', route).schema).toMatchObject({
      maximum: LIMITS.historyDaysMax,
      default: LIMITS.historyDaysDefault,
    });
    expect(parameter('key', route).schema.maxItems).toBe(LIMITS.historyKeysMax);
  });

  it('the age and origin of traffic answers', () => {
    const age = document.components.schemas.TelemetryDataAge;
    expect(age.properties.collection.enum).toEqual([...TELEMETRY_COLLECTIONS]);
    for (const response of ['GraphResponse', 'InboundMtlsResponse']) {
      expect(document.components.schemas[response].allOf[0]).toEqual({
        $ref: '#/components/schemas/TelemetryDataAge',
      });
    }
  });

  it('readiness windows: an allow-list, other spellings normalised', () => {
    const schema = parameter('readinessWindow').schema;
    expect(schema.enum).toEqual([...READINESS_WINDOWS]);
    expect(schema.default).toBe('7d');
    expect(readinessQuerySchema.parse({ window: '168h' }).window).toBe('7d');
    expect(readinessQuerySchema.parse({ window: '07d' }).window).toBe('7d');
    for (const bad of ['0h', '5d', '7w', '1e3h', '100000d']) {
      expect(readinessQuerySchema.safeParse({ window: bad }).success).toBe(
        false,
      );
    }
  });
});
