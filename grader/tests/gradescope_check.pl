#!/usr/bin/perl
# gradescope_check.pl - does FILE carry what Gradescope reads in results.json?
#
#     gradescope_check.pl FILE
#
# A JSON object with a numeric score, and tests each with a name, a
# numeric score and max_score, a status of passed or failed and a
# visibility Gradescope knows; the tests' scores add up to the score.
# Prints "tests=N score=N max_score=N" and exits 1 on the first problem.
use strict;
use warnings;
use JSON::PP;

open my $fh, '<:raw', $ARGV[0] or die "$ARGV[0]: $!\n";
my $text = do { local $/; <$fh> };
my $doc = eval { JSON::PP->new->utf8->decode($text) };
die "not JSON: $@" unless $doc;
die "not an object\n" unless ref $doc eq 'HASH';

sub number { defined $_[0] && !ref $_[0] && $_[0] =~ /^-?\d+(\.\d+)?$/ }

die "no numeric score\n" unless number($doc->{score});
die "no tests array\n" unless ref $doc->{tests} eq 'ARRAY';
my ($sum, $max) = (0, 0);
for my $t (@{ $doc->{tests} }) {
	die "a test has no name\n" unless defined $t->{name} && length $t->{name};
	die "$t->{name}: no numeric score\n" unless number($t->{score});
	die "$t->{name}: no numeric max_score\n" unless number($t->{max_score});
	die "$t->{name}: status $t->{status}\n"
		unless ($t->{status} // '') =~ /^(passed|failed)$/;
	die "$t->{name}: visibility $t->{visibility}\n"
		unless ($t->{visibility} // 'visible') =~
			/^(visible|hidden|after_due_date|after_published)$/;
	die "$t->{name}: output is not text\n" if ref $t->{output};
	$sum += $t->{score};
	$max += $t->{max_score};
}
die "tests add up to $sum, score is $doc->{score}\n" if $sum != $doc->{score};
die "max_score $doc->{max_score} is not $max\n"
	if defined $doc->{max_score} && $doc->{max_score} != $max;
printf "tests=%d score=%s max_score=%s\n", scalar @{ $doc->{tests} },
	$doc->{score}, $max;
