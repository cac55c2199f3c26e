# mkstarter.awk - turns a reference solution into the student's starter.
#
#     /* TODO 3: What to do, in words.        <- kept (may span lines)
#      * ... */
#     solution lines                          <- dropped
#     //> starter line                        <- kept, without the "//> "
#     /* END TODO */                          <- dropped
#
# TODOs must be numbered 1, 2, 3 ... in solving order across a lab's files:
# pass the previous file's last number as -v first=N.  Errors go to stderr
# with the file and line, and the exit status is 1.
BEGIN { expect = (first ? first : 0) + 1; state = "out" }

function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	failed = 1
	exit 1
}

state == "out" && /^[ \t]*\/\* TODO [0-9]+:/ {
	n = $0
	sub(/^[ \t]*\/\* TODO /, "", n)
	sub(/:.*/, "", n)
	if (n + 0 != expect)
		fail("TODO " n " found where TODO " expect " was expected")
	expect++
	print
	state = index($0, "*/") ? "solution" : "comment"
	next
}

state == "comment" {
	print
	if (index($0, "*/"))
		state = "solution"
	next
}

state == "solution" && /^[ \t]*\/\* END TODO \*\/[ \t]*$/ { state = "out"; next }

state == "solution" && /^[ \t]*\/\/> ?/ {
	line = $0
	sub(/\/\/> ?/, "", line)
	print line
	next
}

state == "solution" { next }

/END TODO/ { fail("END TODO without a TODO") }

{ print }

END {
	if (failed)
		exit 1
	if (state != "out")
		fail("TODO " (expect - 1) " has no END TODO")
	print expect - 1 > "/dev/stderr"
}
