/**
 * Bounds of every request parameter of the mesh REST API. The router
 * validates with these, the OpenAPI document states them (a test keeps the two
 * equal) and the frontend never asks for more.
 * @public
 */
export const MESH_REQUEST_LIMITS = {
  /** Rows per audit page (`limit`). */
  auditPageSizeMax: 1000,
  /** Rows per audit page when the client does not say. */
  auditPageSizeDefault: 100,
  /** Largest audit `offset`. */
  auditOffsetMax: 10_000_000,
  /** Nodes of the mesh graph (`limit`). */
  meshGraphNodesMax: 5000,
  /** Nodes of the mesh graph when the client does not say. */
  meshGraphNodesDefault: 500,
  /** Hops of an entity's neighbourhood (`depth`). */
  graphDepthMax: 3,
  /** Values of one repeated filter parameter. */
  filterValuesMax: 100,
  /** Length of one filter value. */
  filterValueLengthMax: 512,
  /** Length of the audit's free-text search. */
  searchLengthMax: 200,
  /** Days of coverage history (`days`). */
  historyDaysMax: 400,
  /** Days of coverage history when the client does not say. */
  historyDaysDefault: 30,
  /** Series keys of one history request (`key`). */
  historyKeysMax: 200,
  /** Length of an entity ref's namespace, kind or name in a path. */
  entityRefPartLengthMax: 253,
} as const;
