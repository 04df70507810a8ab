/*
 * Leases between replicas: one row per lease, naming the replica that holds
 * it and until when. The watching collector holds the lease "collection" so
 * that one replica at a time watches the clusters; a lease not renewed by
 * its expiry is taken over by another replica.
 */

// @ts-check

const TABLE = 'mesh_leases';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(TABLE, table => {
    // No apostrophes in comments: knex does not escape them in PostgreSQL.
    table.comment('Leases held by one replica at a time');
    table.string('name', 64).primary().comment('The lease, e.g. collection');
    table
      .string('holder', 255)
      .notNullable()
      .comment('The replica holding the lease');
    table
      .bigInteger('expires_at')
      .notNullable()
      .comment('Epoch ms after which another replica may take the lease');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTableIfExists(TABLE);
};
