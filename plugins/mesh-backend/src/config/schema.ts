import { ConfigReader, readDurationFromConfig } from '@backstage/config';
import type { HumanDuration, JsonValue } from '@backstage/types';
import { durationToMilliseconds } from '@backstage/types';
import { z } from 'zod';
import { TRAFFIC_WINDOWS } from '@mesh-portal/plugin-mesh-common';
import { validateLinkTemplate } from '../links';
import { PROM_LABEL_NAME_PATTERN } from './promLabelName';
import {
  DEFAULT_SCRAPE_INTERVAL_SECONDS,
  DEFAULT_WINDOW,
  MAX_BACKGROUND_INTERVAL_MS,
  MIN_BACKGROUND_INTERVAL_MS,
  parseScrapeInterval,
  parseWindow,
} from './window';
import { frontendMeshKeys } from './frontendKeys';

/** A string that parses as an absolute http(s) URL. */
const httpUrl = z.string().refine(
  value => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { message: 'must be an http(s) URL' },
);

/** An http(s) URL without credentials in it (they would end up in logs). */
const credentialFreeUrl = httpUrl.refine(
  value => {
    const url = new URL(value);
    return !url.username && !url.password;
  },
  { message: 'must not contain credentials; use basicAuth or bearerToken' },
);

/** A Prometheus label name (it is written into PromQL unquoted). */
const promLabelName = z
  .string()
  .regex(
    PROM_LABEL_NAME_PATTERN,
    `must be a Prometheus label name matching ${PROM_LABEL_NAME_PATTERN}`,
  );

/** Request headers: valid names, values without line breaks. */
const headers = z
  .record(
    z.string().refine(value => !/[\r\n\0]/.test(value), {
      message: 'must not contain line breaks',
    }),
  )
  .superRefine((value, ctx) => {
    for (const name of Object.keys(value)) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [name],
          message: 'is not a valid HTTP header name',
        });
      }
    }
  });

/** A HumanDuration object, an ISO 8601 duration or a string such as `30s`. */
const duration = z.unknown().transform((value, ctx): HumanDuration => {
  try {
    return readDurationFromConfig(
      new ConfigReader({ value: value as JsonValue }),
      {
        key: 'value',
      },
    );
  } catch {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message:
        'must be a duration such as { seconds: 30 }, an ISO 8601 duration (PT30S) or a string such as "30s"',
    });
    return z.NEVER;
  }
});

/** A Kubernetes object name (DNS-1123 label). */
const dnsLabel = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be a Kubernetes name (lower-case letters, digits and dashes)',
  )
  .max(63, 'must be at most 63 characters');

const prometheusFields = {
  url: credentialFreeUrl,
  headers: headers.default({}),
  bearerToken: z.string().min(1, 'must not be empty').optional(),
  basicAuth: z
    .object({ username: z.string(), password: z.string() })
    .strict()
    .optional(),
  timeout: duration
    .refine(value => durationToMilliseconds(value) > 0, {
      message: 'must be positive',
    })
    .optional(),
  // Series of this cluster in a shared store.
  clusterLabel: promLabelName.optional(),
  clusterLabelValue: z.string().min(1).optional(),
};

/** Refuses both kinds of credentials at once (which one would win is a guess). */
function oneCredential(
  value: { bearerToken?: string; basicAuth?: unknown },
  ctx: z.RefinementCtx,
) {
  if (value.bearerToken && value.basicAuth) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'set either bearerToken or basicAuth, not both',
    });
  }
}

const prometheusEndpoint = z
  .object(prometheusFields)
  .strict()
  .superRefine(oneCredential);

const sharedPrometheus = z
  .object({ ...prometheusFields, name: z.string().min(1).optional() })
  .strict()
  .superRefine(oneCredential);

/**
 * `mesh.telemetry`: the default window must pass the same rule as a
 * request's window (s/m/h, at least two scrape intervals, at most 24h).
 */
