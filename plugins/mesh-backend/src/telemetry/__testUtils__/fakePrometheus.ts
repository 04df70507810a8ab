import { http, HttpResponse } from 'msw';
import type {
  QueryScope,
  TelemetryQuery,
  TelemetryQueryName,
} from '../queries';
import { buildQuerySet } from '../queries';
import { parseWindow } from '../../config/window';
import { buildCollectedEdgeQueries } from '../edgeDetail/collectedEdgeQueries';
import { ringSampling } from '../edgeDetail/edgeRateRing';

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
  /** Interval of the background collection whose edge set is answered (default 15 s). */
  collectionIntervalMs?: number;
}) {
  const byText = new Map<string, TelemetryQueryName>();
  for (const q of knownQueries(
    options.window ?? '5m',
    options.scope,
    options.collectionIntervalMs,
  )) {
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

/**
 * The fixed query set of `window` and the background collection's edge set
 * (scrape interval 15 s, as in the fixtures), so a fake answers both.
 */
export function knownQueries(
  window: string,
  scope?: QueryScope,
  collectionIntervalMs = 15_000,
): TelemetryQuery[] {
  const { rangeSeconds } = ringSampling(
    parseWindow(window, 15),
    15,
    collectionIntervalMs,
  );
  return [
    ...buildQuerySet({ window, scope }),
    ...buildCollectedEdgeQueries({ window, scope, rangeSeconds }),
  ];
}
