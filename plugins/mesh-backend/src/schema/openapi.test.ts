import { mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createRouter } from '../router';
import type { MeshService } from '../service';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

const document = parse(
  fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
);

/** Every `METHOD /path` the router serves, in OpenAPI path syntax. */
async function routerRoutes(): Promise<string[]> {
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    meshService: { hasTelemetry: true, hasHistory: true } as MeshService,
  });
  return (router.stack as Layer[])
    .filter(layer => layer.route)
    .flatMap(layer =>
      Object.keys(layer.route!.methods).map(
        method =>
          `${method.toUpperCase()} ${layer.route!.path.replace(
            /:(\w+)/g,
            '{$1}',
          )}`,
      ),
    )
    .sort();
}

function documentRoutes(): string[] {
  return Object.entries(document.paths as Record<string, object>)
    .flatMap(([route, operations]) =>
      Object.keys(operations).map(method => `${method.toUpperCase()} ${route}`),
    )
    .sort();
}

/** Every `$ref` value anywhere in the document. */
function refs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refs);
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) =>
      key === '$ref' ? [value as string] : refs(value),
    );
  }
  return [];
}

describe('openapi.yaml', () => {
  it('is an OpenAPI 3 document', () => {
    expect(document.openapi).toMatch(/^3\./);
  });

  it('describes every route of the router, and nothing else', async () => {
    expect(documentRoutes()).toEqual(await routerRoutes());
  });

  it('resolves every $ref', () => {
    for (const ref of refs(document)) {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<any>((node, key) => node?.[key], document);
      expect({ ref, found: target !== undefined }).toEqual({
        ref,
        found: true,
      });
    }
  });

  it('leaves only /health unauthenticated', () => {
    const open = Object.entries(document.paths as Record<string, any>)
      .filter(([, operations]) =>
        Object.values(operations).some(
          (operation: any) =>
            Array.isArray(operation.security) &&
            operation.security.length === 0,
        ),
      )
      .map(([route]) => route);
    expect(open).toEqual(['/health']);
  });
});
