/*
 * Coverage history of the mesh audit: one row per recording period, group
 * dimension and group key. Written by the history store's recorder and read by
 * `GET /audit/history`.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mesh_coverage_history', table => {
    table.comment(
      'Workload counts by mTLS coverage class, one row per period and group',
    );
    table
      .timestamp('period_start', { useTz: true, precision: 3 })
      .notNullable()
      .comment('Start of the recording period (UTC-aligned)');
    table
      .string('group_by', 16)
      .notNullable()
      .comment('Grouping dimension: all, owner, cluster or namespace');
    table
      .string('group_key', 512)
      .notNullable()
      .comment('Owner ref, cluster name or namespace; "all" for the total');
    table
      .integer('strict')
      .notNullable()
      .comment('Workloads STRICT on every port');
    table
      .integer('meshed_not_strict')
      .notNullable()
      .comment('Meshed workloads not STRICT on every port');
    table
      .integer('outside')
      .notNullable()
      .comment('Workloads outside the mesh');
    table
      .integer('infrastructure')
      .notNullable()
      .comment('Istio infrastructure workloads');
    table.integer('total').notNullable().comment('All workloads of the group');
    table
      .string('source', 16)
      .notNullable()
      .defaultTo('recorded')
      .comment('recorded (from the live audit) or seeded (demo history)');
    table
      .timestamp('recorded_at', { useTz: true, precision: 3 })
      .notNullable()
      .comment('When the row was last written');
    table.primary(
      ['period_start', 'group_by', 'group_key'],
      'mesh_coverage_history_pkey',
    );
    table.index(
      ['group_by', 'period_start'],
      'mesh_coverage_history_group_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mesh_coverage_history');
};
