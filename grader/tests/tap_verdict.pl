#!/usr/bin/perl
# tap_verdict.pl - what TAP::Parser, the parser behind prove, reads in FILE.
#
#     tap_verdict.pl FILE
#
# Prints one line, "tests=N passed=N failed=N todo=N skipped=N
# parse_errors=N yaml=N version=N", so that a shell test can compare
# the verdict with what the grade said: no student text may turn a
# failure into a pass (todo, skipped) or unbalance the plan.
use strict;
use warnings;
use TAP::Parser;

open my $fh, '<', $ARGV[0] or die "$ARGV[0]: $!\n";
my $tap = do { local $/; <$fh> };
my $parser = TAP::Parser->new({ tap => $tap });
my ($yaml, $todo, $skipped) = (0, 0, 0);

while (my $result = $parser->next) {
	$yaml++ if $result->is_yaml && ref $result->data eq 'HASH';
	$todo++ if $result->is_test && $result->has_todo;
	$skipped++ if $result->is_test && $result->has_skip;
}
printf "tests=%d passed=%d failed=%d todo=%d skipped=%d parse_errors=%d yaml=%d version=%d\n",
	$parser->tests_run, scalar($parser->passed), scalar($parser->failed),
	$todo, $skipped, scalar($parser->parse_errors), $yaml, $parser->version;
print "  parse error: $_\n" for $parser->parse_errors;
