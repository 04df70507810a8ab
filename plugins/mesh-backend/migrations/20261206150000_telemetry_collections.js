/*
 * The last background telemetry collection of each window, shared by every
 * replica: one row per rate window. Written by the replica running the
 * telemetry task, read by all.
 */

// @ts-check

const TABLE = 'mesh_telemetry_collections';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(TABLE, table => {
    // No apostrophes in comments: knex does not escape them in PostgreSQL.
    table.comment('The last background telemetry collection of each window');
    table.string('window', 16).primary().comment('Rate window, e.g. 5m');
    table
      .string('collection_id', 64)
      .notNullable()
      .comment('Identifies one collection; changes with every collection');
    table
      .bigInteger('collected_at')
      .notNullable()
      .comment('Epoch ms at which the queries were evaluated');
    table
      .binary('data')
      .notNullable()
      .comment('gzipped JSON of every source answer of the collection');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTableIfExists(TABLE);
};