const telemetrySchema = z
  .object({
    window: z.string().optional(),
    scrapeInterval: z.string().optional(),
    cacheTtl: duration.optional(),
    background: z
      .object({
        interval: duration
          .refine(
            value =>
              durationToMilliseconds(value) >= MIN_BACKGROUND_INTERVAL_MS &&
              durationToMilliseconds(value) <= MAX_BACKGROUND_INTERVAL_MS,
            { message: 'must be from 1 second to 1 hour' },
          )
          .optional(),
        windows: z
          .array(z.string())
          .max(TRAFFIC_WINDOWS.length + 1, 'must list at most 7 windows')
          .optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((value, ctx) => {
    let scrapeSeconds = DEFAULT_SCRAPE_INTERVAL_SECONDS;
    if (value.scrapeInterval !== undefined) {
      try {
        scrapeSeconds = parseScrapeInterval(value.scrapeInterval);
      } catch (error) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['scrapeInterval'],
          message: (error as Error).message,
        });
        return;
      }
    }
    if (value.window !== undefined) {
      try {
        parseWindow(value.window, scrapeSeconds, 'window');
      } catch (error) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['window'],
          // The key is named already: `mesh.telemetry.window: must be ...`.
          message: (error as Error).message.replace(/^window /, ''),
        });
      }
    }
    checkBackgroundWindows(
      value.background.windows ?? [],
      value.window ?? DEFAULT_WINDOW,
      scrapeSeconds,
      ctx,
    );
  });

/**
 * Background windows must be windows a request can ask for (one of the
 * normalised request windows, or the default window), or they would be
 * collected for nothing; each is listed once.
 */
function checkBackgroundWindows(
  windows: string[],
  defaultWindow: string,
  scrapeSeconds: number,
  ctx: z.RefinementCtx,
) {
  const seen = new Set<string>();
  windows.forEach((window, index) => {
    const path = ['background', 'windows', index];
    const addIssue = (message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
    if (seen.has(window)) {
      addIssue(`"${window}" is listed twice`);
      return;
    }
    seen.add(window);
    if (
      window !== defaultWindow &&
      !(TRAFFIC_WINDOWS as readonly string[]).includes(window)
    ) {
      addIssue(
        `must be one of ${TRAFFIC_WINDOWS.join(
          ', ',
        )} or the default window (${defaultWindow}), got ${JSON.stringify(
          window.slice(0, 40),
        )}`,
      );
      return;
    }
    try {
      parseWindow(window, scrapeSeconds, 'window');
    } catch (error) {
      addIssue((error as Error).message);
    }
  });
}

const meshClusterSchema = z
  .object({
    name: z.string().min(1, 'must not be empty'),
    istioClusterId: z.string().min(1, 'must not be empty').optional(),
    rootNamespace: dnsLabel.optional(),
    prometheus: prometheusEndpoint.optional(),
    serviceAccountToken: z.string().min(1, 'must not be empty').optional(),
  })
  .strict();

/** A link-out URL template, checked with the telemetry service's own rules. */
const linkTemplate = z.string().superRefine((value, ctx) => {
  try {
    validateLinkTemplate(value);
  } catch (error) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: (error as Error).message,
    });
  }
});

/** A duration within bounds, in milliseconds. */
function boundedDuration(minMs: number, maxMs: number, message: string) {
  return duration.refine(
    value =>
      durationToMilliseconds(value) >= minMs &&
      durationToMilliseconds(value) <= maxMs,
    { message },
  );
}

/**
 * `mesh.collection`: how clusters are kept current, watched (list once,
 * then watch) or polled (list everything each `refresh.frequency`).
 */
const collectionSchema = z
  .object({
    mode: z
      .enum(['watch', 'poll'], {
        errorMap: () => ({ message: 'must be watch or poll' }),
      })
      .default('watch'),
    debounce: boundedDuration(
      10,
      60_000,
      'must be from 10 milliseconds to 1 minute',
    ).optional(),
    maxDelay: boundedDuration(
      10,
      300_000,
      'must be from 10 milliseconds to 5 minutes',
    ).optional(),
    resync: boundedDuration(
      60_000,
      86_400_000,
      'must be from 1 minute to 24 hours',
    ).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (
      value.debounce &&
      value.maxDelay &&
      durationToMilliseconds(value.maxDelay) <
        durationToMilliseconds(value.debounce)
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['maxDelay'],
        message: 'must not be shorter than mesh.collection.debounce',
      });
    }
  });

