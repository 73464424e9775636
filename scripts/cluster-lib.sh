# shellcheck shell=bash disable=SC2034
# (the variables set here are read by the scripts that source this file)
# Functions that start and stop a local Likewise cluster: a throwaway PostgreSQL, a Meilisearch, N
# `likewise serve` instances and nginx from deploy/nginx.conf, all on free loopback ports in one work folder.
# Sourced by scripts/cluster and scripts/cluster-test (which run with `set -euo pipefail`); for trying the
# topology, not for production (docs/operations.md).
#
#   cl_init                     picks the binaries, makes the work folder ($CL_WORK), allocates ports
#   cl_pg_start / cl_pg_stop
#   cl_meili_start / cl_meili_stop
#   cl_instance_start I / cl_instance_stop I / cl_instance_kill I / cl_instance_wait_ready I [SECONDS]
#   cl_instances_start          every instance at once, then waits for each to be ready
#   cl_nginx_start / cl_nginx_stop
#   cl_cli ARGS...              the likewise command line against the cluster's database
#   cl_cleanup                  stops whatever is still running (the EXIT trap)
#
# Environment: BIN (the likewise binary), LIKEWISE_SITE_ROOT (the built front end), MEILISEARCH_BIN,
# CL_INSTANCES (default 2), CL_NO_SEARCH=1 (no Meilisearch: search is unavailable), KEEP=1 (keep the folder).

CL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

cl_say() { printf '==> %s\n' "$*" >&2; }
cl_die() { printf 'cluster: %s\n' "$*" >&2; exit 1; }
cl_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cl_now_ms() { date +%s%3N; }

