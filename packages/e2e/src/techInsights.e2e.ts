import type { Page } from 'playwright-core';
import { APP_URL, saveDocScreenshot, signInAsGuest } from './browser';
import {
  BACKEND_URL,
  eventually,
  meshGet,
  SIM_CONTROL_URL,
  waitForDemoData,
} from './backend';
import { withSession } from './withSession';

/**
 * Tech Insights checks of mesh posture on the service page, and the owner's
 * notification (through the API and on the notifications page) when a namespace's PeerAuthentication goes from STRICT (the
 * mesh-wide default) to PERMISSIVE. auth-service (platform/identity) is owned
 * by team-platform, of which the demo's guest user is a member.
 */
const ENTITY = 'auth-service';
const WORKLOAD = 'platform/identity/Deployment/auth-service';
const POLICY_PATH =
  '/clusters/platform/apis/security.istio.io/v1/namespaces/identity/peerauthentications/default';

interface CheckResult {
  check: { id: string; name: string };
  result: boolean;
}

interface NotificationList {
  totalCount: number;
  notifications: Array<{
    payload: {
      title: string;
      description?: string;
      link?: string;
      topic?: string;
    };
  }>;
}

let token: string;

beforeAll(async () => {
  token = await waitForDemoData();
});

async function runChecks(): Promise<Record<string, boolean>> {
  const res = await fetch(
    `${BACKEND_URL}/api/tech-insights/checks/run/default/component/${ENTITY}`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        checks: ['meshInTheMesh', 'meshStrictMtls', 'meshNoErrorFindings'],
      }),
    },
  );
  if (!res.ok) throw new Error(`checks: ${res.status} ${await res.text()}`);
  const results = (await res.json()) as CheckResult[];
  return Object.fromEntries(results.map(r => [r.check.id, r.result]));
}

async function postureNotifications(since: string): Promise<NotificationList> {
  const query = new URLSearchParams({
    topic: 'mesh-posture',
    createdAfter: since,
  });
  const res = await fetch(
    `${BACKEND_URL}/api/notifications/notifications?${query}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  if (!res.ok)
    throw new Error(`notifications: ${res.status} ${await res.text()}`);
  return (await res.json()) as NotificationList;
}

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${SIM_CONTROL_URL}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok)
    throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

async function strictOf(): Promise<string | undefined> {
  const view = await meshGet<{
    workloads: Array<{ id: string; coverage: string }>;
  }>(`/entity/default/component/${ENTITY}`, token);
  return view.workloads.find(w => w.id === WORKLOAD)?.coverage;
}

/** Opens the overview and waits until the checks card shows `expected`. */
async function checksCard(page: Page, expected: Record<string, string>) {
  await signInAsGuest(page);
  return eventually(
    `the Mesh checks card of ${ENTITY} to show ${JSON.stringify(expected)}`,
    async () => {
      await page.goto(`${APP_URL}/catalog/default/component/${ENTITY}`);
      const card = page
        .locator('article, .MuiCard-root')
        .filter({ hasText: 'Mesh checks' })
        .first();
      await card.waitFor({ timeout: 60_000 });
      for (const [id, text] of Object.entries(expected)) {
        const item = card.getByTestId(`mesh-check-${id}`);
        await item.waitFor({ timeout: 30_000 });
        if (!(await item.innerText()).includes(text)) return undefined;
      }
      return card;
    },
    240_000,
    5_000,
  );
}

describe('Tech Insights mesh checks and posture notifications', () => {
  it('shows the passing mesh checks of a STRICT service next to the mesh card', () =>
    withSession('tech insights scorecard', async ({ page }) => {
      // The retriever runs every minute: wait for its first facts.
      await eventually(
        'the first mesh facts of auth-service',
        async () => ((await runChecks()).meshStrictMtls ? true : undefined),
        240_000,
        5_000,
      );
      expect(await runChecks()).toEqual({
        meshInTheMesh: true,
        meshStrictMtls: true,
        meshNoErrorFindings: true,
      });
      const card = await checksCard(page, {
        meshInTheMesh: 'Passed',
        meshStrictMtls: 'Passed',
        meshNoErrorFindings: 'Passed',
      });
      await saveDocScreenshot(page, 'tech-insights-checks', { element: card });
    }));

  it('turns "STRICT mTLS on every port" red and notifies the owner once when the namespace goes PERMISSIVE (E1, E4)', () =>
    withSession('tech insights regression', async ({ page }) => {
      const since = new Date().toISOString();
      expect((await postureNotifications(since)).totalCount).toBe(0);
      await control('POST', '/clusters/platform/apply', {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'identity' },
        spec: { mtls: { mode: 'PERMISSIVE' } },
      });
      try {
        await eventually(
          'mesh to see auth-service PERMISSIVE',
          async () =>
            (await strictOf()) === 'meshed-not-strict' ? true : undefined,
          120_000,
        );
        await eventually(
          'the STRICT check of auth-service to fail',
          async () =>
            (await runChecks()).meshStrictMtls === false ? true : undefined,
          240_000,
          5_000,
        );
        const list = await eventually(
          'the owner to be notified',
          async () => {
            const found = await postureNotifications(since);
            return found.totalCount > 0 ? found : undefined;
          },
          120_000,
          2_000,
        );
        expect(list.totalCount).toBe(1);
        expect(list.notifications[0].payload).toMatchObject({
          title: 'Mesh posture of auth-service regressed',
          link: `${APP_URL}/catalog/default/component/auth-service/mesh`,
          topic: 'mesh-posture',
        });
        expect(list.notifications[0].payload.description).toContain(
          `No longer STRICT mTLS on every port: ${WORKLOAD}`,
        );

        // What the owner sees on Backstage's notifications page.
        await signInAsGuest(page);
        await page.goto(`${APP_URL}/notifications`);
        const notification = page
          .getByText('Mesh posture of auth-service regressed')
          .first();
        await notification.waitFor({ timeout: 60_000 });
        await page
          .getByText(`No longer STRICT mTLS on every port: ${WORKLOAD}`)
          .first()
          .waitFor({ timeout: 30_000 });
        await saveDocScreenshot(page, 'tech-insights-notification');

        const card = await checksCard(page, {
          meshInTheMesh: 'Passed',
          meshNoErrorFindings: 'Passed',
          meshStrictMtls: 'STRICT on every port.',
        });
        await saveDocScreenshot(page, 'tech-insights-checks-regressed', {
          element: card,
        });
      } finally {
        await control('DELETE', POLICY_PATH);
        await eventually(
          'mesh to see auth-service STRICT again',
          async () => ((await strictOf()) === 'strict' ? true : undefined),
          120_000,
        );
      }
      // Back to STRICT: the check passes again, with no second notification
      // (improvements are off by default).
      await eventually(
        'the STRICT check of auth-service to pass again',
        async () => ((await runChecks()).meshStrictMtls ? true : undefined),
        240_000,
        5_000,
      );
      expect((await postureNotifications(since)).totalCount).toBe(1);
    }));
});
