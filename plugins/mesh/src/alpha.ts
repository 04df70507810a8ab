/**
 * The mesh plugin for apps on the new frontend system.
 *
 * @packageDocumentation
 */

export { meshPlugin as default } from './alpha/plugin';
export { meshPlugin } from './alpha/plugin';
export { meshApi, meshEntityCard, meshEntityContent } from './alpha/extensions';
export { meshAuditPage, meshExplorerPage } from './alpha/pages';
