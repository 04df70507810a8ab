import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../browser';

/** A backend replica of the production stack started by scripts/prod.sh. */
export interface Replica {
  name: string;
  url: string;
}

/** The two replicas of scripts/prod.sh. */
export const REPLICAS: Replica[] = [
  { name: 'a', url: 'http://127.0.0.1:7007' },
  { name: 'b', url: 'http://127.0.0.1:7008' },
];

/** The node process of a replica (scripts/prod.sh writes its pid). */
export function replicaPid(replica: Replica): number {
  return Number(
    fs
      .readFileSync(
        path.join(
          REPO_ROOT,
          '.state',
          'prod',
          'pids',
          `replica-${replica.name}.pid`,
        ),
        'utf8',
      )
      .trim(),
  );
}

/** Whether the process is still alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signs in as the demo's guest on `replica`, as the app does. */
export async function guestToken(replica: Replica): Promise<string> {
  const res = await fetch(
    `${replica.url}/api/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  const body = (await res.json()) as { backstageIdentity?: { token?: string } };
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error('guest sign-in returned no token');
  return token;
}

/** GETs a route of `replica` as the guest and parses the JSON answer. */
export async function getJson<T>(
  replica: Replica,
  route: string,
  token: string,
): Promise<T> {
  const res = await fetch(`${replica.url}${route}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET ${replica.url}${route}: ${res.status}`);
  return (await res.json()) as T;
}

/** One task as Backstage's scheduler endpoint of a plugin reports it. */
export interface SchedulerTask {
  taskId: string;
  /** This replica's worker: `running` while it executes the task. */
  workerState: { status: string } | null;
  /** The task's state in the shared database (the lock). */
  taskState: { status: string; startedAt?: string; timesOutAt?: string } | null;
}

/**
 * The mesh plugin's scheduled tasks as `replica` sees them
 * (`GET /api/mesh/.backstage/scheduler/v1/tasks`, Backstage's own endpoint).
 */
export async function meshTasks(
  replica: Replica,
  token: string,
): Promise<SchedulerTask[]> {
  const body = await getJson<{ tasks: SchedulerTask[] }>(
    replica,
    '/api/mesh/.backstage/scheduler/v1/tasks',
    token,
  );
  return body.tasks;
}
