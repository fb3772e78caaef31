#!/usr/bin/env bash
# Throwaway PostgreSQL for the integration tests, sourced by .ci/run (or by hand: `source .ci/postgres.sh;
# pg_start; ...; pg_stop`). Installs Debian's postgresql package when no server binaries are present, then
# creates a fresh cluster in a temporary directory on a free 127.0.0.1 port (never the packaged "main"
# cluster) and exports RASA_TEST_POSTGRES. pg_stop stops it and deletes the directory.

# shellcheck source=.ci/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

pg_bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_free_port() {
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# runs a command as the owner of the cluster: the postgres user when we are root (initdb refuses root)
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  if [ -z "$(pg_bin_dir)" ]; then
    apt_install postgres postgresql || return 1
  fi

  local bin port
  bin="$(pg_bin_dir)"
  port="$(pg_free_port)" || { echo "postgres: no free port" >&2; return 1; }
  PG_CI_DIR="$(mktemp -d /tmp/rasa-pg.XXXXXX)"
  export PG_CI_DIR PG_CI_BIN="$bin"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_CI_DIR"; fi

  pg_as_owner "$bin/initdb" -D "$PG_CI_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null || return 1
  # max_connections: the integration tests run several silo processes (each with its connection pools) next to
  # the other PostgreSQL tests; the default 100 runs out
  pg_as_owner "$bin/pg_ctl" -D "$PG_CI_DIR/data" -l "$PG_CI_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_CI_DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$PG_CI_DIR/server.log" >&2; return 1; }

  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE rasa LOGIN PASSWORD 'rasa'" \
    -c "CREATE DATABASE rasa_test OWNER rasa" || return 1

  export RASA_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Database=rasa_test;Username=rasa;Password=rasa"
  echo "postgres: $("$bin/postgres" --version) on 127.0.0.1:$port, data in $PG_CI_DIR"
}

pg_stop() {
  if [ -n "${PG_CI_DIR:-}" ] && [ -d "$PG_CI_DIR/data" ]; then
    pg_as_owner "$PG_CI_BIN/pg_ctl" -D "$PG_CI_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "${PG_CI_DIR:-}" ]; then
    rm -rf "$PG_CI_DIR"
  fi
  PG_CI_DIR=""
}
