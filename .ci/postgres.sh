#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite, on loopback only.
#
#   pg_env=$(bash .ci/postgres.sh start) && eval "$pg_env"   # the log goes to stderr
#   bash .ci/postgres.sh stop [DIR]    # stops the server in DIR (default $SALESCOCKPIT_TEST_PG_DIR), removes DIR
#
# `start` installs the Debian package `postgresql` when no initdb is there (as root only), runs
# initdb into a new temporary directory as the `postgres` OS user (initdb refuses root), picks a
# free port, listens on 127.0.0.1 only with trust auth for 127.0.0.1, turns off everything that
# makes a test server slow and safe (fsync, synchronous_commit, full_page_writes), starts it with
# pg_ctl and waits until it answers. It prints
#   export SALESCOCKPIT_TEST_PG=postgresql+psycopg://postgres@127.0.0.1:PORT/postgres
#   export SALESCOCKPIT_TEST_PG_DIR=/dev/shm/salescockpit-pg.XXXXXX   (/tmp without a /dev/shm)
# SALESCOCKPIT_PG_BASE=/tmp puts the data directory on disk instead of in memory (the benchmark's
# million leads take several GB).
# Nothing here may print to stdout except those lines: .ci/run evals them.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
    local initdb
    initdb=$(ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$initdb" ] && dirname "$initdb"
}

install_server() {
    if [ "$(id -u)" -ne 0 ]; then
        log "no PostgreSQL server binaries and not root: install the 'postgresql' package"
        exit 1
    fi
    log "installing the Debian package postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
}

# Run a command as the server's OS user: `postgres` when we are root, ourselves otherwise.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Memory (tmpfs) when there is some: creating a database per test copies its files, and on this
# kind of VM disk that took 0.35 s a database instead of 0.02 s, fsync or not.
base_dir() {
    case "${SALESCOCKPIT_PG_BASE:-}" in
        /tmp | /dev/shm) echo "$SALESCOCKPIT_PG_BASE"; return ;;
        "") ;;
        *) log "SALESCOCKPIT_PG_BASE must be /tmp or /dev/shm"; exit 1 ;;
    esac
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then echo /dev/shm; else echo /tmp; fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local bindir dir port
    bindir=$(find_bindir) || true
    if [ -z "$bindir" ]; then
        install_server
        bindir=$(find_bindir)
    fi
    dir=$(mktemp -d "$(base_dir)/salescockpit-pg.XXXXXX")
    chmod 755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    # A linguistic (ICU) default collation, as on a real server, so that any ORDER BY left to the
    # database's collation shows up as a difference from SQLite's byte order in the tests. A
    # server built without ICU gets the C.UTF-8 locale instead.
    if ! as_owner "$bindir/initdb" --pgdata="$dir/data" --username=postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 --locale-provider=icu --icu-locale=en-US --no-sync \
        >"$dir/initdb.log" 2>&1; then
        log "initdb with an ICU collation failed; using the C.UTF-8 locale"
        rm -rf "$dir/data"
        as_owner "$bindir/initdb" --pgdata="$dir/data" --username=postgres --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
    fi
    # trust for 127.0.0.1 only (initdb's file also trusts local sockets, which are off below).
    echo "host all all 127.0.0.1/32 trust" | as_owner tee "$dir/data/pg_hba.conf" >/dev/null
    port=$(free_port)
    cat <<EOF | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
    if ! as_owner "$bindir/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
        start >&2; then
        cat "$dir/server.log" >&2 || true
        rm -rf "$dir"
        exit 1
    fi
    for _ in $(seq 1 120); do
        "$bindir/pg_isready" --quiet --host=127.0.0.1 --port="$port" --username=postgres && break
        sleep 0.5
    done
    "$bindir/pg_isready" --quiet --host=127.0.0.1 --port="$port" --username=postgres \
        || { log "the server never became ready"; cat "$dir/server.log" >&2; stop "$dir"; exit 1; }
    log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
    echo "export SALESCOCKPIT_TEST_PG=postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    echo "export SALESCOCKPIT_TEST_PG_DIR=$dir"
}

stop() {
    local dir="${1:-${SALESCOCKPIT_TEST_PG_DIR:-}}" bindir
    case "$dir" in
        /dev/shm/salescockpit-pg.* | /tmp/salescockpit-pg.*) ;;
        *) log "stop: not a directory made by start: '$dir'"; exit 1 ;;
    esac
    bindir=$(find_bindir) || true
    if [ -n "$bindir" ] && [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait stop >&2 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
