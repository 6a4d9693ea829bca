import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenant tables are keyed (organization_id, id) and every index that serves a tenant query leads
 * with organization_id: that serves keyset pagination and per-organization counts, and lets the
 * tables be distributed by organization_id (Citus) without a redesign.
 */
export class InitialSchema1732500000000 implements MigrationInterface {
  name = 'InitialSchema1732500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE organizations (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name       varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE users (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        username        varchar(64) NOT NULL,
        password_hash   varchar(100) NOT NULL,
        role            varchar(16) NOT NULL CHECK (role IN ('admin', 'member')),
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    // Usernames are global (login has no organization field); matched case-insensitively.
    await queryRunner.query(
      `CREATE UNIQUE INDEX users_username_key ON users (lower(username))`,
    );
    await queryRunner.query(
      `CREATE INDEX users_organization_id_idx ON users (organization_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE customers (
        organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        id              bigint GENERATED ALWAYS AS IDENTITY,
        name            varchar(255) NOT NULL,
        email           varchar(320) NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT customers_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT customers_organization_email_key UNIQUE (organization_id, email)
      )`);

    await queryRunner.query(`
      CREATE TABLE accounts (
        organization_id bigint NOT NULL,
        id              bigint GENERATED ALWAYS AS IDENTITY,
        customer_id     bigint NOT NULL,
        name            varchar(255) NOT NULL,
        status          varchar(16) NOT NULL CHECK (status IN ('active', 'inactive')),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT accounts_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT accounts_customer_fkey FOREIGN KEY (organization_id, customer_id)
          REFERENCES customers (organization_id, id) ON DELETE CASCADE
      )`);
    // Serves "accounts of a customer, newest first" and the cascade from customers.
    await queryRunner.query(
      `CREATE INDEX accounts_organization_customer_idx ON accounts (organization_id, customer_id, id DESC)`,
    );
    // Serves the status filter and the per-status counts of analytics.
    await queryRunner.query(
      `CREATE INDEX accounts_organization_status_idx ON accounts (organization_id, status, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE accounts`);
    await queryRunner.query(`DROP TABLE customers`);
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`DROP TABLE organizations`);
  }
}
