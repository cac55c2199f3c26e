# bench-lib.sh - timing helpers for bench.sh (sourced).

# Seconds taken by "$@", as a decimal.
time_once() {
	start=$(date +%s.%N)
	"$@"
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", a / b }'
}

# "A B": the medians of RUNS timings each of the functions A and B, run in
# turns (A, B, A, B...) so that a drift of the machine's speed during the
# bench weighs on both alike.
median_pair() {
	runs=$1
	for i in $(seq "$runs"); do
		echo "a $(time_once "$2")"
		echo "b $(time_once "$3")"
	done | sort -k2,2n | awk '{ t[$1, ++n[$1]] = $2 }
		END { printf "%s %s\n", t["a", int((n["a"] + 1) / 2)], t["b", int((n["b"] + 1) / 2)] }'
}
