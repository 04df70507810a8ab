import { openSession, signInAsGuest, APP_URL } from './browser';

async function main() {
  const s = await openSession();
  const { page } = s;
  await signInAsGuest(page);
  const out: string[] = [];
  for (const theme of ['light', 'dark']) {
    await page.evaluate(t => localStorage.setItem('theme', t), theme);
    for (const [vw, vh] of [
      [1440, 900],
      [1280, 800],
    ]) {
      await page.setViewportSize({ width: vw, height: vh });
      for (const [name, url] of [
        ['card', '/catalog/default/component/web-frontend'],
        ['tab', '/catalog/default/component/web-frontend/mesh'],
      ]) {
        await page.goto(APP_URL + url);
        await page.waitForTimeout(2000);
        if (await page.getByRole('button', { name: /enter/i }).isVisible()) {
          await signInAsGuest(page);
          await page.goto(APP_URL + url);
        }
        await page.waitForTimeout(7000);
        await page.screenshot({
          path: `/tmp/svc/${name}-${theme}-${vw}.png`,
          fullPage: true,
        });
        if (name === 'tab') {
          for (const title of ['Traffic', 'Declared versus observed dependencies']) {
            const card = page.getByText(title, { exact: true }).first();
            await card.evaluate(el => el.scrollIntoView({ block: 'start' }));
            await page.waitForTimeout(500);
            await page.screenshot({
              path: `/tmp/svc/${name}-${title.slice(0, 7)}-${theme}-${vw}.png`,
            });
          }
          const m = await page.evaluate(() => {
            const btn = document.querySelector(
              '[data-testid="mesh-traffic-graph"] button',
            ) as HTMLElement | null;
            const box = document.querySelector(
              '[data-testid="mesh-traffic-graph"]',
            ) as HTMLElement | null;
            const b = btn?.getBoundingClientRect();
            const g = box?.getBoundingClientRect();
            const heads = Array.from(
              document.querySelectorAll('table[aria-label="Placement"] th'),
            ).map(th => `${th.textContent}:${Math.round(th.getBoundingClientRect().height)}`);
            return {
              docScroll: document.documentElement.scrollWidth,
              inner: window.innerWidth,
              button: b && [b.left, b.right, b.top],
              graph: g && [g.left, g.right, g.top],
              heads,
              shown: document.querySelector('[data-testid="mesh-traffic-shown"]')?.textContent,
            };
          });
          out.push(`${theme} ${vw} ${JSON.stringify(m)}`);
        }
      }
    }
  }
  // Switch entities with a slow, then forbidden, mesh answer.
  await page.evaluate(() => localStorage.setItem('theme', 'light'));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(APP_URL + '/catalog/default/component/web-frontend');
  await page.waitForTimeout(2000);
  if (await page.getByRole('button', { name: /enter/i }).isVisible()) {
    await signInAsGuest(page);
    await page.goto(APP_URL + '/catalog/default/component/web-frontend');
  }
  await page.waitForTimeout(6000);
  await page.route('**/api/mesh/entity/default/Component/public-api', async route => {
    await new Promise(r => setTimeout(r, 4000));
    await route.fulfill({
      status: 403,
      contentType: 'application/json',
      body: JSON.stringify({
        error: { name: 'NotAllowedError', message: 'Access denied' },
        request: { method: 'GET', url: '/x' },
        response: { statusCode: 403 },
      }),
    });
  });
  await page.evaluate(() => {
    history.pushState({}, '', '/catalog/default/component/public-api');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/svc/nav-during.png' });
  await page.waitForTimeout(5000);
  await page.screenshot({ path: '/tmp/svc/nav-after.png' });
  console.log(out.join('\n'));
  await s.close();
}
main().catch(e => {
  console.error(e);
  process.exit(1);
});
