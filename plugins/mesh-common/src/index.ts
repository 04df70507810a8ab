/**
 * Shared types, annotations and permissions of the mesh plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export { csvRecords, parseCsv } from './csv';
export * from './permissions';
export * from './types';
export * from './contract';
export * from './envoy';
export * from './signals';