# cl_alive PID: the process runs (a child that exited but was not reaped yet is a zombie: not alive).
cl_alive() {
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# cl_wait_exit PID SECONDS: waits for a child of this shell to end; CL_EXIT is its exit status. Returns 1 if
# it still runs after SECONDS.
cl_wait_exit() {
  local pid="$1" deadline=$(( $(cl_now_ms) + $2 * 1000 ))
  while cl_alive "$pid"; do
    [ "$(cl_now_ms)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
  CL_EXIT=0
  wait "$pid" 2>/dev/null || CL_EXIT=$?
  return 0
}

# cl_wait_http URL SECONDS [PID]: until URL answers 2xx; fails early if PID (the server) is gone.
cl_wait_http() {
  local url="$1" deadline=$(( $(cl_now_ms) + $2 * 1000 )) pid="${3:-}"
  while [ "$(cl_now_ms)" -lt "$deadline" ]; do
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    if [ -n "$pid" ] && ! cl_alive "$pid"; then return 2; fi
    sleep 0.1
  done
  return 1
}

# The newest of the release and debug builds (a stale release build is worse than a fresh debug one).
cl_pick_bin() {
  local best="" t
  for t in "${CARGO_TARGET_DIR:-}" "$HOME/.cache/likewise-target" "$CL_ROOT/target"; do
    [ -n "$t" ] || continue
    for b in "$t/release/likewise" "$t/debug/likewise"; do
      [ -x "$b" ] || continue
      if [ -z "$best" ] || [ "$b" -nt "$best" ]; then best="$b"; fi
    done
  done
  echo "$best"
}

cl_init() {
  CL_N="${CL_INSTANCES:-2}"
  [[ "$CL_N" =~ ^[1-9][0-9]*$ ]] || cl_die "the number of instances must be 1 or more, not \`$CL_N\`"
  BIN="${BIN:-$(cl_pick_bin)}"
  if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    cl_die "no likewise binary: build one (cargo leptos build --release) or name it with BIN=…"
  fi
  CL_SITE_ROOT="${LIKEWISE_SITE_ROOT:-$CL_ROOT/target/site}"
  [ -d "$CL_SITE_ROOT/pkg" ] || cl_say "warning: no built front end at $CL_SITE_ROOT (run \`cargo leptos build\`, or set LIKEWISE_SITE_ROOT); pages will lack their CSS and scripts"
  command -v nginx >/dev/null || cl_die "nginx is not installed (apt-get install nginx)"
  CL_PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$CL_PG_BIN" ] || cl_die "PostgreSQL is not installed (apt-get install postgresql)"
  CL_MEILI_BIN=""
  if [ "${CL_NO_SEARCH:-0}" != 1 ]; then
    CL_MEILI_BIN="${MEILISEARCH_BIN:-$(command -v meilisearch || true)}"
    if [ -z "$CL_MEILI_BIN" ] || [ ! -x "$CL_MEILI_BIN" ]; then
      cat >&2 <<EOF
cluster: no Meilisearch server. Several instances cannot share the embedded search index (each would keep
its own copy in its data folder), so a cluster needs Meilisearch. Put a \`meilisearch\` binary on PATH or name
it with MEILISEARCH_BIN=/path/to/meilisearch; docs/meilisearch.md builds one from source (about 30 minutes),
or take a release binary from https://github.com/meilisearch/meilisearch/releases.
Or pass --no-search to try everything else (search then says it is unavailable).
EOF
      exit 2
    fi
  fi
  CL_WORK="$(mktemp -d -t likewise-cluster.XXXXXX)"
  chmod 755 "$CL_WORK"  # nginx workers run as nobody when started by root
  # A hard link keeps this very binary for restarts even if a build replaces the file meanwhile.
  CL_BIN_SOURCE="$BIN"
  if ln "$BIN" "$CL_WORK/likewise" 2>/dev/null; then BIN="$CL_WORK/likewise"; fi
  CL_PG_PORT="$(cl_free_port)"
  CL_MEILI_PORT="$(cl_free_port)"
  CL_MEILI_KEY="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  CL_NGINX_PORT="$(cl_free_port)"
  CL_DATABASE_URL="postgres://postgres@127.0.0.1:$CL_PG_PORT/postgres"
  CL_PUBLIC="http://127.0.0.1:$CL_NGINX_PORT"
  CL_PID=(); CL_PORT=(); CL_MPORT=()
  local i
  for i in $(seq 1 "$CL_N"); do
    CL_PID[i]=""
    CL_PORT[i]="$(cl_free_port)"
    CL_MPORT[i]="$(cl_free_port)"
  done
  CL_PG_STARTED=""; CL_MEILI_PID=""; CL_NGINX_PID=""
}

cl_as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cl_pg_start() {
  mkdir -p "$CL_WORK/pg"
  if [ "$(id -u)" = 0 ]; then chown postgres "$CL_WORK/pg"; fi
  cl_as_pg "$CL_PG_BIN/initdb" -D "$CL_WORK/pg" -U postgres --auth=trust -E UTF8 >"$CL_WORK/initdb.log" 2>&1 \
    || { cat "$CL_WORK/initdb.log" >&2; cl_die "initdb failed"; }
  cl_as_pg "$CL_PG_BIN/pg_ctl" -D "$CL_WORK/pg" -t 60 \
    -o "-p $CL_PG_PORT -k $CL_WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
    -l "$CL_WORK/pg/log" -w start >/dev/null || { cat "$CL_WORK/pg/log" >&2; cl_die "PostgreSQL did not start"; }
  CL_PG_STARTED=1
}

cl_pg_stop() {
  [ -n "$CL_PG_STARTED" ] || return 0
  cl_as_pg "$CL_PG_BIN/pg_ctl" -D "$CL_WORK/pg" -m fast -t 20 stop >/dev/null 2>&1 \
    || cl_as_pg "$CL_PG_BIN/pg_ctl" -D "$CL_WORK/pg" -m immediate -t 10 stop >/dev/null 2>&1 || true
  CL_PG_STARTED=""
}

# Starts Meilisearch (again: the same port, key and database folder) and waits until it answers.
cl_meili_start() {
  [ -n "$CL_MEILI_BIN" ] || return 0
  mkdir -p "$CL_WORK/meili"
  printf -- '--- started %s\n' "$(date -u +%T.%3N)" >>"$CL_WORK/meili.log"
  (cd "$CL_WORK/meili" && exec "$CL_MEILI_BIN" --db-path "$CL_WORK/meili/data.ms" --http-addr "127.0.0.1:$CL_MEILI_PORT" \
    --master-key "$CL_MEILI_KEY" --no-analytics --env development) >>"$CL_WORK/meili.log" 2>&1 &
  CL_MEILI_PID=$!
  cl_wait_http "http://127.0.0.1:$CL_MEILI_PORT/health" 60 "$CL_MEILI_PID" \
    || { tail -20 "$CL_WORK/meili.log" >&2; cl_die "Meilisearch did not answer on port $CL_MEILI_PORT"; }
}

# SIGTERM, at most 20 s to stop, then SIGKILL.
cl_meili_stop() {
  [ -n "$CL_MEILI_PID" ] || return 0
  kill -TERM "$CL_MEILI_PID" 2>/dev/null || true
  cl_wait_exit "$CL_MEILI_PID" 20 || { kill -KILL "$CL_MEILI_PID" 2>/dev/null || true; cl_wait_exit "$CL_MEILI_PID" 5 || true; }
  CL_MEILI_PID=""
}

# cl_instance_env I: the environment of instance I, one VAR=value a line.
cl_instance_env() {
  local i="$1"
  echo "DATABASE_URL=$CL_DATABASE_URL"
  if [ -n "$CL_MEILI_BIN" ]; then
    echo "MEILISEARCH_URL=http://127.0.0.1:$CL_MEILI_PORT"
    echo "MEILISEARCH_API_KEY=$CL_MEILI_KEY"
  else
    # Nothing listens there: the instances start, and search says it is unavailable.
    echo "MEILISEARCH_URL=http://127.0.0.1:$CL_MEILI_PORT"
  fi
  echo "LIKEWISE_DATA=$CL_WORK/instance-$i"
  echo "LIKEWISE_ADDR=127.0.0.1:${CL_PORT[i]}"
  echo "LIKEWISE_METRICS_ADDR=127.0.0.1:${CL_MPORT[i]}"
  echo "LIKEWISE_CONTENT=$CL_ROOT/content"
  echo "LIKEWISE_SITE_ROOT=$CL_SITE_ROOT"
  echo "LIKEWISE_PUBLIC_URL=$CL_PUBLIC"
  echo "LIKEWISE_TRUST_FORWARDED_FOR=true"
  [ -z "${LIKEWISE_LOG:-}" ] || echo "LIKEWISE_LOG=$LIKEWISE_LOG"
  [ -z "${LIKEWISE_LOG_FORMAT:-}" ] || echo "LIKEWISE_LOG_FORMAT=$LIKEWISE_LOG_FORMAT"
}

# cl_instance_start I: in the background, its output appended to instance-I.log; does not wait.
cl_instance_start() {
  local i="$1" envs
  mapfile -t envs < <(cl_instance_env "$i")
  printf -- '--- started %s\n' "$(date -u +%T.%3N)" >>"$CL_WORK/instance-$i.log"
  env "${envs[@]}" "$BIN" serve >>"$CL_WORK/instance-$i.log" 2>&1 &
  CL_PID[i]=$!
}

# cl_instance_wait_ready I [SECONDS]: until /healthz/ready answers 200 (default at most 120 s).
cl_instance_wait_ready() {
  local i="$1" rc=0
  cl_wait_http "http://127.0.0.1:${CL_PORT[i]}/healthz/ready" "${2:-120}" "${CL_PID[i]}" || rc=$?
  [ "$rc" = 0 ] && return 0
  tail -20 "$CL_WORK/instance-$i.log" >&2
  if [ "$rc" = 2 ]; then cl_die "instance $i exited before it was ready (log: $CL_WORK/instance-$i.log)"; fi
  cl_die "instance $i was not ready within ${2:-120} s (log: $CL_WORK/instance-$i.log)"
}

cl_instances_start() {
  local i
  for i in $(seq 1 "$CL_N"); do cl_instance_start "$i"; done
  for i in $(seq 1 "$CL_N"); do cl_instance_wait_ready "$i"; done
}

# cl_instance_stop I [SECONDS]: SIGTERM and wait (default 40 s: 2 s of draining plus at most 30 s for the
# requests in flight); CL_EXIT is its exit status. Returns 1 (and kills it) if it did not stop in time.
cl_instance_stop() {
  local i="$1" pid="${CL_PID[$1]}"
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  if ! cl_wait_exit "$pid" "${2:-40}"; then
    kill -KILL "$pid" 2>/dev/null || true
    cl_wait_exit "$pid" 5 || true
    CL_PID[i]=""
    return 1
  fi
  CL_PID[i]=""
}

cl_instance_kill() {
  local i="$1" pid="${CL_PID[$1]}"
  [ -n "$pid" ] || return 0
  disown "$pid" 2>/dev/null || true  # no "Killed" notice from bash; the kill is deliberate
  kill -KILL "$pid" 2>/dev/null || true
  cl_wait_exit "$pid" 5 || true
  CL_PID[i]=""
}

# nginx from deploy/nginx.conf: the line holding @UPSTREAM@ once per instance.
cl_nginx_conf() {
  local addrs="" i
  for i in $(seq 1 "$CL_N"); do addrs+="127.0.0.1:${CL_PORT[i]} "; done
  mkdir -p "$CL_WORK/nginx"
  awk -v addrs="$addrs" '
    /@UPSTREAM@/ { n = split(addrs, a, " "); for (k = 1; k <= n; k++) { line = $0; gsub(/@UPSTREAM@/, a[k], line); print line } next }
    { print }' "$CL_ROOT/deploy/nginx.conf" \
    | sed -e "s|@PREFIX@|$CL_WORK/nginx|g" -e "s|@LISTEN@|127.0.0.1:$CL_NGINX_PORT|g" >"$CL_WORK/nginx/nginx.conf"
  if grep -n '@[A-Z]*@' "$CL_WORK/nginx/nginx.conf" >&2; then cl_die "a placeholder of deploy/nginx.conf was left unfilled"; fi
}

cl_nginx_start() {
  cl_nginx_conf
  nginx -t -q -p "$CL_WORK/nginx/" -c "$CL_WORK/nginx/nginx.conf" -g 'daemon off;' \
    || cl_die "nginx refuses $CL_WORK/nginx/nginx.conf"
  nginx -p "$CL_WORK/nginx/" -c "$CL_WORK/nginx/nginx.conf" -g 'daemon off;' >>"$CL_WORK/nginx/stderr.log" 2>&1 &
  CL_NGINX_PID=$!
  cl_wait_http "$CL_PUBLIC/healthz/ready" 30 "$CL_NGINX_PID" \
    || { cat "$CL_WORK/nginx/error.log" "$CL_WORK/nginx/stderr.log" >&2 2>/dev/null; cl_die "nginx did not pass requests on"; }
}

cl_nginx_stop() {
  [ -n "$CL_NGINX_PID" ] || return 0
  kill -QUIT "$CL_NGINX_PID" 2>/dev/null || true
  cl_wait_exit "$CL_NGINX_PID" 10 || { kill -KILL "$CL_NGINX_PID" 2>/dev/null || true; cl_wait_exit "$CL_NGINX_PID" 5 || true; }
  CL_NGINX_PID=""
}

# cl_cli ARGS...: the likewise command line with the instances' database and search.
cl_cli() {
  local envs
  mapfile -t envs < <(cl_instance_env 1)
  env "${envs[@]}" LIKEWISE_LOG=warn "$BIN" "$@"
}

# Stops everything, instances first (all at once: each drains 2 s), then nginx, Meilisearch, PostgreSQL.
cl_cleanup() {
  local i pids=()
  [ -n "${CL_WORK:-}" ] || return 0
  for i in $(seq 1 "${CL_N:-0}"); do
    if [ -n "${CL_PID[i]:-}" ]; then kill -TERM "${CL_PID[i]}" 2>/dev/null || true; pids+=("${CL_PID[i]}"); fi
  done
  for p in "${pids[@]}"; do
    cl_wait_exit "$p" 10 || { kill -KILL "$p" 2>/dev/null || true; cl_wait_exit "$p" 5 || true; }
  done
  for i in $(seq 1 "${CL_N:-0}"); do CL_PID[i]=""; done
  cl_nginx_stop
  cl_meili_stop
  cl_pg_stop
  if [ "${KEEP:-0}" = 1 ]; then
    cl_say "kept the work folder: $CL_WORK"
  else
    rm -rf "$CL_WORK"
  fi
  CL_WORK=""
}
