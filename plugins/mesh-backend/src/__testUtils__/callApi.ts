/** One answer of the API, read in full. */
export interface ApiAnswer {
  url: string;
  status: number;
  contentType: string;
  text: string;
  /** The parsed body, when it is JSON. */
  json?: unknown;
}

/**
 * GETs `baseUrl + path` over a real socket with an `Authorization` header,
 * giving up after `timeoutMs` (a hang is a failure, not a stuck test).
 */
export async function callApi(
  baseUrl: string,
  path: string,
  authorization: string,
  timeoutMs = 20_000,
): Promise<ApiAnswer> {
  const url = `${baseUrl}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = (error as Error)?.name;
    throw new Error(
      name === 'TimeoutError'
        ? `GET ${path} did not answer within ${timeoutMs} ms`
        : `GET ${path} failed: ${(error as Error)?.message}`,
    );
  }
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let json: unknown;
  if (contentType.includes('application/json')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { url: path, status: response.status, contentType, text, json };
}

/**
 * Every place in a JSON value (keys and string values) or in a text (lines)
 * where one of `terms` occurs, case-insensitively, as `<path>: <snippet>`.
 * Each place is reported once, with the first term that matches.
 */
export function findTerms(answer: ApiAnswer, terms: string[]): string[] {
  const lowered = terms.map(t => t.toLowerCase());
  const hit = (value: string) => {
    const lower = value.toLowerCase();
    return lowered.find(term => lower.includes(term));
  };
  const found: string[] = [];
  const snippet = (value: string) =>
    JSON.stringify(value.length > 160 ? `${value.slice(0, 157)}...` : value);
  if (answer.json === undefined) {
    answer.text.split(/\r?\n/).forEach((line, i) => {
      const term = hit(line);
      if (term) found.push(`line ${i + 1} [${term}]: ${snippet(line)}`);
    });
    return found;
  }
  const walk = (node: unknown, at: string) => {
    if (typeof node === 'string') {
      const term = hit(node);
      if (term) found.push(`${at} [${term}]: ${snippet(node)}`);
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${at}[${i}]`));
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        const term = hit(key);
        if (term) found.push(`${at} key [${term}]: ${snippet(key)}`);
        walk(value, `${at}.${key}`);
      }
    }
  };
  walk(answer.json, '$');
  return found;
}
