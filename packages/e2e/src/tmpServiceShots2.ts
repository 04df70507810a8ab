import { openSession, signInAsGuest, APP_URL } from './browser';

async function main() {
  const s = await openSession();
  const { page } = s;
  await signInAsGuest(page);
  const failedSources = [
    { name: 'platform', ok: false, error: 'Prometheus answered 503' },
    { name: 'compute', ok: false, error: 'connect ECONNREFUSED 127.0.0.1:19091' },
  ];
  await page.route('**/api/mesh/mtls/entity/**', async route => {
    const res = await route.fetch();
    const body = await res.json();
    await route.fulfill({
      response: res,
      json: { ...body, mtlsShare: undefined, sources: failedSources },
    });
  });
  await page.route('**/api/mesh/graph/entity/**', async route => {
    const url = route.request().url();
    const res = await route.fetch();
    const body = await res.json();
    if (url.includes('window=1h')) {
      await new Promise(r => setTimeout(r, 6000));
      await route.fulfill({ response: res, json: body });
      return;
    }
    await route.fulfill({
      response: res,
      json: { ...body, nodes: [], edges: [], sources: failedSources },
    });
  });
  await page.route('**/api/mesh/entity/**', async route => {
    const res = await route.fetch();
    const body = await res.json();
    body.clusters = body.clusters.map((c: any) =>
      c.name === 'compute'
        ? { ...c, ok: false, stale: false, ageSeconds: 27, error: 'connect ECONNREFUSED 127.0.0.1:16444' }
        : c,
    );
    await route.fulfill({ response: res, json: body });
  });
  for (const theme of ['light', 'dark']) {
    await page.evaluate(t => localStorage.setItem('theme', t), theme);
    for (const [vw, vh] of [
      [1440, 900],
      [1280, 800],
    ]) {
      await page.setViewportSize({ width: vw, height: vh });
      await page.goto(APP_URL + '/catalog/default/component/web-frontend');
      await page.waitForTimeout(7000);
      await page.screenshot({ path: `/tmp/svc/down-card-${theme}-${vw}.png` });
      await page.goto(APP_URL + '/catalog/default/component/web-frontend/mesh');
      await page.waitForTimeout(7000);
      await page.screenshot({ path: `/tmp/svc/down-tab-${theme}-${vw}.png` });
      const traffic = page.getByText('Traffic', { exact: true }).first();
      await traffic.evaluate(el => el.scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(500);
      await page.screenshot({ path: `/tmp/svc/down-traffic-${theme}-${vw}.png` });
      if (theme === 'light' && vw === 1440) {
        await page.getByLabel('Window').click();
        await page.getByRole('option', { name: 'Last 1h' }).click();
        await page.waitForTimeout(1000);
        await page.screenshot({ path: `/tmp/svc/window-change.png` });
        await page.waitForTimeout(7000);
        await page.screenshot({ path: `/tmp/svc/window-after.png` });
      }
    }
  }
  await s.close();
}
main().catch(e => {
  console.error(e);
  process.exit(1);
});
