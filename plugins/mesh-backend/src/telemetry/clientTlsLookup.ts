import type {
  MeshModel,
  ServicePortClientTls,
} from '@mesh-portal/plugin-mesh-common';
import type { WorkloadDirectory } from './types';

type ClientMode = ServicePortClientTls['clientMode'];

/** Client modes that send mutual TLS (E7-E9). */
const MUTUAL: ReadonlySet<ClientMode> = new Set([
  'ISTIO_MUTUAL',
  'MUTUAL',
  'AUTO_MTLS',
]);

function verdict(modes: ClientMode[]): 'mtls' | 'plaintext' | undefined {
  if (modes.length === 0) return undefined;
  if (modes.every(m => MUTUAL.has(m))) return 'mtls';
  if (modes.every(m => !MUTUAL.has(m))) return 'plaintext';
  return undefined;
}

/**
 * Implements {@link WorkloadDirectory.clientTlsToward} from the engine's
 * model: the Service `host` in the client's cluster (configuration is per
 * cluster, G19), read from the client namespace's own DestinationRule when
 * one overrides the Service's view (E10), else from the Service's. Istio
 * metrics carry no port, so a Service whose ports disagree is unknown.
 */
export function clientTlsLookupFrom(
  model: Pick<MeshModel, 'services'>,
): NonNullable<WorkloadDirectory['clientTlsToward']> {
  const byHost = new Map<string, MeshModel['services'][number]>();
  for (const service of model.services) {
    byHost.set(`${service.cluster}\u0000${service.host}`, service);
  }
  return (client, host) => {
    const service = byHost.get(`${client.cluster}\u0000${host}`);
    if (!service) return undefined;
    const own = service.clientNamespaces?.find(
      c => c.namespace === client.namespace,
    );
    return verdict((own?.ports ?? service.ports).map(p => p.clientMode));
  };
}

/**
 * {@link WorkloadDirectory.clientTlsToward} over a model that changes with
 * each snapshot: the lookup is rebuilt only when `model()` returns another
 * object. Wire it into the directory as
 * `clientTlsToward: clientTlsTowardLatest(() => snapshot.view().index.model)`.
 */
export function clientTlsTowardLatest(
  model: () => Pick<MeshModel, 'services'>,
): NonNullable<WorkloadDirectory['clientTlsToward']> {
  let built: Pick<MeshModel, 'services'> | undefined;
  let lookup: NonNullable<WorkloadDirectory['clientTlsToward']> = () =>
    undefined;
  return (client, host) => {
    const current = model();
    if (current !== built) {
      built = current;
      lookup = clientTlsLookupFrom(current);
    }
    return lookup(client, host);
  };
}
