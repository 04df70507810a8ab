import { describeError } from './describeError';

const context = { timeoutMs: 5000, secrets: ['s3cret-token'] };

describe('describeError', () => {
  it('says a server that closed the connection mid-answer is stopping or restarting, with or without the error code', () => {
    const withCode = Object.assign(new Error('Premature close'), {
      code: 'ERR_STREAM_PREMATURE_CLOSE',
    });
    for (const error of [withCode, new Error('Premature close')]) {
      expect(describeError(error, 'namespaces', context).message).toBe(
        'listing namespaces: connection closed before the answer was complete (is the API server stopping or restarting?) (ERR_STREAM_PREMATURE_CLOSE)',
      );
    }
  });

  it('names refused connections and never repeats a credential', () => {
    const refused = Object.assign(
      new Error('connect ECONNREFUSED 127.0.0.1:1 s3cret-token'),
      { code: 'ECONNREFUSED' },
    );
    expect(describeError(refused, 'pods', context).message).toBe(
      'listing pods: connection refused (ECONNREFUSED)',
    );
    const other = new Error('boom s3cret-token');
    expect(describeError(other, 'pods', context).message).not.toContain(
      's3cret-token',
    );
  });
});
