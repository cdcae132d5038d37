#!/usr/bin/env bash
# The walk-through of examples/cluster/README.md in one go: starts a head and two workers from
# the current directory, deploys serve.yaml (the iris and taxi-tips applications), asks every
# node's proxy, then kills the second worker with SIGKILL under load and watches `serve status`
# until its replicas run on the other nodes; stops every node at the end, also on failure.
#
#   bash examples/cluster/walkthrough.sh           # from the repository root
#
# Ports (defaults as in the README): CLUSTER_PORT=6380 ADMIN_PORT=8265 HEAD_HTTP=8000
# W1_HTTP=8001 W2_HTTP=8002. TRELLIS is the command that runs trellis (default: ./trellis
# of this checkout). LOAD_SECONDS bounds the load; RECOVERY_SECONDS the wait for recovery.
# The load is wrk's when wrk is installed (LOAD_TOOL=curl: one curl request at a time instead).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TRELLIS="${TRELLIS:-$here/../../trellis}"
CLUSTER_PORT="${CLUSTER_PORT:-6380}"
ADMIN_PORT="${ADMIN_PORT:-8265}"
HEAD_HTTP="${HEAD_HTTP:-8000}"
W1_HTTP="${W1_HTTP:-8001}"
W2_HTTP="${W2_HTTP:-8002}"
RECOVERY_SECONDS="${RECOVERY_SECONDS:-60}"
admin="http://127.0.0.1:$ADMIN_PORT"
iris='{"sepal length": 1.2, "sepal width": 1.0, "petal length": 1.1, "petal width": 0.9}'
work="$(mktemp -d)"
load_pid=""

trellis() { "$TRELLIS" "$@"; }

finish() {
  local status=$?
  [[ -n "$load_pid" ]] && kill "$load_pid" 2>/dev/null || true
  echo "== stopping every node started here"
  trellis stop || true
  rm -rf "$work"
  exit "$status"
}
trap finish EXIT

# Starts a node; prints its output; sets node_id and node_pid from the "Started ..." line.
start_node() {
  local out
  out="$(trellis start "$@")"
  echo "$out"
  node_id="$(sed -n 's/^Started Trellis [a-z]* node \([^ ]*\) at .*/\1/p' <<<"$out")"
  node_pid="$(sed -n 's/.*(pid \([0-9]*\),.*/\1/p' <<<"$out")"
  [[ -n "$node_id" && -n "$node_pid" ]] || { echo "could not read the node id and pid from: $out" >&2; exit 1; }
}

echo "== starting a head and two workers"
start_node --head --cluster-port "$CLUSTER_PORT" --num-cpus 2 --port "$HEAD_HTTP" --admin-port "$ADMIN_PORT"
start_node --address "127.0.0.1:$CLUSTER_PORT" --num-cpus 2 --port "$W1_HTTP"
start_node --address "127.0.0.1:$CLUSTER_PORT" --num-cpus 2 --port "$W2_HTTP"
victim_id="$node_id"
victim_pid="$node_pid"
echo "== nodes"
trellis status

echo "== deploying $here/serve.yaml"
trellis serve deploy "$here/serve.yaml" --address "$admin"
# Healthy (the status table in $table): every application RUNNING, every deployment HEALTHY.
healthy() {
  grep -q RUNNING <<<"$table" && ! grep -Eq 'DEPLOYING|UPDATING|UNHEALTHY|DEPLOY_FAILED|UPSCALING|DOWNSCALING' <<<"$table"
}
for _ in $(seq 1 "$RECOVERY_SECONDS"); do
  table="$(trellis serve status --address "$admin" || true)"
  healthy && break
  sleep 1
done
healthy || { echo "$table"; echo "the applications did not become healthy" >&2; exit 1; }
echo "== serve status"
echo "$table"

echo "== answers from every node's proxy"
for port in "$HEAD_HTTP" "$W1_HTTP" "$W2_HTTP"; do
  echo "proxy :$port /ensemble -> $(curl -sS --max-time 30 -X POST "http://127.0.0.1:$port/ensemble" \
    -H 'content-type: application/json' -d "$iris")"
done
echo "proxy :$W1_HTTP /tips -> $(curl -sS --max-time 30 -X POST "http://127.0.0.1:$W1_HTTP/tips" \
  -H 'content-type: application/json' -d @"$here/../taxi-trips.json")"

echo "== load on the head's proxy; killing worker $victim_id (pid $victim_pid) with SIGKILL"
use_wrk() { [[ "${LOAD_TOOL:-}" != curl ]] && command -v wrk >/dev/null; }
if use_wrk; then
  wrk -t2 -c8 -d"${LOAD_SECONDS:-40}"s -s "$here/post-iris.lua" "http://127.0.0.1:$HEAD_HTTP/ensemble" >"$work/load" &
else
  # No wrk here: one request at a time with curl, each status code on a line ("000": no answer in 15 s).
  (end=$((SECONDS + ${LOAD_SECONDS:-40}))
   while ((SECONDS < end)); do
     curl -s -o /dev/null -w '%{http_code}\n' --max-time 15 -X POST "http://127.0.0.1:$HEAD_HTTP/ensemble" \
       -H 'content-type: application/json' -d "$iris" || true
   done) >"$work/load" &
fi
load_pid=$!
sleep 2
kill -9 "$victim_pid"
killed=$SECONDS
recovered=""
for _ in $(seq 1 "$RECOVERY_SECONDS"); do
  sleep 1
  table="$(trellis serve status --address "$admin" || true)"
  if healthy && ! grep -q "$victim_id" <<<"$table"; then
    recovered=$((SECONDS - killed))
    break
  fi
done
if [[ -z "$recovered" ]]; then
  echo "$table"
  echo "the replicas of $victim_id were not replaced within $RECOVERY_SECONDS s" >&2
  exit 1
fi
echo "== recovered: every deployment HEALTHY without $victim_id, ${recovered} s after the kill"
echo "$table"
wait "$load_pid" || true
load_pid=""
if use_wrk; then
  echo "== load (wrk)"; cat "$work/load"
else
  echo "== load: requests by HTTP status"; sort "$work/load" | uniq -c
fi
