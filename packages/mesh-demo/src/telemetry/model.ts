import { promises as fs } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { InputError } from '@backstage/errors';

const endpointSchema = z.object({
  cluster: z.string().min(1),
  namespace: z.string().min(1),
  workload: z.string().min(1),
});

const shareMap = z
  .record(z.string().regex(/^\d+$/), z.number().min(0).max(1))
  .refine(
    shares =>
      Math.abs(Object.values(shares).reduce((a, b) => a + b, 0) - 1) < 1e-6,
    { message: 'shares must sum to 1' },
  );

const waveSchema = z.object({
  amplitude: z.number().min(0).max(0.5),
  periodSeconds: z.number().positive(),
});

const edgeSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    source: endpointSchema,
    destination: endpointSchema.extend({
      service: z.string().min(1),
      port: z.number().int().positive(),
    }),
    protocol: z.enum(['http', 'grpc', 'tcp']),
    requestsPerSecond: z.number().positive().optional(),
    responses: shareMap.optional(),
    grpcStatuses: shareMap.optional(),
    responseFlags: z.record(z.string(), z.string()).optional(),
    latencyMs: z
      .object({ p50: z.number().positive(), p99: z.number().positive() })
      .refine(l => l.p99 >= l.p50, { message: 'p99 must be >= p50' })
      .optional(),
    bytesPerSecond: z
      .object({ request: z.number().min(0), response: z.number().min(0) })
      .optional(),
    mtls: z.boolean(),
    rejectedByDestination: z.boolean().optional(),
    wave: waveSchema.optional(),
  })
  .superRefine((edge, ctx) => {
    if (edge.protocol === 'tcp') {
      if (!edge.bytesPerSecond) {
        ctx.addIssue({
          code: 'custom',
          message: 'tcp edges need bytesPerSecond',
        });
      }
    } else {
      if (!edge.requestsPerSecond || !edge.latencyMs) {
        ctx.addIssue({
          code: 'custom',
          message: `${edge.protocol} edges need requestsPerSecond and latencyMs`,
        });
      }
      if (edge.protocol === 'http' && !edge.responses) {
        ctx.addIssue({ code: 'custom', message: 'http edges need responses' });
      }
      if (edge.protocol === 'grpc' && !edge.grpcStatuses) {
        ctx.addIssue({
          code: 'custom',
          message: 'grpc edges need grpcStatuses',
        });
      }
    }
  });

const modelSchema = z.object({
  apiVersion: z.literal('mesh-demo.internal/v1'),
  kind: z.literal('TrafficModel'),
  defaults: z.object({ wave: waveSchema.optional() }).optional(),
  edges: z.array(edgeSchema).min(1),
});

/** One traffic edge of the model (see `traffic-model.yaml` for the fields). */
export type TrafficEdge = z.infer<typeof edgeSchema>;
/** The whole traffic model. */
export type TrafficModel = z.infer<typeof modelSchema>;

/** Parses and validates a traffic model from YAML text. */
export function parseTrafficModel(
  text: string,
  origin = 'traffic model',
): TrafficModel {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new InputError(`Invalid YAML in ${origin}: ${error}`);
  }
  const result = modelSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid ${origin} at ${issue.path.join('.') || '(root)'}: ${
        issue.message
      }`,
    );
  }
  const names = new Set<string>();
  for (const edge of result.data.edges) {
    if (names.has(edge.name)) {
      throw new InputError(
        `Invalid ${origin}: duplicate edge name ${edge.name}`,
      );
    }
    names.add(edge.name);
  }
  return result.data;
}

/** Reads and validates a traffic model file. */
export async function loadTrafficModel(file: string): Promise<TrafficModel> {
  return parseTrafficModel(await fs.readFile(file, 'utf8'), file);
}
