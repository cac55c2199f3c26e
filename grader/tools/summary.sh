#!/bin/sh
# summary.sh - what a class's grades say: what to teach again.
#
#     summary.sh GRADEBOOK.csv TESTS.csv
#
# Prints how many students were graded, each test's pass rate across the
# class, hardest first, and the distribution of totals.  A test's rate
# counts only the students whose lab ran: a lab that was not submitted or
# did not compile says nothing about that test.  Relies on what
# grade-class guarantees: ids and numbers hold no comma, so only the last
# field of a gradebook row (the status) may be quoted.
set -u
gradebook=$1
tests=$2
export LC_ALL=C

# Columns of the gradebook: id, one per lab, total, max, status.
labs=$(head -n 1 "$gradebook" | awk -F, '{ print NF - 4 }')

statuses() {
	sed 1d "$gradebook" | awk -F, -v labs="$labs" '
	{
		status = $(labs + 4)
		sub(/^"/, "", status)
		sub(/[: ].*/, "", status)
		count[status]++
		n++
	}
	END {
		printf "Class of %d:", n
		sep = " "
		split("graded incomplete rejected", order, " ")
		for (i = 1; i <= 3; i++)
			if (count[order[i]]) {
				printf "%s%d %s", sep, count[order[i]], order[i]
				sep = ", "
			}
		print ""
	}'
}

pass_rates() {
	echo "Tests by pass rate, hardest first (among the students whose lab ran):"
	sed 1d "$tests" | awk -F, '
	{
		key = $2 ": " $3
		if (!(key in ran)) { ran[key] = 0; passed[key] = 0; idle[key] = 0 }
		if ($6 == "not-run" || $6 == "ungradable") idle[key]++
		else { ran[key]++; if ($6 == "passed") passed[key]++ }
	}
	END {
		for (key in ran) {
			rate = ran[key] ? 100 * passed[key] / ran[key] : 101
			printf "%7.2f %5d/%-5d %5s  %s%s\n", rate, passed[key], ran[key],
			       ran[key] ? sprintf("%d%%", rate + 0.5) : "-", key,
			       idle[key] ? sprintf("  (%d not run)", idle[key]) : ""
		}
	}' | sort -n -k1,1 -k4 | cut -c9-
}

totals() {
	max=$(sed -n 2p "$gradebook" | cut -d, -f$((labs + 3)))
	echo "Totals (out of ${max:-0}):"
	sed 1d "$gradebook" | cut -d, -f$((labs + 2)) | sort -n | awk -v max="${max:-0}" '
	{ t[NR] = $1; sum += $1 }
	END {
		if (NR == 0) { print "  no students"; exit }
		median = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		printf "  min %d, median %g, mean %.1f, max %d\n", t[1], median, sum / NR, t[NR]
		for (i = 1; i <= NR; i++) {
			b = max > 0 ? int(10 * t[i] / max) : 0
			bucket[b > 9 ? 9 : b]++
		}
		for (b = 0; b < 10; b++) {
			bar = ""
			for (i = 0; i < bucket[b]; i++)
				bar = bar "#"
			range = sprintf("%d-%d%%", 10 * b, b == 9 ? 100 : 10 * b + 9)
			printf "  %8s  %-30s %d\n", range, substr(bar, 1, 30), bucket[b]
		}
	}'
}

statuses
echo
pass_rates
echo
totals