/**
 * Schema of the `mesh:` block, shared with the frontend plugin: its keys are
 * accepted too, every other unknown key is refused by name.
 */
export const meshBlockSchema = z
  .object({
    ...frontendMeshKeys,
    refresh: z
      .object({
        frequency: duration.optional(),
        timeout: duration.optional(),
      })
      .strict()
      .default({}),
    collection: collectionSchema.default({}),
    requestTimeout: duration.optional(),
    excludeNamespaces: z.array(dnsLabel).default([]),
    clusters: z.array(meshClusterSchema).default([]),
    prometheus: sharedPrometheus.optional(),
    telemetry: telemetrySchema.default({}),
    links: z
      .object({
        grafana: linkTemplate.optional(),
        traces: linkTemplate.optional(),
        kiali: linkTemplate.optional(),
      })
      .strict()
      .default({}),
    history: z
      .object({
        frequency: duration.optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/**
 * Schema of one `kubernetes.clusterLocatorMethods[].clusters[]` entry. Not
 * strict: the Kubernetes plugin reads more keys than we do.
 */
const kubernetesClusterSchema = z.object({
  name: z.string().min(1, 'must not be empty'),
  url: httpUrl,
  authProvider: z.string().min(1, 'must not be empty').optional(),
  authMetadata: z.record(z.string()).optional(),
  serviceAccountToken: z.string().min(1, 'must not be empty').optional(),
  assumeRole: z.string().min(1, 'must not be empty').optional(),
  externalId: z.string().min(1, 'must not be empty').optional(),
  oidcTokenProvider: z.string().min(1, 'must not be empty').optional(),
  caData: z.string().optional(),
  caFile: z.string().optional(),
  skipTLSVerify: z.boolean().default(false),
});

/** Schema of one `kubernetes.clusterLocatorMethods[]` entry of `type: config`. */
export const configLocatorSchema = z.object({
  type: z.literal('config'),
  clusters: z.array(kubernetesClusterSchema).default([]),
});

/** `type: catalog`: clusters are `Resource` entities of type `kubernetes-cluster`. */
export const catalogLocatorSchema = z.object({
  type: z.literal('catalog'),
  dangerouslyAllowClusterUrls: z.array(z.string().min(1)).default([]),
  dangerouslyAllowSkipTLSVerify: z.boolean().default(false),
});

/** `type: gke`: clusters listed from the GKE API of one project. */
export const gkeLocatorSchema = z.object({
  type: z.literal('gke'),
  projectId: z.string().min(1, 'must not be empty'),
  region: z.string().min(1, 'must not be empty').default('-'),
  // As the Kubernetes plugin: anything but googleServiceAccount means google.
  authProvider: z.string().optional(),
  skipTLSVerify: z.boolean().default(false),
  matchingResourceLabels: z
    .array(z.object({ key: z.string().min(1), value: z.string() }))
    .default([]),
  endpointType: z.enum(['public', 'dns']).default('public'),
});

/** `type: localKubectlProxy`: one cluster `local` behind `kubectl proxy`. */
export const localKubectlProxyLocatorSchema = z.object({
  type: z.literal('localKubectlProxy'),
});

/** `kubernetes.serviceLocatorMethod`. */
export const serviceLocatorSchema = z.object({
  type: z.enum(['multiTenant', 'singleTenant', 'catalogRelation', 'http'], {
    errorMap: () => ({
      message: 'must be multiTenant, singleTenant or catalogRelation',
    }),
  }),
});

/** Parsed `mesh:` block. */
export type MeshBlock = z.infer<typeof meshBlockSchema>;
/** Parsed Kubernetes cluster entry. */
export type KubernetesClusterEntry = z.infer<typeof kubernetesClusterSchema>;

/** Milliseconds of a parsed duration, or the default. */
export function toMs(value: HumanDuration | undefined, fallback: number) {
  return value ? durationToMilliseconds(value) : fallback;
}
