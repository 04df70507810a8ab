import { http, HttpResponse } from 'msw';
import type { QueryScope, TelemetryQueryName } from '../queries';
import { buildQuerySet } from '../queries';

/** Answers per query name; absent names answer an empty vector. */
export type FakeAnswers = Partial<Record<TelemetryQueryName, unknown[]>>;

/**
 * An msw handler acting as one Prometheus: it recognises our queries by
 * their exact text (so a change in the query set fails loudly) and answers
 * the given vectors. `log` receives every query received.
 */
export function fakePrometheus(options: {
  url: string;
  window?: string;
  scope?: QueryScope;
  answers: FakeAnswers;
  log?: string[];
  /** Warnings attached to every answer (partial responses). */
  warnings?: string[];
}) {
  const byText = new Map<string, TelemetryQueryName>();
  for (const q of buildQuerySet({
    window: options.window ?? '5m',
    scope: options.scope,
  })) {
    byText.set(q.promql, q.name);
  }
  return http.post(`${options.url}/api/v1/query`, async ({ request }) => {
    const query = new URLSearchParams(await request.text()).get('query') ?? '';
    options.log?.push(query);
    const name = byText.get(query);
    if (!name) {
      return HttpResponse.json(
        {
          status: 'error',
          errorType: 'bad_data',
          error: `unexpected query ${query.slice(0, 80)}`,
        },
        { status: 400 },
      );
    }
    return HttpResponse.json({
      status: 'success',
      ...(options.warnings ? { warnings: options.warnings } : {}),
      data: { resultType: 'vector', result: options.answers[name] ?? [] },
    });
  });
}
