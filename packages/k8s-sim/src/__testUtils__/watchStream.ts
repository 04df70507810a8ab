import http from 'node:http';

/** One parsed watch event line. */
export interface WatchLine {
  type: string;
  object: any;
}

/** An open watch over a raw socket, collecting its event lines. */
export interface WatchStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: WatchLine[];
  /** Resolves with the first event (already received or future) that matches. */
  next(
    predicate: (event: WatchLine) => boolean,
    timeoutMs?: number,
  ): Promise<WatchLine>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens `GET <path>` (a watch) with its own connection and parses the JSON
 * lines as they arrive.
 */
export function openWatch(
  baseUrl: string,
  path: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<WatchStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      new URL(path, baseUrl),
      {
        headers: { Authorization: `Bearer ${token}`, ...headers },
        agent: false,
      },
      res => {
        const events: WatchLine[] = [];
        const waiters: Array<() => void> = [];
        let buffer = '';
        let endResolve: () => void = () => {};
        const ended = new Promise<void>(r => {
          endResolve = r;
        });
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (line) events.push(JSON.parse(line));
            newline = buffer.indexOf('\n');
          }
          for (const wake of waiters.splice(0)) wake();
        });
        res.on('end', endResolve);
        res.on('close', endResolve);
        res.on('error', () => endResolve());
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          events,
          ended,
          close: () => req.destroy(),
          next(predicate, timeoutMs = 20_000) {
            return new Promise((found, fail) => {
              const timer = setTimeout(
                () =>
                  fail(
                    new Error(
                      `no matching watch event in ${timeoutMs} ms; got ${JSON.stringify(
                        events.map(e => e.type),
                      )}`,
                    ),
                  ),
                timeoutMs,
              );
              const check = () => {
                const event = events.find(predicate);
                if (event) {
                  clearTimeout(timer);
                  found(event);
                } else {
                  waiters.push(check);
                }
              };
              check();
            });
          },
        });
      },
    );
    req.on('error', reject);
  });
}
