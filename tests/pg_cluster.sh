#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the tests, run as an unprivileged user:
#   pg_cluster.sh start PORT   initdb into /tmp/visitscore-pg-PORT and start it (trust logins
#                              from 127.0.0.1 only), replacing one left behind by a killed run
#   pg_cluster.sh stop PORT    stop it and remove its folder
#   pg_cluster.sh crash PORT   stop it the way a power cut or kill -9 would (immediate shutdown:
#                              no checkpoint; the next start runs crash recovery), keeping its data
#   pg_cluster.sh resume PORT  start a crashed or stopped cluster again on its data
#   pg_cluster.sh start-secure PORT
#                              as start, but every login needs a password (scram-sha-256, over
#                              TCP and the socket alike) and the server offers TLS; the superuser
#                              postgres gets the password $VISITSCORE_TEST_PG_PASSWORD (a test's
#                              throwaway secret; default below). stop, crash and resume work on it.
#                              Its certificate is signed by a certificate authority made now for
#                              this cluster alone, whose certificate is /tmp/visitscore-pg-PORT/
#                              ca.crt (a client's sslrootcert for sslmode=verify-full); the
#                              server's certificate is made out to 127.0.0.1 and localhost
#                              (subjectAltName). other-ca.crt beside it is an unrelated authority's
#                              that signed nothing here. The authorities' keys are thrown away.
# Under root the server runs as the `postgres` user the Debian package creates (PostgreSQL
# refuses to run as root); otherwise as the calling user.
set -euo pipefail
action=${1:?start, start-secure, stop, crash or resume}
port=${2:?port}
dir=/tmp/visitscore-pg-$port
bin=$(pg_config --bindir 2>/dev/null || true)
[ -x "$bin/initdb" ] || bin=/usr/lib/postgresql/15/bin
# fsync off: a test cluster need not survive the machine's crash, only the server's (a commit
# still reaches the kernel before it returns, so an immediate shutdown loses no committed work).
options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off \
 -c max_connections=120 -c shared_buffers=${VS_PG_SHARED_BUFFERS:-128MB}"
as_server() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop() {
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}
init() { # initdb with the given authentication options
    stop
    mkdir -p "$dir"
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_server "$bin/initdb" -D "$dir/data" "$@" -U postgres --no-sync -E UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
}
case $action in
start|start-secure)
    if [ "$action" = start ]; then
        init -A trust
    else
        password=${VISITSCORE_TEST_PG_PASSWORD:-visitscore-test-secret}
        pwfile=$(mktemp)
        printf '%s\n' "$password" >"$pwfile"
        chmod 644 "$pwfile" # read by initdb as the server's user; removed just after
        init -A scram-sha-256 --pwfile="$pwfile" ||
            { rm -f "$pwfile"; exit 1; }
        rm -f "$pwfile"
        # A certificate authority for this cluster only, and the server's certificate signed
        # by it for 127.0.0.1 and localhost; the key is read by the server's user alone (the
        # server refuses a key others can read). Nothing of it outlives the cluster's folder.
        tls() { openssl "$@" >>"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log"; exit 1; }; }
        ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
        for ca in ca other-ca; do
            # shellcheck disable=SC2086
            tls req -x509 $ec -days 2 -subj "/CN=VisitScore test $ca $port" \
                -addext basicConstraints=critical,CA:TRUE \
                -addext keyUsage=critical,keyCertSign,cRLSign \
                -keyout "$dir/$ca.key" -out "$dir/$ca.crt"
        done
        # shellcheck disable=SC2086
        tls req -new $ec -subj /CN=127.0.0.1 -keyout "$dir/data/server.key" \
            -out "$dir/server.csr"
        printf '%s\n' "subjectAltName = IP:127.0.0.1, DNS:localhost" \
            "basicConstraints = CA:FALSE" "extendedKeyUsage = serverAuth" >"$dir/server.ext"
        tls x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
            -set_serial "0x$(openssl rand -hex 8)" -days 2 -extfile "$dir/server.ext" \
            -out "$dir/data/server.crt"
        rm -f "$dir/ca.key" "$dir/other-ca.key" "$dir/server.csr" "$dir/server.ext"
        chmod 644 "$dir/ca.crt" "$dir/other-ca.crt"
        chmod 600 "$dir/data/server.key"
        [ "$(id -u)" = 0 ] && chown postgres "$dir/data/server.key" "$dir/data/server.crt"
        printf "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n" |
            as_server tee -a "$dir/data/postgresql.conf" >/dev/null
    fi
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
        "$options" >/dev/null ||
        { cat "$dir/server.log"; exit 1; }
    echo "PostgreSQL test cluster: postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
stop) stop ;;
crash) as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null ;;
resume)
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
        "$options" >/dev/null ||
        { cat "$dir/server.log"; exit 1; }
    ;;
*) echo "usage: $0 start|start-secure|stop|crash|resume PORT" >&2; exit 2 ;;
esac
