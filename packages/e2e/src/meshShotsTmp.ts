import { openSession, signInAsGuest, APP_URL } from './browser';

async function scrollShots(page: any, name: string) {
  const h = await page.evaluate(() => {
    const m = document.querySelector('main') as HTMLElement;
    return m ? m.scrollHeight : 0;
  });
  let i = 0;
  for (let y = 0; y < h && i < 4; y += 750, i++) {
    await page.evaluate((yy: number) => {
      const m = document.querySelector('main') as HTMLElement;
      m.scrollTop = yy;
      window.scrollTo(0, yy);
    }, y);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `/tmp/shots/${name}-s${i}.png` });
  }
}

async function main() {
  const s = await openSession();
  const { page } = s;
  await signInAsGuest(page);
  const only = process.argv[2];
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1280, height: 800 },
  ]) {
    await page.setViewportSize(size);
    for (const theme of ['light', 'dark']) {
      if (size.width === 1280 && theme === 'dark') continue;
      await page.evaluate(
        (t: string) => localStorage.setItem('theme', t),
        theme,
      );
      const tag = `${size.width}-${theme}`;
      if (!only || only === 'audit') {
        await page.goto(`${APP_URL}/mesh/audit`);
        await page.waitForTimeout(5000);
        await scrollShots(page, `audit-${tag}`);
        const widths = await page.evaluate(() => {
          const t = document.querySelector('table[aria-label="Workloads"]');
          return t
            ? [t.scrollWidth, (t.parentElement as HTMLElement).clientWidth]
            : [];
        });
        console.log(tag, 'audit table width / container', widths);
        await page.goto(`${APP_URL}/mesh/audit?notStrict=true`);
        await page.waitForTimeout(4000);
        await scrollShots(page, `auditns-${tag}`);
      }
      if (!only || only === 'explorer') {
        await page.goto(`${APP_URL}/mesh/explorer`);
        await page.waitForTimeout(5000);
        await page.screenshot({ path: `/tmp/shots/explorer-${tag}.png` });
        await page.goto(
          `${APP_URL}/mesh/explorer?focus=${encodeURIComponent(
            'entity:component:default/pipeline-scheduler',
          )}`,
        );
        await page.waitForTimeout(4000);
        await page.screenshot({ path: `/tmp/shots/explorerfocus-${tag}.png` });
      }
    }
  }
  console.log(
    s.consoleLines
      .filter(l => /error/i.test(l))
      .slice(0, 10)
      .join('\n'),
  );
  await s.close();
}
main().catch(e => {
  console.error(e);
  process.exit(1);
});
