# bench-lib.sh - timing helpers for bench.sh (sourced).

# Seconds taken by "$@", as a decimal.
time_once() {
	start=$(date +%s.%N)
	"$@"
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

# The median of RUNS timings of "$@".
median_time() {
	runs=$1
	shift
	for i in $(seq "$runs"); do
		time_once "$@"
	done | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", a / b }'
}
