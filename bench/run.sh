#!/bin/bash
# run.sh - `make bench`: the directory's speed against a ceiling, at three sizes.
#
# Generates fictional directories of 1k, 10k and 100k organizations (solidarityd
# generate), imports them, and for each starts `solidarityd serve` on loopback and drives it
# with wrk (bench/mix.lua). At 10k, nginx serves the same bytes as static files on another
# loopback port: the ceiling. Prints and records requests/s, p50/p99 latency, errors and
# the server's CPU time per request per kind, the ratio to nginx, the server's peak RSS,
# the import time of 100k (with its CPU time and the time stolen by the hypervisor), the
# time `serve` takes to answer on 100k, and how long a fixed task took before and after.
# Raw output goes to bench/results/DATE/ (not in git); the table goes to
# docs/BENCHMARKS.md.
#
# At 10k the floor (bench/floor.c) also serves the JSON search's bytes, making them again
# as one jansson value per request with no database: the most the directory's ratio to nginx
# can be on the machine.
#
# Usage: bench/run.sh BINARY FLOOR   (environment: BENCH_SECONDS per wrk run, default 10;
#        BENCH_CONNECTIONS, default 64; BENCH_SIZES, default "1000 10000 100000";
#        BENCH_WARMUP, seconds between the search image being ready and the load,
#        default 1)
set -euo pipefail

BIN=$(realpath "$1")
FLOOR=$(realpath "$2")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
SIZES=${BENCH_SIZES:-"1000 10000 100000"}
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT="$ROOT/bench/results/$STAMP"
DATA="$ROOT/bench/results/data"
DIR_PORT=18480
NGINX_PORT=18481
FLOOR_PORT=18482
KINDS="json_words json_filters json_near html_results html_detail home mix"
mkdir -p "$OUT" "$DATA"

SERVER_PID=""
NGINX_PREFIX=""
FLOOR_PID=""
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
	[ -n "$FLOOR_PID" ] && kill "$FLOOR_PID" 2>/dev/null && wait "$FLOOR_PID" 2>/dev/null || true
	[ -n "$NGINX_PREFIX" ] && [ -f "$NGINX_PREFIX/nginx.pid" ] &&
		kill "$(cat "$NGINX_PREFIX/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

say() { printf '%s\n' "$*" | tee -a "$OUT/summary.txt"; }

# Seconds a fixed task takes (SHA-256 of 512 MiB of zeros): timed before and after the
# run, it tells how fast the machine was, to compare runs on one whose speed varies.
speed_check() {
	local t0; t0=$(now_ms)
	head -c 512M /dev/zero | sha256sum > /dev/null
	python3 -c "print('%.2f' % (($(now_ms) - $t0) / 1000.0))"
}
now_ms() { date +%s%3N; }

# Wait until url answers 200; prints the milliseconds it took from $2 (a now_ms value).
wait_ready() {
	local url=$1 started=$2 i
	for i in $(seq 1 2000); do
		if curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null | grep -q 200; then
			echo $(( $(now_ms) - started ))
			return 0
		fi
		sleep 0.005
	done
	echo "server did not answer" >&2
	return 1
}

# Clock ticks the hypervisor has given this machine's processors to others so far (the
# "steal" column of /proc/stat).
steal_ticks() { awk '/^cpu / { print $9 }' /proc/stat; }

database_for() {
	local n=$1 json="$DATA/gen-$1.json" db="$DATA/gen-$1.db"
	[ -f "$json" ] || "$BIN" generate --count "$n" > "$json"
	# Imported afresh by every run, so that the time reported is this run's.
	rm -f "$db" "$db-wal" "$db-shm"
	"$BIN" init --db "$db" > /dev/null
	local t0 s0 cpu user sys
	t0=$(now_ms)
	s0=$(steal_ticks)
	if ! cpu=$( { TIMEFORMAT='%U %S'; time "$BIN" import --db "$db" "$json" > /dev/null \
		2> "$OUT/import-$n.err"; } 2>&1 ); then
		cat "$OUT/import-$n.err" >&2
		return 1
	fi
	echo $(( $(now_ms) - t0 )) > "$DATA/import-$n.ms"
	# The import's CPU time (user, system) and the time the machine lost to others
	# meanwhile, in seconds: a slow import with the same CPU time was a slow machine.
	read -r user sys <<< "$cpu"
	python3 -c "print('%.1f %.1f' % ($user + $sys, ($(steal_ticks) - $s0) / $(getconf CLK_TCK)))" \
		> "$DATA/import-$n.cpu"
	echo "$db"
}

