#!/usr/bin/perl
# tap_outcomes.pl - each test of a TAP file as TAP::Parser reads it.
#
#     tap_outcomes.pl FILE
#
# Prints one line per test, "ok|not-ok <description> <outcome>", where
# outcome is the "outcome" field of the test's YAML block ("-" without
# one), then "bailout <reason>" if the file bails out: so that a shell
# test can see each outcome arrive as the grade gave it.
use strict;
use warnings;
use TAP::Parser;

open my $fh, '<', $ARGV[0] or die "$ARGV[0]: $!\n";
my $tap = do { local $/; <$fh> };
my $parser = TAP::Parser->new({ tap => $tap });
my @tests;

while (my $result = $parser->next) {
	if ($result->is_test) {
		(my $name = $result->description) =~ s/^- //;
		push @tests, [$result->is_ok ? 'ok' : 'not-ok', $name, '-'];
	} elsif ($result->is_yaml && @tests && ref $result->data eq 'HASH') {
		$tests[-1][2] = $result->data->{outcome} // '-';
	} elsif ($result->is_bailout) {
		push @tests, ['bailout', $result->explanation, ''];
	}
}
print join("\t", @$_), "\n" for @tests;
