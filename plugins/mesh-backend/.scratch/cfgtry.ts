import { ConfigReader } from '@backstage/config';
import { readMeshConfig } from '/work/main/plugins/mesh-backend/src/config';
const base = { kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }, { type: 'config', clusters: [{ name: 'a', url: 'http://127.0.0.1:1', authProvider: 'serviceAccount', serviceAccountToken: 't' }] }] } };
console.log(JSON.stringify(readMeshConfig(new ConfigReader({ ...base, mesh: { refresh: { frequency: '10s' }, clusters: [{ name: 'a' , prometheus: { url: 'http://x:9090/' }}] } }))));
for (const mesh of [{ clusters: [{name:'a'},{ name: 'a', prometheus: { url: 'ftp://x' } }] }, { refresh: { frequency: 'banana' } }, { bogus: 1 }]) {
  try { readMeshConfig(new ConfigReader({ ...base, mesh })); } catch (e) { console.log((e as Error).message); }
}
