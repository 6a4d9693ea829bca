import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in sessions, their refresh tokens, and the per-username failed sign-in counter.
 *
 * sessions: keyed (organization_id, id) like every tenant table. An access token names its session
 * (`sid`); a session is revoked by setting revoked_at (logout, password change, refresh token
 * reuse) or deleted with its user.
 * refresh_tokens: one row per refresh token ever issued, found by its organization (the token's
 * prefix) and the SHA-256 of the token (the token itself is never stored), so that the table can be
 * distributed by organization_id like the others. A spent token keeps its row (used_at set) for the life of its
 * session, so that presenting it again is recognised as theft and revokes the session.
 * login_failures: failed sign-ins per lower-cased username in a fixed window, shared by every api
 * process through the primary when there is no Redis (REDIS_URL).
 *
 * users.password_hash widens to 255: an Argon2id PHC string with our parameters is 97 characters,
 * too close to the old 100 for any parameter change.
 */
export class Sessions1764200000000 implements MigrationInterface {
  name = 'Sessions1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE users ALTER COLUMN password_hash TYPE varchar(255)`,
    );
    // A session's user is in the session's organization: the foreign key says so, and carries the
    // distribution column (docs/scaling.md).
    await queryRunner.query(
      `ALTER TABLE users ADD CONSTRAINT users_organization_id_id_key UNIQUE (organization_id, id)`,
    );

    await queryRunner.query(`
      CREATE TABLE sessions (
        organization_id   bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        id                bigint GENERATED ALWAYS AS IDENTITY,
        user_id           bigint NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        refreshed_at      timestamptz,
        expires_at        timestamptz NOT NULL,
        revoked_at        timestamptz,
        revoked_reason    varchar(32),
        CONSTRAINT sessions_pkey PRIMARY KEY (organization_id, id),
        CONSTRAINT sessions_user_fkey FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id) ON DELETE CASCADE
      )`);
    // "Every session of a user" (password change, user deletion, pruning at sign-in).
    await queryRunner.query(
      `CREATE INDEX sessions_organization_user_idx ON sessions (organization_id, user_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        organization_id bigint NOT NULL,
        token_hash      bytea NOT NULL,
        session_id      bigint NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        used_at         timestamptz,
        CONSTRAINT refresh_tokens_pkey PRIMARY KEY (organization_id, token_hash),
        CONSTRAINT refresh_tokens_session_fkey FOREIGN KEY (organization_id, session_id)
          REFERENCES sessions (organization_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (organization_id, session_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE login_failures (
        username_key      varchar(64) PRIMARY KEY,
        failures          integer NOT NULL,
        window_started_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE login_failures`);
    await queryRunner.query(`DROP TABLE refresh_tokens`);
    await queryRunner.query(`DROP TABLE sessions`);
    await queryRunner.query(
      `ALTER TABLE users DROP CONSTRAINT users_organization_id_id_key`,
    );
    await queryRunner.query(
      `ALTER TABLE users ALTER COLUMN password_hash TYPE varchar(100)`,
    );
  }
}
