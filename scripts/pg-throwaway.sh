#!/bin/sh
# A throwaway PostgreSQL cluster for tests and benchmarks: its own folder, a Unix socket in that folder,
# a free port number, no TCP, password logins (scram), stopped and deleted by `stop`.
#
#   scripts/pg-throwaway.sh start DIR [--durable]   # prints the superuser's URL (also in DIR/url)
#   scripts/pg-throwaway.sh stop DIR                # stops the cluster and deletes DIR
#   scripts/pg-throwaway.sh pause DIR | resume DIR  # stops / starts it again, same port (outage tests)
#
# Tests run with fsync=off (nothing here outlives the run); `--durable` keeps fsync on, for the
# benchmarks that time durable commits. initdb refuses root, so as root the cluster runs as the
# `postgres` user (`runuser`); a developer runs it as themselves. PG_BINDIR overrides where the
# server's programs are looked for (default: the newest /usr/lib/postgresql/*/bin, then PATH).
set -eu
umask 077  # the folder holds the superuser's password

usage() { echo "usage: $0 start DIR [--durable] | stop DIR | pause DIR | resume DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1 dir=$2 durable=${3:-}

find_bindir() {
    if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
    newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then echo "$newest"; return; fi
    initdb=$(command -v initdb 2>/dev/null || true)
    [ -n "$initdb" ] && dirname "$initdb"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    bindir=$(find_bindir)
    if [ -z "$bindir" ]; then
        echo "pg-throwaway: no PostgreSQL server programs found (initdb); run scripts/ensure-postgres.sh" >&2
        exit 1
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    printf '%s\n' "$password" > "$dir/pwfile"
    if [ "$(id -u)" = 0 ]; then chown -R postgres "$dir"; fi
    chmod 700 "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fsync="-c fsync=off -c full_page_writes=off"
    [ "$durable" = "--durable" ] && fsync="-c fsync=on"
    printf '%s\n' "-k $dir -p $port -c listen_addresses= $fsync -c max_connections=100" > "$dir/options"
    run_server "$bindir"
    url="postgresql://postgres:$password@/postgres?host=$dir&port=$port"
    printf '%s\n' "$url" > "$dir/url"
    echo "$url"
}

run_server() {
    if ! as_owner "$1/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 -o "$(cat "$dir/options")" start >/dev/null; then
        cat "$dir/server.log" >&2
        exit 1
    fi
}

pause() { as_owner "$(find_bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; }
resume() { run_server "$(find_bindir)"; }

stop() {
    [ -d "$dir/data" ] || { rm -rf "$dir"; return; }
    bindir=$(find_bindir)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}

case $action in
    start) start ;;
    stop) stop ;;
    pause) pause ;;
    resume) resume ;;
    *) usage ;;
esac
