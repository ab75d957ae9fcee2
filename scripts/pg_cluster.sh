#!/usr/bin/env bash
# A throwaway PostgreSQL + PostGIS cluster for the test run: initdb into a temporary folder, start it on
# 127.0.0.1 and a free port, export SITROOM_TEST_PG_DSN; stopped and deleted on exit (trap).
#   bash scripts/pg_cluster.sh CMD...   runs CMD with the cluster up and exits with CMD's own exit code
# Without PostgreSQL binaries CMD runs anyway (the PostgreSQL tests then skip, saying why).
set -uo pipefail

[ "$#" -gt 0 ] || { echo "usage: scripts/pg_cluster.sh CMD [ARGS...]" >&2; exit 2; }
if [ -n "${SITROOM_TEST_PG_DSN:-}" ]; then exec "$@"; fi  # a server is given: use it

bindir="${SITROOM_PG_BIN:-}"
if [ -z "$bindir" ]; then
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then bindir="$d"; break; fi
  done
fi
if [ -z "$bindir" ]; then
  echo "pg_cluster: PostgreSQL server binaries not found; PostgreSQL tests will skip" >&2
  exec "$@"
fi

# initdb and postgres refuse to run as root: run them as Debian's `postgres` user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "pg_cluster: running as root without a 'postgres' user; PostgreSQL tests will skip" >&2
  exec "$@"
fi

root="$(mktemp -d /tmp/sitroom-pg.XXXXXX)"
password="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$password" > "$root/pw"
[ "$(id -u)" = 0 ] && chown -R postgres "$root"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop() {
  as_pg "$bindir/pg_ctl" -D "$root/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$root"
}
trap stop EXIT
trap 'exit 130' INT TERM

if ! as_pg "$bindir/initdb" -D "$root/data" -U sitroom -A scram-sha-256 --pwfile="$root/pw" \
      -E UTF8 --locale=C --no-sync >"$root/initdb.log" 2>&1; then
  echo "pg_cluster: initdb failed: $(tail -n 3 "$root/initdb.log" | tr '\n' ' ')" >&2
  exit 1
fi
if ! as_pg "$bindir/pg_ctl" -D "$root/data" -l "$root/log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $root -c fsync=off -c full_page_writes=off" start >/dev/null; then
  echo "pg_cluster: the server did not start: $(tail -n 3 "$root/log" | tr '\n' ' ')" >&2
  exit 1
fi
export PGPASSWORD="$password"
"$bindir/psql" -q -h 127.0.0.1 -p "$port" -U sitroom -d postgres -c "CREATE DATABASE sitroom" >/dev/null
if ! "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U sitroom -d sitroom \
      -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null; then
  echo "pg_cluster: PostGIS is not installed (apt-get install postgresql-15-postgis-3)" >&2
  exit 1
fi
unset PGPASSWORD
export SITROOM_TEST_PG_DSN="postgresql://sitroom:$password@127.0.0.1:$port/sitroom"
echo "pg_cluster: PostgreSQL on 127.0.0.1:$port (data in $root)" >&2

"$@"
status=$?
exit "$status"  # the EXIT trap stops the cluster; CMD's exit code (pytest's 5 included) is kept