# Start serve on db; SERVER_PID is set and the milliseconds until it answered a search are
# added to OUT/ready-all.txt.
launch_server() {
	local db=$1 t0
	t0=$(now_ms)
	"$BIN" serve --db "$db" --listen "127.0.0.1:$DIR_PORT" > "$OUT/serve.out" 2>&1 &
	SERVER_PID=$!
	wait_ready "http://127.0.0.1:$DIR_PORT/api/v1/search?q=clinique" "$t0" >> "$OUT/ready-all.txt"
	kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/serve.out" >&2; exit 1; }
}

# Start serve on db READY_STARTS times (the last one stays up); OUT/ready.ms receives the
# median of the start-up times, OUT/ready-all.txt each of them, the first (right after the
# import, when the kernel may have dropped the program's and the database's pages from
# its cache) first.
READY_STARTS=5
start_server() {
	local db=$1 i
	: > "$OUT/ready-all.txt"
	for i in $(seq 1 "$READY_STARTS"); do
		[ -n "$SERVER_PID" ] && stop_server
		launch_server "$db"
	done
	python3 -c "import statistics,sys; print(int(statistics.median(int(t) for t in sys.argv[1:])))" \
		$(cat "$OUT/ready-all.txt") > "$OUT/ready.ms"
	# serve answers at once, with SQL alone, while a thread builds the search image in
	# memory (server/snapshot_keeper.c), and says when it is ready; the load measures the
	# steady state after it.
	wait_image
	sleep "${BENCH_WARMUP:-1}"
}

# Wait until serve says its search image is built (or could not be), at most 5 minutes.
wait_image() {
	local i
	for i in $(seq 1 3000); do
		if grep -q 'search image of generation .* ready\|no search image' "$OUT/serve.out"; then
			say "$(grep 'search image' "$OUT/serve.out" | tail -1 | sed 's/^solidarityd: //')"
			return 0
		fi
		sleep 0.1
	done
	echo "the search image was not built" >&2
	return 1
}

# How long serve took to build its first search image, in ms (from its own line).
image_ms() { sed -n 's/.*search image of generation .* ready in \([0-9]*\) ms.*/\1/p' "$OUT/serve.out" | head -1; }

stop_server() {
	kill "$SERVER_PID" && wait "$SERVER_PID" || true
	SERVER_PID=""
}

peak_rss_kib() { awk '/VmHWM/ { print $2 }' "/proc/$SERVER_PID/status"; }

write_ids() {
	curl -s "http://127.0.0.1:$DIR_PORT/api/v1/organizations?per_page=100" |
		python3 -c 'import json,sys; print("return {" + ",".join("\"%s\"" % o["id"] for o in json.load(sys.stdin)["contents"]) + "}")' \
		> "$OUT/ids.lua"
}

# The user and system time so far of process $1, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# The server's CPU time per request in ms, from ticks $1 to $2 over $3 requests: steadier
# than requests/s on a machine whose speed varies with its neighbours' load.
cpu_per_request() {
	python3 -c "print('%.3f' % (($2 - $1) * 1000.0 / $(getconf CLK_TCK) / max($3, 1)))"
}

# Run "$@", a wrk run against the directory that prints "rps p50 p99 errors requests", and
# print its line with the server's CPU time per request added.
with_server_cpu() { with_cpu_of "$SERVER_PID" "$@"; }

# The same for the process $1 (the directory or the floor).
with_cpu_of() {
	local pid=$1 t0 t1 line requests
	shift
	t0=$(cpu_ticks "$pid")
	line=$("$@")
	t1=$(cpu_ticks "$pid")
	read -r _ _ _ _ requests <<< "$line"
	echo "$line $(cpu_per_request "$t0" "$t1" "$requests")"
}

# wrk against base with kind; writes OUT/wrk-LABEL-KIND.txt and prints
# "rps p50 p99 errors requests".
drive() {
	local base=$1 label=$2 kind=$3 file="$OUT/wrk-$2-$3.txt"
	BENCH_KIND=$kind BENCH_IDS="$OUT/ids.lua" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" \
		--latency -s "$ROOT/bench/mix.lua" "$base" > "$file" 2>&1
	python3 "$ROOT/bench/wrkparse.py" "$file"
}

