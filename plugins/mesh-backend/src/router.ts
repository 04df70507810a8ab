import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { sendAuditCsv } from './history';
import { responseGzip, responseJson } from './sharedJson';
import {
  auditFindingsQuerySchema,
  auditQuerySchema,
  edgeDetailQuerySchema,
  emptyQuerySchema,
  entityGraphQuerySchema,
  entityParamsSchema,
  historyQuerySchema,
  inboundMtlsQuerySchema,
  meshGraphQuerySchema,
  parseInput,
  readinessQuerySchema,
} from './schema/requests';
import type { MeshService } from './service';

/**
 * Dependencies of {@link createRouter}.
 * @internal
 */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  meshService: MeshService;
}

/**
 * The mesh REST API (see `src/schema/openapi.yaml`). It only parses input,
 * reads the caller's credentials and responds: the service decides what the
 * caller may see. Errors are thrown and rendered by the backend.
 * @internal
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, meshService } = options;
  const router = Router();

  // The httpRouter's default policy already refuses unauthenticated calls;
  // asking for a principal here keeps the routes safe on their own too.
  const caller = async (req: express.Request) => ({
    credentials: await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    }),
  });

  // Graph views share their nodes and edges between requests (frozen): their
  // JSON is reused instead of serialising 500 nodes again, and so is its
  // gzip when the client takes gzip (the compression middleware then leaves
  // the answer be).
  const sendGraph = (
    req: express.Request,
    res: express.Response,
    body: object,
  ) => {
    res.vary('Accept-Encoding').type('json');
    // Even a small answer: its few bytes go into a stored block, no
    // compressor runs for it.
    if (req.acceptsEncodings('gzip') === 'gzip') {
      res.setHeader('Content-Encoding', 'gzip');
      res.send(responseGzip(body).body);
      return;
    }
    res.send(responseJson(body));
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entity/:namespace/:kind/:name', async (req, res) => {
    const who = await caller(req);
    const entity = parseInput(entityParamsSchema, req.params);
    parseInput(emptyQuerySchema, req.query);
    res.json(await meshService.getEntityMesh(entity, who));
  });

  router.get('/audit', async (req, res) => {
    const who = await caller(req);
    const query = parseInput(auditQuerySchema, req.query);
    res.json(await meshService.getAudit(query, who));
  });

  router.get('/audit/export.csv', async (req, res) => {
    const who = await caller(req);
    // Paging parameters are accepted and ignored: the export is complete.
    const query = parseInput(auditQuerySchema, req.query);
    sendAuditCsv(res, await meshService.listAuditRows(query, who));
  });

  router.get('/audit/findings', async (req, res) => {
    const who = await caller(req);
    const query = parseInput(auditFindingsQuerySchema, req.query);
    res.json(await meshService.getAuditFindings(query, who));
  });

  if (meshService.hasHistory) {
    router.get('/audit/history', async (req, res) => {
      const who = await caller(req);
      const query = parseInput(historyQuerySchema, req.query);
      res.json(await meshService.getHistory(query, who));
    });
  }

  router.get('/clusters', async (req, res) => {
    const who = await caller(req);
    parseInput(emptyQuerySchema, req.query);
    res.json(await meshService.getClusters(who));
  });

  if (meshService.hasTelemetry) {
    router.get('/graph/entity/:namespace/:kind/:name', async (req, res) => {
      const who = await caller(req);
      const entity = parseInput(entityParamsSchema, req.params);
      const query = parseInput(entityGraphQuerySchema, req.query);
      sendGraph(req, res, await meshService.getEntityGraph(entity, query, who));
    });

    router.get('/graph/mesh', async (req, res) => {
      const who = await caller(req);
      const query = parseInput(meshGraphQuerySchema, req.query);
      sendGraph(req, res, await meshService.getMeshGraph(query, who));
    });

    router.get('/edge', async (req, res) => {
      const who = await caller(req);
      const query = parseInput(edgeDetailQuerySchema, req.query);
      res.json(await meshService.getEdgeDetail(query, who));
    });

    router.get('/mtls/entity/:namespace/:kind/:name', async (req, res) => {
      const who = await caller(req);
      const entity = parseInput(entityParamsSchema, req.params);
      const query = parseInput(inboundMtlsQuerySchema, req.query);
      res.json(await meshService.getInboundMtls(entity, query, who));
    });

    router.get('/readiness/entity/:namespace/:kind/:name', async (req, res) => {
      const who = await caller(req);
      const entity = parseInput(entityParamsSchema, req.params);
      const query = parseInput(readinessQuerySchema, req.query);
      res.json(await meshService.getEntityReadiness(entity, query, who));
    });

    router.get('/readiness/audit', async (req, res) => {
      const who = await caller(req);
      const query = parseInput(readinessQuerySchema, req.query);
      res.json(await meshService.getReadinessAudit(query, who));
    });
  }

  return router;
}
