import type { EdgeRatePoint } from '@mesh-portal/plugin-mesh-common';
import type { RawSourceData } from '../graph/rawData';
import { PAIR_LABELS } from '../queries';
import {
  RATE_POINTS_MAX,
  rateSampling,
  type EdgeEndLabels,
} from './edgeQueries';

/**
 * The sparkline points of every edge, carried from one background
 * collection to the next and stored with each, so any replica answers an
 * edge's rate over the window from memory, and a replica taking over the
 * collection goes on where the last one stopped.
 *
 * Compact on purpose (it is rewritten with every collection): the series
 * names once, then one array of values per point.
 * @public
 */
export interface EdgeRateRing {
  /** Seconds between points: at most one point per slot of this length. */
  stepSeconds: number;
  /** Range of each point's rate, in seconds. */
  rangeSeconds: number;
  /**
   * One per series: `<unit> <side> <pair>` (space-separated), the pair being
   * the JSON of the six pair labels.
   */
  keys: string[];
  /** Oldest first; `values[i]` belongs to `keys[i]`, `null` where absent. */
  points: Array<{ time: number; values: Array<number | null> }>;
}

/**
 * How the ring of one window is sampled.
 * @public
 */
export interface RingSampling {
  windowSeconds: number;
  stepSeconds: number;
  rangeSeconds: number;
}

type Unit = 'requests' | 'bytes';
type Side = 'destination' | 'source';

/** Six significant digits: invisible on a sparkline, half the JSON. */
const round = (value: number) => Number(value.toPrecision(6));

/**
 * What a point is made of: each source's answers, of which `edge_rate` counts.
 * @public
 */
export type RatePointSources = Array<Pick<RawSourceData, 'results'>>;

/**
 * A series' key: unit and side never hold a space, so the pair (JSON, any
 * label values) is everything after the second one, found without parsing.
 */
const seriesKey = (unit: Unit, side: Side, pair: string) =>
  `${unit} ${side} ${pair}`;

function parseSeriesKey(key: string): { unit: Unit; side: Side; pair: string } {
  const first = key.indexOf(' ');
  const second = key.indexOf(' ', first + 1);
  return {
    unit: key.slice(0, first) as Unit,
    side: key.slice(first + 1, second) as Side,
    pair: key.slice(second + 1),
  };
}

function pointOf(sources: RatePointSources): Map<string, number> | undefined {
  const answered = sources.filter(s => s.results.edge_rate);
  if (answered.length === 0) return undefined;
  const values = new Map<string, number>();
  for (const source of answered) {
    const vector = source.results.edge_rate!;
    // Read the rows by column: one key string per series, no label objects
    // (a collection of a large mesh has tens of thousands of rows).
    const column = (name: string) => vector.labels.indexOf(name);
    const unitAt = column('unit');
    const reporterAt = column('reporter');
    const pairAt = PAIR_LABELS.map(column);
    for (const row of vector.rows) {
      const value = row[row.length - 1] as number;
      if (!Number.isFinite(value) || value < 0) continue;
      const unit: Unit = row[unitAt] === 'bytes' ? 'bytes' : 'requests';
      const side: Side =
        row[reporterAt] === 'source' ? 'source' : 'destination';
      const key = seriesKey(
        unit,
        side,
        JSON.stringify(pairAt.map(i => (i < 0 ? null : row[i]))),
      );
      // Stores shared by clusters hold each series once: sum them.
      values.set(key, (values.get(key) ?? 0) + value);
    }
  }
  return values;
}

/**
 * The ring after a collection at `time`: the collection's `edge_rate`
 * answers become the newest point (replacing a point of the same slot), and
 * points older than the window drop out. A collection in which no source
 * answered `edge_rate` adds nothing (a gap, never zeros). A ring sampled
 * differently (the configuration changed) starts again.
 * @public
 */
export function advanceEdgeRateRing(
  previous: EdgeRateRing | undefined,
  sources: RatePointSources,
  time: number,
  sampling: RingSampling,
): EdgeRateRing {
  return mergeRatePoints(previous, [{ time, sources }], time, sampling);
}

/**
 * The ring with older points read afterwards (a backfill, see
 * {@link missingPointTimes}): each fills its own slot.
 */
export function backfillEdgeRateRing(
  ring: EdgeRateRing,
  points: Array<{ time: number; sources: RatePointSources }>,
  now: number,
  sampling: RingSampling,
): EdgeRateRing {
  return mergeRatePoints(ring, points, now, sampling);
}

/**
 * Adds points to the ring without unpacking the ones it has: keys seen for
 * the first time are appended, older points keep their value arrays (read
 * as `null` past their end), and only keys idle in every point still in the
 * window are dropped. At 10,000 edges this runs on every collection.
 */
