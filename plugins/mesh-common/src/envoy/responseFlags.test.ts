import {
  ENVOY_RESPONSE_FLAGS,
  GRPC_STATUS_NAMES,
  describeResponseFlags,
} from './responseFlags';

describe('Envoy response flags', () => {
  it('knows the flags the demo and common failures show', () => {
    for (const flag of ['UC', 'UF', 'UH', 'NR', 'URX', 'DC', 'UT', 'UO']) {
      expect(ENVOY_RESPONSE_FLAGS[flag].meaning.length).toBeGreaterThan(10);
    }
  });

  it('reads "-" and empty as no flag', () => {
    expect(describeResponseFlags('-')).toEqual([]);
    expect(describeResponseFlags('')).toEqual([]);
  });

  it('splits joined flags and keeps unknown ones, marked unknown', () => {
    const flags = describeResponseFlags('UF,URX,ZZ');
    expect(flags.map(f => f.flag)).toEqual(['UF', 'URX', 'ZZ']);
    expect(flags[0].name).toBe('Upstream connection failure');
    expect(flags[2].meaning).toMatch(/does not know/);
  });

  it('names gRPC statuses', () => {
    expect(GRPC_STATUS_NAMES['14']).toBe('UNAVAILABLE');
    expect(GRPC_STATUS_NAMES['5']).toBe('NOT_FOUND');
  });
});
