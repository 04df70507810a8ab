import type {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import {
  type CompoundEntityRef,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@mesh-portal/plugin-mesh-common';
import { entityMeshFacts } from './entityMeshFacts';
import { MESH_FACT_RETRIEVER_ID, meshFactSchema } from './factSchema';
import { MeshRestReader } from './meshRestReader';

/** Catalog entities read per page. */
const PAGE_SIZE = 500;
/** Entities whose mesh view is read at the same time. */
const CONCURRENCY = 4;

/** Only entities carrying a Kubernetes plugin annotation can claim workloads. */
function claimsWorkloads(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION] ||
      annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION],
  );
}

async function listCandidates(
  catalog: CatalogService,
  ctx: FactRetrieverContext,
): Promise<CompoundEntityRef[]> {
  const credentials = await ctx.auth.getOwnServiceCredentials();
  const fields = [
    'kind',
    'metadata.name',
    'metadata.namespace',
    'metadata.annotations',
  ];
  const refs: CompoundEntityRef[] = [];
  let page = await catalog.queryEntities(
    { filter: ctx.entityFilter, fields, limit: PAGE_SIZE },
    { credentials },
  );
  for (;;) {
    for (const entity of page.items) {
      if (!claimsWorkloads(entity)) continue;
      refs.push({
        kind: entity.kind,
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      });
    }
    const cursor = page.pageInfo.nextCursor;
    if (!cursor) return refs;
    page = await catalog.queryEntities(
      { cursor, fields, limit: PAGE_SIZE },
      { credentials },
    );
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: limit }, lane));
}

/**
 * The mesh fact retriever: for every catalog entity of its entity filter
 * that claims Kubernetes workloads, the posture mesh already computed
 * (membership, STRICT per port, findings), the observed inbound mTLS
 * share and the STRICT readiness, read from the mesh backend's REST API.
 * Entities without workloads get no facts; an entity the mesh backend fails
 * to answer for is logged and skipped, so one bad entity never drops the
 * others' facts.
 * @public
 */
export function createMeshFactRetriever(options: {
  catalog: CatalogService;
}): FactRetriever {
  return {
    id: MESH_FACT_RETRIEVER_ID,
    version: '0.2.0',
    title: 'Istio service mesh posture',
    description:
      'Mesh membership, STRICT mTLS on every port, findings and observed inbound mTLS of the entity workloads, from the mesh plugin',
    entityFilter: [{ kind: 'component' }],
    schema: meshFactSchema,
    async handler(ctx) {
      const reader = new MeshRestReader(ctx);
      const candidates = await listCandidates(options.catalog, ctx);
      const facts: TechInsightFact[] = [];
      let failures = 0;
      await forEachLimited(candidates, CONCURRENCY, async entity => {
        try {
          const reading = await reader.read(entity);
          if (!reading) return;
          const values = entityMeshFacts(
            reading.view,
            reading.observedInboundMtlsShare,
            reading.readiness,
          );
          if (values) facts.push({ entity, facts: values });
        } catch (error) {
          failures += 1;
          ctx.logger.warn(
            `No mesh facts for ${stringifyEntityRef(entity)}: ${error}`,
          );
        }
      });
      const failed = failures ? `, ${failures} failed` : '';
      ctx.logger.info(
        `Mesh facts for ${facts.length} of ${candidates.length} annotated entities${failed}`,
      );
      return facts;
    },
  };
}
