#!/bin/sh
# A PostgreSQL hot standby that streams from the leader, in one command:
#   follower-bootstrap.sh [postgres server options...]
#
# First start (no database in PGDATA): waits for the leader, makes sure the physical replication
# slot REPLICATION_SLOT exists there (so the leader keeps the WAL this follower has not received),
# copies the leader with pg_basebackup through that slot, then writes standby.signal and
# primary_conninfo / primary_slot_name. Every later start finds PG_VERSION and just starts the
# server: its data is kept and it resumes streaming from where it stopped. The copy is made in
# "$PGDATA.bootstrap" and renamed to PGDATA only when complete, so a bootstrap that is killed
# half-way is simply redone by the next start.
#
# Then it execs `postgres -D "$PGDATA" "$@"` (PID 1 in a container: signals reach the server).
#
# Used as the entrypoint of the postgres-follower service of docker-compose.yml (official postgres
# image, started as root: it drops to the postgres user with gosu) and by
# test/deploy/follower-bootstrap.e2e-spec.ts against Debian's PostgreSQL binaries (runuser).
#
# Environment:
#   PGDATA                the follower's data directory (its parent must not be a read-only mount,
#                         and PGDATA itself not a mount point: the postgres:18 image's layout,
#                         volume at /var/lib/postgresql, PGDATA below it, is right)
#   PRIMARY_HOST          the leader (default postgres), PRIMARY_PORT (default 5432)
#   REPLICATION_USER      a role with REPLICATION (default replicator; deploy/postgres/leader-init.sh creates it)
#   REPLICATION_PASSWORD  its password (required)
#   REPLICATION_SLOT      this follower's slot name, unique per follower (default follower_1)
#   PRIMARY_WAIT_SECONDS  how long to wait for the leader on the first start (default 120)
set -eu

log() { echo "follower-bootstrap: $*" >&2; }
die() { log "$*"; exit 1; }

: "${PGDATA:?PGDATA must name the follower data directory}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD must be set (the password of REPLICATION_USER on the leader)}"
PRIMARY_HOST="${PRIMARY_HOST:-postgres}"
PRIMARY_PORT="${PRIMARY_PORT:-5432}"
REPLICATION_USER="${REPLICATION_USER:-replicator}"
REPLICATION_SLOT="${REPLICATION_SLOT:-follower_1}"
PRIMARY_WAIT_SECONDS="${PRIMARY_WAIT_SECONDS:-120}"
STAGING="$PGDATA.bootstrap"

case "$REPLICATION_SLOT" in
  *[!a-z0-9_]* | '') die "REPLICATION_SLOT must be lower-case letters, digits and underscores (got \"$REPLICATION_SLOT\")" ;;
esac

# Runs a command as the postgres user: the image starts us as root (gosu is in the image), the
# test as root too (runuser, from util-linux), or we already are that user.
as_postgres() {
  if [ "$(id -u)" != 0 ]; then
    "$@"
  elif command -v gosu >/dev/null 2>&1; then
    gosu postgres "$@"
  else
    runuser -u postgres -- "$@"
  fi
}

# Single-quoted libpq conninfo value: backslash and quote escaped.
conninfo_value() { printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g")"; }
# Single-quoted postgresql.conf string: backslashes (escape characters there too) and quotes doubled.
conf_string() { printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")"; }

bootstrap() {
  if [ -d "$PGDATA" ] && [ -n "$(ls -A "$PGDATA")" ]; then
    die "$PGDATA is not empty but holds no database (no PG_VERSION): refusing to overwrite it"
  fi
  export PGPASSWORD="$REPLICATION_PASSWORD" PGCONNECT_TIMEOUT=5

  log "waiting for the leader at $PRIMARY_HOST:$PRIMARY_PORT"
  waited=0
  until pg_isready --quiet --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" --username="$REPLICATION_USER" --timeout=2; do
    waited=$((waited + 1))
    [ "$waited" -lt "$PRIMARY_WAIT_SECONDS" ] || die "the leader at $PRIMARY_HOST:$PRIMARY_PORT did not answer within ${PRIMARY_WAIT_SECONDS}s"
    sleep 1
  done

  # A slot that already exists (this follower's volume was lost, the leader's was not) is reused.
  log "replication slot $REPLICATION_SLOT"
  as_postgres pg_receivewal --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" --username="$REPLICATION_USER" --no-password \
    --slot="$REPLICATION_SLOT" --create-slot --if-not-exists

  rm -rf "$STAGING"
  mkdir -p "$STAGING"
  chmod 700 "$STAGING"
  [ "$(id -u)" != 0 ] || chown postgres:postgres "$STAGING"

  log "copying the leader (pg_basebackup through slot $REPLICATION_SLOT)"
  as_postgres pg_basebackup --pgdata="$STAGING" --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" \
    --username="$REPLICATION_USER" --no-password --slot="$REPLICATION_SLOT" --wal-method=stream --checkpoint=fast

  conninfo="host=$(conninfo_value "$PRIMARY_HOST") port=$(conninfo_value "$PRIMARY_PORT") user=$(conninfo_value "$REPLICATION_USER") password=$(conninfo_value "$REPLICATION_PASSWORD") application_name=$(conninfo_value "$REPLICATION_SLOT")"
  as_postgres sh -c 'cat >> "$1/postgresql.auto.conf"' sh "$STAGING" <<CONF
# Written by follower-bootstrap.sh: stream from the leader through this follower's slot.
primary_conninfo = $(conf_string "$conninfo")
primary_slot_name = $(conf_string "$REPLICATION_SLOT")
hot_standby = on
CONF
  as_postgres touch "$STAGING/standby.signal"

  # Complete: only now does PGDATA get a PG_VERSION (the test of "already initialised").
  if [ -d "$PGDATA" ]; then
    rmdir "$PGDATA" || die "cannot replace the empty directory $PGDATA (is it a mount point? mount its parent instead)"
  fi
  mv "$STAGING" "$PGDATA"
  log "standby created in $PGDATA"
}

if [ -f "$PGDATA/PG_VERSION" ]; then
  log "$PGDATA already holds a database: starting it (streaming resumes from where it stopped)"
else
  bootstrap
fi
if [ "$(id -u)" != 0 ]; then
  exec postgres -D "$PGDATA" "$@"
elif command -v gosu >/dev/null 2>&1; then
  exec gosu postgres postgres -D "$PGDATA" "$@"
else
  exec runuser -u postgres -- postgres -D "$PGDATA" "$@"
fi