function mergeRatePoints(
  previous: EdgeRateRing | undefined,
  added: Array<{ time: number; sources: RatePointSources }>,
  now: number,
  sampling: RingSampling,
): EdgeRateRing {
  const { stepSeconds, rangeSeconds, windowSeconds } = sampling;
  const slot = (t: number) => Math.floor(t / (stepSeconds * 1000));
  const same =
    previous !== undefined &&
    previous.stepSeconds === stepSeconds &&
    previous.rangeSeconds === rangeSeconds;
  const keys = same ? [...previous.keys] : [];
  const index = new Map(keys.map((key, i) => [key, i]));
  const bySlot = new Map<number, EdgeRateRing['points'][number]>();
  if (same) {
    for (const point of previous.points) bySlot.set(slot(point.time), point);
  }
  for (const { time, sources } of added) {
    const current = pointOf(sources);
    if (!current) continue;
    const values: Array<number | null> = new Array(keys.length).fill(null);
    for (const [key, value] of current) {
      let i = index.get(key);
      if (i === undefined) {
        i = keys.length;
        keys.push(key);
        index.set(key, i);
      }
      values[i] = round(value);
    }
    bySlot.set(slot(time), { time, values });
  }
  const points = [...bySlot.values()]
    .filter(p => p.time > now - windowSeconds * 1000 && p.time <= now)
    .sort((a, b) => a.time - b.time);
  // Keys of series that had traffic in some point of the window.
  const alive = new Uint8Array(keys.length);
  for (const point of points) {
    point.values.forEach((value, i) => {
      if (value !== null && value > 0) alive[i] = 1;
    });
  }
  const kept: number[] = [];
  alive.forEach((flag, i) => {
    if (flag) kept.push(i);
  });
  return {
    stepSeconds,
    rangeSeconds,
    keys: kept.map(i => keys[i]),
    points: points.map(point => ({
      time: point.time,
      values: kept.map(i => point.values[i] ?? null),
    })),
  };
}

/**
 * The evaluation times of the points the ring lacks over the window ending
 * at `now` (one per step, as the on-demand sparkline has them), newest
 * first: what a backfill reads when collection starts, so the drawer is
 * answered from memory from the first collection on.
 */
export function missingPointTimes(
  ring: EdgeRateRing,
  now: number,
  sampling: RingSampling,
): number[] {
  const stepMs = sampling.stepSeconds * 1000;
  const count = Math.max(
    1,
    Math.min(
      RATE_POINTS_MAX,
      Math.floor(sampling.windowSeconds / sampling.stepSeconds),
    ),
  );
  const have = new Set(ring.points.map(p => Math.floor(p.time / stepMs)));
  const times: number[] = [];
  for (let k = 1; k < count; k++) {
    const time = now - k * stepMs;
    if (!have.has(Math.floor(time / stepMs))) times.push(time);
  }
  return times;
}

/**
 * Whether the ring reaches back over the whole window (a full ring spans
 * the window less one step; one missed point is allowed): only then is it the edge's rate over the window, and
 * not the few minutes since collection started.
 */
export function ringCoversWindow(
  ring: EdgeRateRing | undefined,
  windowSeconds: number,
): ring is EdgeRateRing {
  if (!ring || ring.points.length === 0) return false;
  const span = ring.points[ring.points.length - 1].time - ring.points[0].time;
  return span >= (windowSeconds - 2 * ring.stepSeconds) * 1000;
}

const indexes = new WeakMap<EdgeRateRing, Map<string, number[]>>();

/** Key indexes by pair (without unit and side), built once per ring. */
function pairIndex(ring: EdgeRateRing): Map<string, number[]> {
  let index = indexes.get(ring);
  if (!index) {
    index = new Map();
    ring.keys.forEach((key, i) => {
      const { pair } = parseSeriesKey(key);
      const list = index!.get(pair) ?? [];
      list.push(i);
      index!.set(pair, list);
    });
    indexes.set(ring, index);
  }
  return index;
}

/**
 * One edge's sparkline from the ring: per point the larger of the two
 * reports (the client counts failures only it saw, the server requests
 * whose client reported nothing), like the on-demand rate.
 * @public
 */
export function edgeRateFromRing(
  ring: EdgeRateRing,
  source: EdgeEndLabels,
  destination: EdgeEndLabels,
  unit: 'requests' | 'bytes',
): EdgeRatePoint[] {
  const index = pairIndex(ring);
  const members: Array<{ i: number; side: Side }> = [];
  for (const sc of source.clusters) {
    for (const dc of destination.clusters) {
      const pair = JSON.stringify([
        sc,
        source.namespace,
        source.workload,
        dc,
        destination.namespace,
        destination.workload,
      ]);
      for (const i of index.get(pair) ?? []) {
        const key = parseSeriesKey(ring.keys[i]);
        if (key.unit === unit) members.push({ i, side: key.side });
      }
    }
  }
  return ring.points.map(point => {
    const out: EdgeRatePoint = { time: new Date(point.time).toISOString() };
    const sums = { destination: 0, source: 0 };
    let reported = false;
    for (const { i, side } of members) {
      const value = point.values[i];
      if (value === null) continue;
      reported = true;
      sums[side] += value;
    }
    if (reported) out.value = Math.max(sums.destination, sums.source);
    return out;
  });
}

/**
 * The ring's sampling for one window: the on-demand sparkline's (about 24
 * points, each a rate over at least two scrapes), but never closer than the
 * collection interval, since each collection adds one point.
 * @public
 */
export function ringSampling(
  windowSeconds: number,
  scrapeIntervalSeconds: number,
  collectionIntervalMs: number,
): RingSampling {
  const base = rateSampling(windowSeconds, scrapeIntervalSeconds);
  // A collection interval longer than the window gives one point per
  // window, a rate over the window itself.
  const stepSeconds = Math.min(
    Math.max(base.stepSeconds, Math.ceil(collectionIntervalMs / 1000)),
    Math.max(windowSeconds, base.stepSeconds),
  );
  return {
    windowSeconds,
    stepSeconds,
    rangeSeconds: Math.max(stepSeconds, 2 * scrapeIntervalSeconds),
  };
}
