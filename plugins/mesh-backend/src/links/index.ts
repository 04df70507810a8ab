/**
 * Link-out URL templates (`mesh.links`): validated by the configuration,
 * rendered for workload nodes by telemetry and for entity views by the
 * service layer.
 */
export { renderLinks, validateLinkTemplate } from './links';
export type { LinkContext } from './links';