# A static copy of a response, for nginx.
snapshot() { curl -s -o "$2" "http://127.0.0.1:$DIR_PORT$1"; }

start_nginx() {
	NGINX_PREFIX="$OUT/nginx"
	mkdir -p "$NGINX_PREFIX/www" "$NGINX_PREFIX/tmp"
	cp "$OUT/search.json" "$OUT/results.html" "$NGINX_PREFIX/www/"
	cat > "$NGINX_PREFIX/nginx.conf" <<CONF
worker_processes auto;
pid $NGINX_PREFIX/nginx.pid;
error_log $NGINX_PREFIX/error.log crit;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $NGINX_PREFIX/tmp;
	proxy_temp_path $NGINX_PREFIX/tmp;
	fastcgi_temp_path $NGINX_PREFIX/tmp;
	uwsgi_temp_path $NGINX_PREFIX/tmp;
	scgi_temp_path $NGINX_PREFIX/tmp;
	types { application/json json; text/html html; }
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $NGINX_PREFIX/www;
		location = /api/v1/search { default_type application/json; try_files /search.json =404; }
		location = /search { default_type text/html; try_files /results.html =404; }
	}
}
CONF
	chmod -R a+rX "$OUT"
	nginx -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf"
	wait_ready "http://127.0.0.1:$NGINX_PORT/search?q=clinique" "$(now_ms)" > /dev/null
}

# The same single request against the directory and against nginx; prints the
# directory's "rps p50 p99 errors requests cpu_ms_per_request|" then nginx's line.
ceiling() {
	local path=$1 kind=$2 dir ngx
	dir=$(with_server_cpu drive_path "http://127.0.0.1:$DIR_PORT" "dir-$kind" "$path")
	ngx=$(drive_path "http://127.0.0.1:$NGINX_PORT" "nginx-$kind" "$path")
	echo "$dir|$ngx"
}

# wrk on one path; prints "rps p50 p99 errors requests".
drive_path() {
	local base=$1 label=$2 path=$3 file="$OUT/wrk-$2.txt"
	wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$base$path" > "$file" 2>&1
	python3 "$ROOT/bench/wrkparse.py" "$file"
}

# The floor serving the JSON search's bytes, made again for each request (bench/floor.c),
# driven as the directory was; prints its line and records it beside nginx's $1 requests/s.
measure_floor() {
	local nginx_rps=$1 line frps fp50 fp99 ferr fcpu ratio
	"$FLOOR" "$OUT/search.json" "$FLOOR_PORT" > "$OUT/floor.out" 2>&1 &
	FLOOR_PID=$!
	wait_ready "http://127.0.0.1:$FLOOR_PORT/api/v1/search?q=clinique" "$(now_ms)" > /dev/null
	cmp -s "$OUT/search.json" <(curl -s "http://127.0.0.1:$FLOOR_PORT/api/v1/search?q=clinique") ||
		{ echo "bench: the floor does not send the directory's bytes" >&2; exit 1; }
	line=$(with_cpu_of "$FLOOR_PID" drive_path "http://127.0.0.1:$FLOOR_PORT" floor-json \
		"/api/v1/search?q=clinique")
	kill "$FLOOR_PID" && wait "$FLOOR_PID" || true
	FLOOR_PID=""
	read -r frps fp50 fp99 ferr _ fcpu <<< "$line"
	ratio=$(python3 -c "print('%.0f' % (100.0 * $frps / $nginx_rps))")
	say "$(printf 'floor json    one jansson value a request, no database %9s req/s p99 %s | %s%% of nginx  CPU %s ms/request' \
		"$frps" "$fp99" "$ratio" "$fcpu")"
	printf '%s\tfloor-json\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' 10000 "$frps" "$fp50" "$fp99" "$ferr" "$nginx_rps" "$ratio" "$fcpu" >> "$RESULTS"
}

for port in $DIR_PORT $NGINX_PORT $FLOOR_PORT; do
	if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
		echo "bench: something already answers on 127.0.0.1:$port; stop it first" >&2
		exit 1
	fi
done

