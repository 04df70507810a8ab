/*
 * Each cluster's last read objects, shared by every replica: one row per
 * cluster. Written by the refreshing replica's snapshot store, read by all.
 *
 * Installations that ran the snapshot store's former in-code migration
 * (tracked in `mesh_snapshot_migrations`) already have the table with exactly
 * this shape, so it is only created when missing.
 */

// @ts-check

const TABLE = 'mesh_cluster_snapshots';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (await knex.schema.hasTable(TABLE)) return;
  await knex.schema.createTable(TABLE, table => {
    // No apostrophes in comments: knex does not escape them in PostgreSQL's
    // COMMENT ON TABLE, which then fails with a syntax error.
    table.comment('The last read objects and read status of each cluster');
    table.string('cluster', 255).primary().comment('Backstage cluster name');
    table
      .string('objects_version', 64)
      .nullable()
      .comment('SHA-256 of the objects JSON');
    table
      .binary('objects')
      .nullable()
      .comment('gzipped JSON of the cluster objects the engine reads');
    table
      .bigInteger('last_success')
      .nullable()
      .comment('Epoch ms of the last successful read');
    table
      .bigInteger('last_attempt')
      .nullable()
      .comment('Epoch ms of the last attempt');
    table
      .text('error')
      .nullable()
      .comment('Credential-free error of the last attempt, if it failed');
    table
      .text('missing_apis')
      .nullable()
      .comment('JSON list of APIs the cluster does not serve');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTableIfExists(TABLE);
};
