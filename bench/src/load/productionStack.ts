import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';

/** The repository root (the bench package's parent). */
export const REPO_ROOT = resolvePackagePath('@internal/mesh-bench', '..');

/** A backend replica of the production stack started by scripts/prod.sh. */
export interface Replica {
  name: string;
  url: string;
  pidFile: string;
}

/** The two replicas of scripts/prod.sh (override with MESH_LOAD_REPLICAS=name=url,...). */
export function productionReplicas(): Replica[] {
  const spec =
    process.env.MESH_LOAD_REPLICAS ??
    'a=http://127.0.0.1:7007,b=http://127.0.0.1:7008';
  return spec.split(',').map(entry => {
    const [name, url] = entry.split('=');
    return {
      name,
      url,
      pidFile: path.join(
        REPO_ROOT,
        '.state',
        'prod',
        'pids',
        `replica-${name}.pid`,
      ),
    };
  });
}

/** Whether every replica answers its readiness check. */
export async function replicasReady(replicas: Replica[]): Promise<boolean> {
  try {
    const answers = await Promise.all(
      replicas.map(r => fetch(`${r.url}/.backstage/health/v1/readiness`)),
    );
    return answers.every(res => res.ok);
  } catch {
    return false;
  }
}

/** Signs in as the demo's guest on `baseUrl`, as the app does. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  const body = (await res.json()) as { backstageIdentity?: { token?: string } };
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error('guest sign-in returned no token');
  return token;
}

/**
 * Resident memory of a replica's node process (VmRSS), in MiB; undefined
 * when its pid file is missing (a stack started some other way).
 */
export function replicaRssMiB(replica: Replica): number | undefined {
  try {
    const pid = fs.readFileSync(replica.pidFile, 'utf8').trim();
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return rss ? Math.round(Number(rss[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}