say "# solidarityd benchmark $STAMP"
say "machine: $(nproc) cores, $(awk -F: '/model name/ { print $2; exit }' /proc/cpuinfo | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo)"
say "wrk: 2 threads, $CONNECTIONS connections, ${SECONDS_PER_RUN} s per run; server: one thread per core"
RESULTS="$OUT/results.tsv"
: > "$RESULTS"
speed_before=$(speed_check)
say "speed check: SHA-256 of 512 MiB in $speed_before s"

for n in $SIZES; do
	db=$(database_for "$n")
	say ""
	read -r import_cpu import_stolen < "$DATA/import-$n.cpu"
	say "## $n organizations ($(du -h "$db" | cut -f1) database, import $(cat "$DATA/import-$n.ms") ms, CPU $import_cpu s, stolen $import_stolen s)"
	start_server "$db"
	ready=$(cat "$OUT/ready.ms")
	say "serve ready to answer in $ready ms (median of $READY_STARTS starts: $(tr '\n' ' ' < "$OUT/ready-all.txt")ms)"
	write_ids
	for kind in $KINDS; do
		# At 1k and 100k only the mix is measured (scaling); at 10k every kind.
		if [ "$n" != 10000 ] && [ "$kind" != mix ]; then continue; fi
		read -r rps p50 p99 errors _ cpu <<< \
			"$(with_server_cpu drive "http://127.0.0.1:$DIR_PORT" "$n" "$kind")"
		say "$(printf '%-13s %9s req/s  p50 %8s  p99 %8s  errors %s  server CPU %s ms/request' \
			"$kind" "$rps" "$p50" "$p99" "$errors" "$cpu")"
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$kind" "$rps" "$p50" "$p99" "$errors" "$cpu" >> "$RESULTS"
	done
	rss=$(peak_rss_kib)
	say "peak RSS of serve: $((rss / 1024)) MiB"
	printf '%s\trss\t%s\n%s\tready\t%s\t%s\t%s\n%s\timport\t%s\t%s\t%s\n%s\timage\t%s\n' "$n" "$rss" \
		"$n" "$ready" "$(head -1 "$OUT/ready-all.txt")" "$(tr '\n' ' ' < "$OUT/ready-all.txt")" \
		"$n" "$(cat "$DATA/import-$n.ms")" "$import_cpu" "$import_stolen" "$n" "$(image_ms)" >> "$RESULTS"
	if [ "$n" = 10000 ]; then
		snapshot "/api/v1/search?q=clinique" "$OUT/search.json"
		snapshot "/search?q=clinique" "$OUT/results.html"
		start_nginx
		for pair in "json:/api/v1/search?q=clinique" "html:/search?q=clinique"; do
			kind=${pair%%:*}
			path=${pair#*:}
			IFS='|' read -r dir ngx <<< "$(ceiling "$path" "$kind")"
			read -r drps dp50 dp99 derr _ dcpu <<< "$dir"
			read -r nrps np50 np99 nerr _ <<< "$ngx"
			ratio=$(python3 -c "print('%.0f' % (100.0 * $drps / $nrps))")
			say "$(printf 'ceiling %-4s  directory %9s req/s p99 %s | nginx %9s req/s p99 %s | %s%%  (%s bytes)' \
				"$kind" "$drps" "$dp99" "$nrps" "$np99" "$ratio" \
				"$(stat -c %s "$OUT/$( [ "$kind" = json ] && echo search.json || echo results.html)")")"
			printf '%s\tceiling-%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$kind" "$drps" "$dp50" "$dp99" "$derr" "$nrps" "$ratio" "$dcpu" >> "$RESULTS"
			if [ "$kind" = json ]; then json_nginx_rps=$nrps; fi
		done
		measure_floor "$json_nginx_rps"
		kill "$(cat "$NGINX_PREFIX/nginx.pid")"
		NGINX_PREFIX=""
	fi
	stop_server
done

speed_after=$(speed_check)
say ""
say "speed check after the run: $speed_after s"
printf '0\tspeed\t%s\t%s\n' "$speed_before" "$speed_after" >> "$RESULTS"
python3 "$ROOT/bench/report.py" "$RESULTS" "$OUT/summary.txt" "$ROOT/docs/BENCHMARKS.md"
say ""
say "raw output: bench/results/$STAMP/"
