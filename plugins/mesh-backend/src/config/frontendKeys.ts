import { z } from 'zod';

/**
 * Keys of the shared `mesh:` block that belong to the frontend plugin
 * (`@mesh-portal/plugin-mesh`, declared in its `config.d.ts`).
 *
 * Both plugins read the one `mesh:` block, and the backend refuses keys it
 * does not know so that a typo stops startup with the key's name. The
 * frontend's keys are therefore listed here: the backend checks their type
 * but never uses them. `configContract.test.ts` compiles both `config.d.ts`
 * files and fails when a key declared there is missing from this list or
 * from the backend schema.
 */
export const frontendMeshKeys = {
  /** `mesh.refreshIntervalMs`: the card's and tab's reload interval. */
  refreshIntervalMs: z
    .number()
    .int('must be a whole number of milliseconds')
    .min(0, 'must be 0 (off) or more')
    .optional(),
};
