import { ConfigReader, readDurationFromConfig } from '@backstage/config';
import type { HumanDuration, JsonValue } from '@backstage/types';
import { durationToMilliseconds } from '@backstage/types';
import { z } from 'zod';
import { validateLinkTemplate } from '../telemetry/links';

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

/** A PromQL range duration such as `5m`. */
const promDuration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d|w|y)$/, 'must be a PromQL duration such as "5m"');

const prometheusEndpoint = z
  .object({
    url: httpUrl,
    headers: z.record(z.string()).default({}),
    bearerToken: z.string().min(1, 'must not be empty').optional(),
    basicAuth: z
      .object({ username: z.string(), password: z.string() })
      .strict()
      .optional(),
    timeout: duration.optional(),
    // Read by the telemetry service: series of this cluster in a shared store.
    clusterLabel: z.string().min(1).optional(),
    clusterLabelValue: z.string().min(1).optional(),
  })
  .strict();

const meshClusterSchema = z
  .object({
    name: z.string().min(1, 'must not be empty'),
    istioClusterId: z.string().min(1, 'must not be empty').optional(),
    rootNamespace: dnsLabel.optional(),
    prometheus: prometheusEndpoint.optional(),
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

/** Schema of the `mesh:` block. */
export const meshBlockSchema = z
  .object({
    refresh: z
      .object({
        frequency: duration.optional(),
        timeout: duration.optional(),
      })
      .strict()
      .default({}),
    requestTimeout: duration.optional(),
    excludeNamespaces: z.array(dnsLabel).default([]),
    clusters: z.array(meshClusterSchema).default([]),
    prometheus: prometheusEndpoint
      .extend({ name: z.string().min(1).optional() })
      .strict()
      .optional(),
    telemetry: z
      .object({
        window: promDuration.optional(),
        // Read and validated by the telemetry service.
        scrapeInterval: z.string().optional(),
        cacheTtl: duration.optional(),
      })
      .strict()
      .default({}),
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
        seedDemoDays: z.number().int().min(0).max(400).optional(),
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
  authProvider: z.string().min(1, 'must not be empty'),
  serviceAccountToken: z.string().min(1, 'must not be empty').optional(),
  caData: z.string().optional(),
  caFile: z.string().optional(),
  skipTLSVerify: z.boolean().default(false),
});

/** Schema of one `kubernetes.clusterLocatorMethods[]` entry of `type: config`. */
export const configLocatorSchema = z.object({
  type: z.literal('config'),
  clusters: z.array(kubernetesClusterSchema).default([]),
});

/** Parsed `mesh:` block. */
export type MeshBlock = z.infer<typeof meshBlockSchema>;
/** Parsed Kubernetes cluster entry. */
export type KubernetesClusterEntry = z.infer<typeof kubernetesClusterSchema>;

/** Milliseconds of a parsed duration, or the default. */
export function toMs(value: HumanDuration | undefined, fallback: number) {
  return value ? durationToMilliseconds(value) : fallback;
}
