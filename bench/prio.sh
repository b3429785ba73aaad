#!/bin/sh
# Runs a command in its own session (its own scheduler autogroup) at high priority, so that other busy processes on a
# shared machine take less time from the measured threads: the same wrapper as the libtorch peer bench's prio.sh, kept
# here so the bench needs nothing outside this repository. BENCH_PRIORITY=0 runs at normal priority. The negative
# nice value needs root; without it the command still runs, at normal priority.
if [ "${BENCH_PRIORITY:-1}" = "0" ]; then exec "$@"; fi
exec setsid -w nice -n -19 sh -c 'echo -19 > /proc/self/autogroup 2>/dev/null; exec "$@"' sh "$@"
