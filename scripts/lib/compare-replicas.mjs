// Checks that every replica given on the command line serves the same mesh
// data: signs in as the demo's guest on the first, waits until each replica
// has ingested the catalog and read both clusters, then compares
// `GET /api/mesh/entity/...` and `GET /api/mesh/clusters` across replicas.
// Volatile fields (ages, which depend on the moment of the request) are left
// out; the rest must be identical. Exits non-zero, saying why, otherwise.
//
//   node scripts/lib/compare-replicas.mjs http://127.0.0.1:7007 http://127.0.0.1:7008

const replicas = process.argv.slice(2);
const ENTITIES = ['web-frontend', 'spark-job-runner'];
const TIMEOUT_MS = 240_000;

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function guestToken(base) {
  const res = await fetch(`${base}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in: ${res.status}`);
  const token = (await res.json()).backstageIdentity?.token;
  if (!token) throw new Error('guest sign-in returned no token');
  return token;
}

async function get(base, path, token) {
  const res = await fetch(`${base}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET ${base}${path}: ${res.status}`);
  return res.json();
}

/** The answer without what legitimately differs from one second to the next. */
function comparable(value) {
  return JSON.stringify(value, (key, v) =>
    ['ageSeconds', 'generatedAt', 'stale'].includes(key) ? undefined : v,
  );
}

async function until(what, check) {
  const deadline = Date.now() + TIMEOUT_MS;
  let last;
  for (;;) {
    try {
      const result = await check();
      if (result === true) return;
      last = result;
    } catch (error) {
      last = error.message;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: ${last}`);
    }
    await sleep(2000);
  }
}

async function main() {
  if (replicas.length < 2) throw new Error('give at least two replica URLs');
  let token;
  await until('the guest sign-in', async () => {
    token = await guestToken(replicas[0]);
    return true;
  });
  for (const base of replicas) {
    await until(`${base} to have the catalog and both clusters`, async () => {
      for (const name of ENTITIES) {
        const mesh = await get(
          base,
          `/api/mesh/entity/default/component/${name}`,
          token,
        );
        if (!mesh.workloads.length) return `${name}: no workloads yet`;
        if (!mesh.clusters.every(c => c.ok))
          return `${name}: clusters not read yet`;
      }
      return true;
    });
  }
  const routes = [
    ...ENTITIES.map(name => `/api/mesh/entity/default/component/${name}`),
    '/api/mesh/clusters',
  ];
  await until('identical answers from every replica', async () => {
    for (const route of routes) {
      const answers = await Promise.all(
        replicas.map(async base => comparable(await get(base, route, token))),
      );
      if (answers.some(answer => answer !== answers[0])) {
        return `${route} differs (a replica has not loaded the latest snapshot yet)`;
      }
    }
    return true;
  });
  console.log(
    `    ${routes.length} routes identical on ${replicas.join(' and ')}`,
  );
}

main().catch(error => {
  console.error(`[mesh] ${error.message}`);
  process.exit(1);
});
