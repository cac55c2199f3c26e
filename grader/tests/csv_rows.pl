#!/usr/bin/perl
# csv_rows.pl - reads FILE as RFC 4180 CSV and prints each record as
# "N fields: f1 | f2 | ...", exiting 1 if a line is not valid CSV or its
# field count differs from the header's.  Spreadsheets read CSV this way;
# a field may never span lines in the kit's files.
use strict;
use warnings;

open my $fh, '<', $ARGV[0] or die "$ARGV[0]: $!\n";
my $width;
while (my $line = <$fh>) {
	chomp $line;
	my @fields;
	pos($line) = 0;
	while (1) {
		if ($line =~ /\G"((?:[^"]|"")*)"/gc) {
			(my $f = $1) =~ s/""/"/g;
			push @fields, $f;
		} elsif ($line =~ /\G([^",]*)/gc) {
			push @fields, $1;
		}
		last if pos($line) == length $line;
		$line =~ /\G,/gc or die "line $.: not CSV at column " . pos($line) . "\n";
	}
	$width //= @fields;
	die "line $.: " . @fields . " fields, the header has $width\n" if @fields != $width;
	print scalar(@fields), " fields: ", join(' | ', @fields), "\n";
}
