import { CustomErrorBase } from '@backstage/errors';

/**
 * A Prometheus source could not answer a query: unreachable, timed out,
 * refused our credentials, or answered an error or something that is not
 * the Prometheus HTTP API. The message is safe to show: it never contains
 * credentials.
 */
export class PrometheusQueryError extends CustomErrorBase {
  name = 'PrometheusQueryError' as const;
}
