import type { Config } from '@backstage/config';
import type { PostureNotificationSettings } from './PostureNotifier';

/** Reads `meshTechInsights.notifications`, with its defaults. */
export function readNotificationSettings(
  config: Config,
): PostureNotificationSettings {
  const own = config.getOptionalConfig('meshTechInsights.notifications');
  return {
    regressions: own?.getOptionalBoolean('regressions') ?? true,
    improvements: own?.getOptionalBoolean('improvements') ?? false,
    appBaseUrl: config.getString('app.baseUrl').replace(/\/+$/, ''),
    meshTabPath: own?.getOptionalString('meshTabPath') ?? 'mesh',
  };
}
