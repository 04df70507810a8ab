import type { GraphEdge } from '@mesh-portal/plugin-mesh-common';
import {
  edgeErrorSplitText,
  edgeMtlsText,
  edgeTrafficParts,
} from './edgeLabel';

const base: GraphEdge = {
  source: 'a',
  target: 'b',
  protocol: 'http',
  requestsPerSecond: 90,
  crossCluster: false,
};

describe('edge labels', () => {
  it('G10: shows the error share with 4xx and 5xx apart, after the p95', () => {
    const edge: GraphEdge = {
      ...base,
      errorRatio: 50 / 90,
      errors: { noResponse: 0, http4xx: 20 / 90, http5xx: 30 / 90, grpc: 0 },
      latencyMs: { p95: 42 },
    };
    expect(edgeTrafficParts(edge)).toEqual([
      '90 req/s',
      '55.6% errors',
      'p95 42 ms',
      '4xx 22.2%, 5xx 33.3%',
    ]);
  });

  it('G10: no split without errors, and none from servers that do not send it', () => {
    expect(
      edgeErrorSplitText({
        ...base,
        errorRatio: 0,
        errors: { noResponse: 0, http4xx: 0, http5xx: 0, grpc: 0 },
      }),
    ).toBeUndefined();
    expect(edgeErrorSplitText({ ...base, errorRatio: 0.1 })).toBeUndefined();
    // Backends since issue 14 leave the all-zero split out.
    expect(edgeErrorSplitText({ ...base, errorRatio: 0 })).toBeUndefined();
    expect(edgeTrafficParts({ ...base, errorRatio: 0 })).toEqual([
      '90 req/s',
      '0% errors',
    ]);
  });

  it('names no-response and gRPC failures', () => {
    expect(
      edgeErrorSplitText({
        ...base,
        protocol: 'grpc',
        errorRatio: 0.4,
        errors: { noResponse: 0.1, http4xx: 0, http5xx: 0, grpc: 0.3 },
      }),
    ).toBe('no response 10%, gRPC 30%');
  });

  it("marks a p95 read from the client's histogram", () => {
    expect(
      edgeTrafficParts({
        ...base,
        latencyMs: { p95: 142.5 },
        latencyFromSource: true,
      }),
    ).toContain('p95 140 ms (client)');
  });

  it('O1, E10: a share known from configuration says so', () => {
    expect(
      edgeMtlsText({ ...base, mtlsShare: 0, mtlsFromConfiguration: true }),
    ).toBe('mTLS 0% (from configuration)');
    expect(edgeMtlsText({ ...base, mtlsShare: 1 })).toBe('mTLS 100%');
    expect(edgeMtlsText(base)).toBe('mTLS unknown');
  });
});
