# leaks.awk - finds solution code in a handout.
#
#     awk -f leaks.awk [k=3] pair=1 role=starter STARTER role=solution SOLUTION \
#         pair=2 ... role=handout FILE...
#
# A solution line is secret when its starter (STARTER, /dev/null for a file
# students never get) has no such line.  A leak is K secret lines in a
# row, in solution order, found in a row in a handout file.  Single lines
# are not enough: "struct stat st;" or a for loop header is in tests and
# in the kit library as well as in solutions, while a solved TODO pasted
# into a sheet or a test is several lines at once.  Lines are compared
# without their indentation; blank lines and lines of braces alone are
# skipped.  Prints the first leak of each file, with where it comes from,
# and exits 1 if there is any.

function norm(s) {
	gsub(/^[ \t]+|[ \t\r]+$/, "", s)
	gsub(/[ \t]+/, " ", s)
	return s
}

# Lines that carry no solution: blanks, braces, the starter markers.
function trivial(s) {
	return s ~ /^[{}();,]*$/ || s ~ /^\/\/>/ || s == "/* END TODO */"
}

# The last K lines of LINES (count N), as one key.
function gram(lines, n,    key, i) {
	key = lines[n - k + 1]
	for (i = n - k + 2; i <= n; i++)
		key = key "\n" lines[i]
	return key
}

BEGIN { if (k == "") k = 3 }

FNR == 1 { n = 0 }

{ line = norm($0) }

trivial(line) { next }

role == "starter" { starter[pair, line] = 1; next }

role == "solution" {
	if ((pair, line) in starter) {
		n = 0
		next
	}
	run[++n] = line
	if (n >= k && !(gram(run, n) in secret))
		secret[gram(run, n)] = FILENAME ":" FNR
	next
}

# The first leak of each file is enough to find the others.
role == "handout" {
	run[++n] = line
	if (n >= k && (gram(run, n) in secret) && !(FILENAME in reported)) {
		printf "%s:%d: solution lines (%s) in the handout\n", FILENAME, FNR,
		       secret[gram(run, n)]
		reported[FILENAME] = 1
		leaks++
	}
}

END { exit leaks > 0 }
