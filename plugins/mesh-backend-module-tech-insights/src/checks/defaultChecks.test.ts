import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { meshDefaultChecks } from './defaultChecks';

describe('meshDefaultChecks', () => {
  it('are the checks the demo app-config declares (the README copies them)', () => {
    const appConfig = parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../../app-config.yaml'),
        'utf8',
      ),
    );
    expect(appConfig.techInsights.factChecker.checks).toEqual(
      meshDefaultChecks,
    );
  });
});
