#!/usr/bin/env bash
# Starts (or stops) the throwaway PostgreSQL the store-postgres integration tests write to: a
# cluster of its own (initdb as the postgres user), listening on 127.0.0.1 only, with a login role
# `steward` whose password is in a file and a database `steward` it owns. Needs root (apt-get,
# runuser). Idempotent: a cluster that answers is reused.
#
#   lab/postgres.sh [start]   install postgresql if missing, initdb once, start; prints the settings
#   lab/postgres.sh stop      stop this cluster (pg_ctl stop -m fast)
#   lab/postgres.sh restart   restart it (fast: every session is cut), for tests of reconnecting
#   lab/postgres.sh status    exit 0 when it answers
#
# Everything lives in $STEWARD_LAB_POSTGRES (default /tmp/steward-lab/postgres); the tests read
# postgres.properties there. Port: $STEWARD_LAB_POSTGRES_PORT (54329). Test data only: fsync is off.
set -euo pipefail

DIR="${STEWARD_LAB_POSTGRES:-/tmp/steward-lab/postgres}"
ADDRESS=127.0.0.1
PORT="${STEWARD_LAB_POSTGRES_PORT:-54329}"
ROLE=steward
DATABASE=steward

log() { echo "lab/postgres.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# The newest server installed by Debian's packages (not on PATH): /usr/lib/postgresql/15/bin.
server_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [[ -n "$dir" && -x "$dir/initdb" ]] && echo "$dir"
}

answers() {
  local bin
  bin="$(server_bin)" || return 1
  "$bin/pg_isready" -q -h "$ADDRESS" -p "$PORT" -t 3
}

as_postgres() { runuser -u postgres -- "$@"; }

# psql as the superuser over the cluster's own unix socket (trust), to set the role up.
psql_super() { as_postgres "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U postgres -d postgres "$@"; }

install_packages() {
  server_bin >/dev/null && return 0
  [[ $(id -u) -eq 0 ]] || die "needs root to install postgresql"
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  # Other jobs on the machine may hold the dpkg lock for a while: wait for it.
  apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends postgresql >/dev/null
  server_bin >/dev/null || die "postgresql was installed but no initdb is under /usr/lib/postgresql/*/bin"
}

start() {
  [[ $(id -u) -eq 0 ]] || die "needs root (runuser -u postgres, apt-get)"
  install_packages
  BIN="$(server_bin)"
  install -d -m 755 "$(dirname "$DIR")"
  install -d -m 700 -o postgres -g postgres "$DIR"
  if [[ ! -s "$DIR/password" ]]; then
    # The role's password, for the tests that log in with one; 0600, root's and postgres's only.
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$DIR/password"
  fi
  chown postgres:postgres "$DIR/password"
  chmod 600 "$DIR/password"
  if [[ ! -f "$DIR/data/PG_VERSION" ]]; then
    log "creating a cluster in $DIR/data"
    # Local (socket) logins trusted, TCP logins need the password (scram-sha-256).
    as_postgres "$BIN/initdb" -D "$DIR/data" -U postgres -N --auth-local=trust --auth-host=scram-sha-256 >"$DIR/initdb.log" 2>&1 \
      || { tail -5 "$DIR/initdb.log" >&2; die "initdb failed; see $DIR/initdb.log"; }
  fi
  if answers; then
    log "PostgreSQL already answers on $ADDRESS:$PORT"
  else
    # In a session of its own (setsid), so the server outlives this script and the job that ran it.
    as_postgres setsid "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-p $PORT -k $DIR -c listen_addresses=$ADDRESS -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { tail -5 "$DIR/server.log" >&2; die "PostgreSQL did not start; see $DIR/server.log"; }
    answers || die "PostgreSQL started but does not answer on $ADDRESS:$PORT; see $DIR/server.log"
    log "PostgreSQL runs on $ADDRESS:$PORT ($BIN)"
  fi
  local password
  password="$(cat "$DIR/password")"
  # The password goes in on stdin (psql's variable), never on a command line others can read.
  psql_super -v role="$ROLE" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN PASSWORD :'password';
SQL
  if [[ "$(psql_super -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]]; then
    psql_super -c "CREATE DATABASE $DATABASE OWNER $ROLE"
  fi
  cat > "$DIR/postgres.properties.tmp" <<PROPS
address=$ADDRESS
port=$PORT
database=$DATABASE
url=jdbc:postgresql://$ADDRESS:$PORT/$DATABASE
user=$ROLE
password_file=$DIR/password
socket_dir=$DIR
superuser=postgres
bin=$BIN
dir=$DIR
PROPS
  mv "$DIR/postgres.properties.tmp" "$DIR/postgres.properties"
  cat "$DIR/postgres.properties"
}

stop() {
  local bin
  bin="$(server_bin)" || { log "postgresql is not installed"; return 0; }
  if [[ -f "$DIR/data/postmaster.pid" ]]; then
    as_postgres "$bin/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null && log "stopped PostgreSQL on $ADDRESS:$PORT"
  else
    log "no PostgreSQL of ours runs"
  fi
}

restart() {
  [[ $(id -u) -eq 0 ]] || die "needs root (runuser -u postgres)"
  local bin
  bin="$(server_bin)" || die "postgresql is not installed; run lab/postgres.sh start"
  [[ -f "$DIR/data/postmaster.pid" ]] || die "no PostgreSQL of ours runs; run lab/postgres.sh start"
  # pg_ctl restart starts the server again with the options it last ran with (postmaster.opts).
  as_postgres setsid "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -m fast -w -t 60 restart >/dev/null \
    || { tail -5 "$DIR/server.log" >&2; die "PostgreSQL did not restart; see $DIR/server.log"; }
  answers || die "PostgreSQL restarted but does not answer on $ADDRESS:$PORT"
  log "restarted PostgreSQL on $ADDRESS:$PORT"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  restart) restart ;;
  status) answers ;;
  *) echo "usage: $0 [start|stop|restart|status]" >&2; exit 2 ;;
esac
