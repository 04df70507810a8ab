/**
 * JSON text of values shared, unchanged, by many responses (a graph view's
 * nodes and edges, kept per view by the telemetry service). Keyed by the
 * value itself in a WeakMap, so a text lives exactly as long as the value it
 * was made from: no size of its own to bound, nothing to evict by hand.
 */
const texts = new WeakMap<object, string>();

function jsonOf(value: unknown): string {
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) {
    return JSON.stringify(value);
  }
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}

/**
 * `JSON.stringify(response)`, reusing the text of every frozen top-level
 * value: the explorer's graph of 500 nodes costs more to serialise than to
 * compute, and most of it is the same for every request until the next
 * collection. Only frozen values are reused, so a value that can still
 * change is always serialised afresh.
 * @internal
 */
export function responseJson(response: object): string {
  const members: string[] = [];
  for (const [key, value] of Object.entries(response)) {
    // Members JSON.stringify would leave out.
    if (
      value === undefined ||
      typeof value === 'function' ||
      typeof value === 'symbol'
    ) {
      continue;
    }
    members.push(`${JSON.stringify(key)}:${jsonOf(value)}`);
  }
  return `{${members.join(',')}}`;
}
