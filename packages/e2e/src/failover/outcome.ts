import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../browser';
import type { RequestRecord } from './balancedLoad';
import type { Replica } from './replicas';

/** One cluster's entry in a mesh answer (`clusters` of /clusters, /entity, /audit). */
export interface ClusterStatus {
  name: string;
  ok: boolean;
  lastSuccess?: string;
  ageSeconds?: number;
  stale?: boolean;
}

/**
 * What the load saw around the kill: the failed requests, split into those
 * in flight on the killed replica (allowed to fail) and all others, and
 * every cluster age shown, with those older than the stale threshold that
 * were not flagged stale.
 */
export function judgeFailover(
  records: RequestRecord[],
  killed: Replica,
  killedAt: number,
  staleThresholdSeconds: number,
) {
  const failed = records.filter(
    r => r.error !== undefined || (r.status ?? 0) < 200 || r.status! > 299,
  );
  const inFlightOnKilled = (r: RequestRecord) =>
    r.replica === killed.name &&
    r.startedAt <= killedAt &&
    r.endedAt >= killedAt;
  const ages = records.flatMap(
    r => (r.body as { clusters?: ClusterStatus[] } | undefined)?.clusters ?? [],
  );
  const failedOtherwise = failed.filter(r => !inFlightOnKilled(r));
  return {
    failedOtherwise,
    ages,
    unflaggedOld: ages.filter(
      c => !c.stale && (c.ageSeconds ?? Infinity) > staleThresholdSeconds,
    ),
    /** The load's figures, for the report. */
    figures: {
      requests: records.length,
      requestsToSurvivorAfterKill: records.filter(
        r => r.replica !== killed.name && r.startedAt > killedAt,
      ).length,
      failedInFlightOnKilled: failed.filter(inFlightOnKilled).length,
      failedOtherwise: failedOtherwise.length,
      maxAgeSecondsShown: Math.max(...ages.map(c => c.ageSeconds ?? 0)),
      staleAnswers: ages.filter(c => c.stale).length,
    },
  };
}

/** Writes the figures to `.state/results/<file>` and prints them. */
export function reportFigures(file: string, figures: object) {
  const out = path.join(REPO_ROOT, '.state', 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, file),
    `${JSON.stringify(figures, null, 2)}\n`,
  );
  // eslint-disable-next-line no-console
  console.log(JSON.stringify(figures, null, 2));
}
