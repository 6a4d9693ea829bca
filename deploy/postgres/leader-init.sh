#!/bin/sh
# Leader initialisation, run once when the leader's data directory is created: the postgres image
# runs it from /docker-entrypoint-initdb.d (as the postgres user, against its temporary server on
# the Unix socket), and test/deploy/follower-bootstrap.e2e-spec.ts runs it against a leader of its own.
#
# Creates the role followers replicate with, and lets it connect for replication: the image's
# pg_hba.conf only has `host all all all ...`, and "all" does not match replication connections.
# WAL settings (wal_level, max_wal_senders, slots) are command-line settings in docker-compose.yml.
#
# Environment: REPLICATION_PASSWORD (required), REPLICATION_USER (default replicator),
# POSTGRES_USER / POSTGRES_DB (the image's; default postgres), PGDATA, and the libpq PGHOST/PGPORT.
set -eu

: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set (the password followers replicate with)}"
REPLICATION_USER="${REPLICATION_USER:-replicator}"
: "${PGDATA:?PGDATA must name the leader data directory}"

# psql's :'var' quoting, so that neither value can break out of its literal.
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
  --set=user="$REPLICATION_USER" --set=password="$REPLICATION_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I WITH LOGIN REPLICATION PASSWORD %L', :'user', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user')
\gexec
SQL

if ! grep -q "^host[[:space:]]\+replication[[:space:]]\+$REPLICATION_USER[[:space:]]" "$PGDATA/pg_hba.conf"; then
  printf 'host replication %s all scram-sha-256\n' "$REPLICATION_USER" >> "$PGDATA/pg_hba.conf"
fi
echo "leader-init: replication role \"$REPLICATION_USER\" ready"
