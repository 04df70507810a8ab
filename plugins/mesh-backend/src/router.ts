import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import {
  readCoverageHistory,
  sendAuditCsv,
  type HistoryStore,
} from './history';
import {
  auditQuerySchema,
  emptyQuerySchema,
  entityGraphQuerySchema,
  entityParamsSchema,
  inboundMtlsQuerySchema,
  meshGraphQuerySchema,
  parseInput,
} from './schema/requests';
import { withVisibleOwners, type MeshService } from './service';
import type { TelemetryService } from './telemetry/types';

/**
 * Dependencies of {@link createRouter}.
 * @internal
 */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  meshService: MeshService;
  /** Mounts `/graph/*` and `/mtls/*` when present. */
  telemetry?: TelemetryService;
  /** Mounts `/audit/history` when present. */
  history?: HistoryStore;
}

/**
 * The mesh REST API (see `src/schema/openapi.yaml`). Validates input, reads
 * the caller's credentials and delegates; the service enforces visibility
 * and permissions. Errors are thrown and rendered by the backend.
 * @internal
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, meshService, telemetry, history } = options;
  const router = Router();
  router.use(express.json());

  // The httpRouter's default policy already refuses unauthenticated calls;
  // asking for a principal here keeps the routes safe on their own too.
  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entity/:namespace/:kind/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entity = parseInput(entityParamsSchema, req.params);
    parseInput(emptyQuerySchema, req.query);
    res.json(await meshService.getEntityMesh(entity, { credentials }));
  });

  router.get('/audit', async (req, res) => {
    const credentials = await credentialsOf(req);
    const query = parseInput(auditQuerySchema, req.query);
    res.json(await meshService.getAudit(query, { credentials }));
  });

  router.get('/audit/export.csv', async (req, res) => {
    const credentials = await credentialsOf(req);
    // Paging parameters are accepted and ignored: the export is complete.
    const query = parseInput(auditQuerySchema, req.query);
    const rows = await meshService.listAuditRows(query, { credentials });
    sendAuditCsv(res, rows);
  });

  if (history) {
    router.get('/audit/history', async (req, res) => {
      const credentials = await credentialsOf(req);
      await meshService.authorizeAudit({ credentials });
      const owners = await meshService.visibleOwners({ credentials });
      res.json(
        withVisibleOwners(
          await readCoverageHistory(history, req.query),
          owners,
        ),
      );
    });
  }

  router.get('/clusters', async (req, res) => {
    const credentials = await credentialsOf(req);
    parseInput(emptyQuerySchema, req.query);
    res.json(await meshService.getClusters({ credentials }));
  });

  if (telemetry) {
    router.get('/graph/entity/:namespace/:kind/:name', async (req, res) => {
      const credentials = await credentialsOf(req);
      const entity = parseInput(entityParamsSchema, req.params);
      const query = parseInput(entityGraphQuerySchema, req.query);
      const ref = await meshService.authorizeEntity(entity, { credentials });
      const visibleEntities = await meshService.visibleEntityRefs({
        credentials,
      });
      res.json(
        await telemetry.getEntityGraph(ref, { ...query, visibleEntities }),
      );
    });

    router.get('/graph/mesh', async (req, res) => {
      const credentials = await credentialsOf(req);
      const query = parseInput(meshGraphQuerySchema, req.query);
      await meshService.authorizeAudit({ credentials });
      const visibleEntities = await meshService.visibleEntityRefs({
        credentials,
      });
      // Unowned workloads are listed by the audit too, so the graph keeps them.
      res.json(
        await telemetry.getMeshGraph({
          ...query,
          visibleEntities,
          includeUnowned: true,
        }),
      );
    });

    router.get('/mtls/entity/:namespace/:kind/:name', async (req, res) => {
      const credentials = await credentialsOf(req);
      const entity = parseInput(entityParamsSchema, req.params);
      const query = parseInput(inboundMtlsQuerySchema, req.query);
      const ref = await meshService.authorizeEntity(entity, { credentials });
      const visibleEntities = await meshService.visibleEntityRefs({
        credentials,
      });
      res.json(
        await telemetry.getInboundMtls(ref, { ...query, visibleEntities }),
      );
    });
  }

  return router;
}
