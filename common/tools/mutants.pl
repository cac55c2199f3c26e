#!/usr/bin/perl
# mutants.pl - `make mutants`: how many bugs do the labs' tests catch?
#
#     perl common/tools/mutants.pl [--lab SEL] [--jobs J] [--floor PCT]
#          [--sample N [--seed S] [--sample-floors]] [--only ID,...]
#          [--report FILE] [--tsv FILE] [--build DIR] [--kit DIR] [--quiet]
#     perl common/tools/mutants.pl [--lab SEL] --list | --show ID,...
#
#   --jobs J         mutants graded at once (default 2)
#   --floor PCT      the share of scored mutants each lab must kill (95)
#   --sample N       only N mutants per lab, the same N for the same --seed
#                    (default 1); --sample-floors takes each lab's floor from
#                    the `sample-floor: PCT` line of solutions/NN-topic/
#                    mutants.floor when there is one (make test)
#   --only IDS       only these mutants (ids as --list prints them: 01/17)
#   --report FILE    the report, also written to FILE
#   --tsv FILE       every verdict, one line each (build/mutants/last-run.tsv)
#   --list, --show   the mutants, or some with their equivalence record,
#                    without grading anything
#
# For each selected lab (SEL as `make grade` takes it: 1, 01, 01-file-mapping,
# file-mapping, comma lists; default every lab), the reference solution's
# files (the lab's MANIFEST, as its record gives them) are mutated one small
# change at a time, and each mutant is graded against the lab's trusted tests.  A mutant is killed when a
# test fails (or errs, crashes, times out); it survives when every test
# passes: a bug of that shape would go unnoticed in a student's work.
#
# Mutants are made in code only: never in comments, string or character
# literals, `//>` starter lines, TODO / END TODO markers or preprocessor
# lines.  The operators:
#
#   rel          <  <=  >  >=   to its boundary neighbour (< to <=, >= to >...)
#   eq           == to != and back
#   logic        && to || and back
#   arith        binary + to - and back, += to -= and back
#   const        an integer constant plus one, and minus one (not below 0)
#   api          a constant of the memory API for a neighbour: MAP_SHARED and
#                MAP_PRIVATE, MS_SYNC and MS_ASYNC, O_RDONLY / O_RDWR /
#                O_WRONLY, PROT_* bits, IPC_RMID / IPC_STAT, MADV_* advice,
#                SIGSEGV / SIGBUS, SEGV_ACCERR / SEGV_MAPERR, errno values
#                (EINVAL / ENOMEM, EACCES / EPERM, ENOENT / EEXIST...),
#                MAP_FAILED to NULL...
#   flag-drop    one flag of an `A | B | C` mask dropped (O_CREAT, O_EXCL,
#                O_TRUNC, O_CLOEXEC, IPC_CREAT, IPC_EXCL, PROT_WRITE,
#                MAP_ANONYMOUS, SA_SIGINFO, MREMAP_MAYMOVE...), or a lone
#                flag argument replaced by 0 (SHM_RDONLY, MREMAP_MAYMOVE...)
#   return       return -1 to return 0, return 0 to return -1, return NULL
#                to return MAP_FAILED, true and false swapped
#   call-del     a call that is a whole statement deleted: munmap, close,
#                msync, ftruncate, shm_unlink, shmdt, shmctl, waitpid,
#                _exit, sigaction, memcpy, memset, free, unlink, and the
#                lab's own helpers (close_quietly...)
#   loop-bound   the bound of a for or while condition one step tighter:
#                i < n to i < n - 1, i > 0 to i > 0 + 1
#
# Mutants are numbered in a fixed order (the MANIFEST's files, then their
# place in the file, then the operators above): the same sources give the
# same mutants with the same ids.  Two mutants that give the same file are
# one.  A mutant that does not compile is stillborn: counted apart, never
# scored.  A mutant whose object code, debug information aside, is the
# solution's own is equivalent by construction: counted apart, never run.
#
# How a mutant runs: the solution is graded once (build/grader/grader
# --expect full), which builds the trusted objects (the kit library, the
# lab's tests) and the solution's objects; each mutant then gets a copy of
# that build folder, make (common/lab.mk) recompiles the mutated file only
# and links, and common/tools/mutrun.c runs the test binary with
# --results-fd, stops it at its first record that is not a pass, and leaves
# nothing behind (processes, scratch files, POSIX and System V shared
# memory: see mutrun.c).  Each run is bounded by the lab's test timeouts
# (times CK_TIMEOUT_MULTIPLIER) plus 10 s, and by rlimits; as root, it runs
# as a uid of its own per job slot (950000 + slot, or KIT_MUTANT_UID_BASE;
# uids that belong to an account make it fall back to nobody).
#
# Equivalent mutants: solutions/NN-topic/mutants.equivalent lists the
# survivors judged equivalent (no test could tell them from the solution).
# Records are separated by blank lines; `#` starts a comment line:
#
#     file: filemap.c
#     operator: rel
#     original: if (*size > 0)
#     mutated: if (*size >= 0)
#     occurrence: 2
#     reason: st_size of a regular file is never negative, ...
#
# `original` and `mutated` are the changed line, trimmed, runs of blanks
# counted as one (a change over several lines: its lines joined by a
# space); `occurrence` (default 1) picks among mutants with the same file,
# operator, original and mutated lines, in file order; `reason` is one line.
# No line numbers: a record survives edits elsewhere in the file.  `--show
# ID` prints a mutant with its record.  Declared equivalents are shown
# apart and left out of the score; a record that matches no mutant is
# warned about; more than 5% of a lab's compiled mutants declared
# equivalent fails the lab.
#
# The score of a lab: killed / (mutants - stillborn - identical code -
# declared equivalent).  --sample N --seed S scores N mutants per lab, the
# same N for the same seed (make test uses it).
#
# Exit status: 0 every selected lab reaches the floor (default 95%), 1 some
# lab does not (or declares too many equivalents), 2 the tool could not run
# (the kit or a solution does not build, the solution fails its tests...).
use strict;
use warnings;
use Cwd qw(abs_path);
use Digest::MD5 qw(md5_hex);
use File::Basename qw(dirname);
use File::Path qw(make_path remove_tree);
use Getopt::Long qw(GetOptions);
use POSIX qw(:sys_wait_h);
use Time::HiRes qw(time);

$| = 1;
my $EQUIV_CAP = 5;      # % of a lab's compiled mutants

my %opt = (jobs => 2, floor => 95, seed => 1);
GetOptions(\%opt, 'lab=s', 'jobs|j=i', 'floor=f', 'sample=i', 'seed=i', 'list',
	   'show=s', 'only=s', 'build=s', 'kit=s', 'quiet', 'report=s', 'tsv=s',
	   'sample-floors')
	or die_usage();
$opt{lab} = '' unless defined $opt{lab};
$opt{jobs} = 2 if !$opt{jobs} || $opt{jobs} < 1;

my $kit = abs_path($opt{kit} // dirname(abs_path($0)) . '/../..');
my $build = $opt{build} // "$kit/build/mutants";
make_path($build);
$build = abs_path($build);
my $kit_build = "$kit/build/kit";
my $grader = "$kit/build/grader/grader";
my $report_fh;
if ($opt{report}) {
	open($report_fh, '>', $opt{report}) or fatal("cannot write $opt{report}: $!");
}

sub die_usage
{
	print STDERR "usage: mutants.pl [--lab SEL] [--jobs J] [--floor PCT] "
		. "[--sample N --seed S]\n                  [--list] [--show ID] "
		. "[--only ID,...] [--build DIR]\n";
	exit 2;
}

sub fatal
{
	print STDERR "mutants: @_\n";
	exit 2;
}

# Prints to the terminal and to --report.
sub out
{
	my $text = join('', @_);
	print $text;
	print $report_fh $text if $report_fh;
}

# --- the labs -----------------------------------------------------------

# "1", "01", "01-file-mapping" and "file-mapping" select lab 01 (lab.c).
sub lab_matches
{
	my ($lab, $want) = @_;
	return 1 if $lab eq $want;
	return $lab =~ /^\d/ && int($lab =~ /^(\d+)/ ? $1 : -1) == int($want)
		if $want =~ /^\d+$/;
	return length($lab) > 3 && substr($lab, 3) eq $want;
}

sub select_labs
{
	my ($sel) = @_;
	opendir(my $d, "$kit/labs") or fatal("$kit/labs: $!");
	my @labs = sort grep { !/^\./ && -f "$kit/labs/$_/MANIFEST" } readdir($d);
	closedir($d);
	my @want = grep { length } split(/[, ]+/, $sel);
	@labs = grep { my $l = $_; grep { lab_matches($l, $_) } @want } @labs if @want;
	fatal("no lab matches '$sel'") unless @labs;
	return @labs;
}

# What the lab's record says (common/tools/labinfo.sh, the shell's reader,
# read here too rather than a second time in Perl): one line per value,
# or per test; kept, since the record does not change during a run.
my %labinfo;
sub labinfo
{
	my ($lab, @what) = @_;
	my $key = join("\0", $lab, @what);
	if (!$labinfo{$key}) {
		local $ENV{KIT_BUILD} = $kit_build;
		open(my $p, '-|', 'sh', "$kit/common/tools/labinfo.sh", $kit, $lab, @what)
			or fatal("cannot run labinfo.sh: $!");
		my @lines = <$p>;
		close($p) or fatal("the record of $lab (labinfo.sh @what)");
		chomp @lines;
		$labinfo{$key} = \@lines;
	}
	return @{ $labinfo{$key} };
}

sub manifest { return labinfo($_[0], 'file') }

# --- C tokens -------------------------------------------------------------

my $PUNCT = qr{<<=|>>=|\.\.\.|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||\+=|-=|\*=|/=|%=|&=|\^=|\|=|[][(){}.,;:?~!%^&*+\-/<>=|#]};

# Tokens of SRC: [type, text, start, end]; types: id num punct str chr
# (comments, blanks and preprocessor lines are dropped: never mutated).
sub tokenize
{
	my ($src) = @_;
	my @tok;
	my $bol = 1;    # only blanks since the start of the line
	pos($src) = 0;
	while (pos($src) < length($src)) {
		my $at = pos($src);
		if ($src =~ /\G([ \t\f\r]+)/gc) { next }
		if ($src =~ /\G\n/gc) { $bol = 1; next }
		if ($bol && $src =~ /\G#(?:[^\n\\]|\\.|\\\n)*/gcs) { next }
		$bol = 0;
		if ($src =~ m{\G/\*.*?\*/}gcs) { next }
		if ($src =~ m{\G//[^\n]*}gc) { next }
		if ($src =~ /\G"(?:[^"\\\n]|\\.)*"/gc) {
			push @tok, ['str', substr($src, $at, pos($src) - $at), $at, pos($src)];
		} elsif ($src =~ /\G'(?:[^'\\\n]|\\.)*'/gc) {
			push @tok, ['chr', substr($src, $at, pos($src) - $at), $at, pos($src)];
		} elsif ($src =~ /\G\.?\d(?:[eEpP][+-]|[\w.])*/gc) {
			push @tok, ['num', substr($src, $at, pos($src) - $at), $at, pos($src)];
		} elsif ($src =~ /\G[A-Za-z_]\w*/gc) {
			push @tok, ['id', substr($src, $at, pos($src) - $at), $at, pos($src)];
		} elsif ($src =~ /\G$PUNCT/gc) {
			push @tok, ['punct', substr($src, $at, pos($src) - $at), $at, pos($src)];
		} else {
			pos($src) = $at + 1;    # a stray byte: skip it
		}
	}
	return @tok;
}

my %KEYWORD = map { $_ => 1 } qw(auto break case char const continue default do
	double else enum extern float for goto if inline int long register restrict
	return short signed sizeof static struct switch typedef union unsigned void
	volatile while _Bool _Static_assert _Alignof _Alignas _Generic _Noreturn
	_Thread_local);

# The api operator: each constant and its neighbours.
my %API = (
	MAP_SHARED => ['MAP_PRIVATE'], MAP_PRIVATE => ['MAP_SHARED'],
	MAP_FAILED => ['NULL'],
	MAP_FIXED => ['MAP_FIXED_NOREPLACE'],
	PROT_READ => ['PROT_NONE', 'PROT_WRITE'], PROT_WRITE => ['PROT_READ'],
	PROT_EXEC => ['PROT_READ'], PROT_NONE => ['PROT_READ'],
	MS_SYNC => ['MS_ASYNC'], MS_ASYNC => ['MS_SYNC'],
	MS_INVALIDATE => ['MS_ASYNC'],
	O_RDONLY => ['O_RDWR'], O_RDWR => ['O_RDONLY', 'O_WRONLY'],
	O_WRONLY => ['O_RDWR'],
	IPC_RMID => ['IPC_STAT'], IPC_STAT => ['IPC_RMID'],
	IPC_PRIVATE => ['(key_t)0x6d757401'],
	MADV_NORMAL => ['MADV_RANDOM'], MADV_RANDOM => ['MADV_SEQUENTIAL'],
	MADV_SEQUENTIAL => ['MADV_RANDOM'], MADV_WILLNEED => ['MADV_DONTNEED'],
	MADV_DONTNEED => ['MADV_FREE', 'MADV_WILLNEED'], MADV_FREE => ['MADV_DONTNEED'],
	MADV_HUGEPAGE => ['MADV_NOHUGEPAGE'], MADV_NOHUGEPAGE => ['MADV_HUGEPAGE'],
	MADV_REMOVE => ['MADV_DONTNEED'],
	SIGSEGV => ['SIGBUS'], SIGBUS => ['SIGSEGV'],
	SEGV_ACCERR => ['SEGV_MAPERR'], SEGV_MAPERR => ['SEGV_ACCERR'],
	SIG_DFL => ['SIG_IGN'], SIG_IGN => ['SIG_DFL'],
	SEEK_SET => ['SEEK_CUR'], SEEK_CUR => ['SEEK_SET'], SEEK_END => ['SEEK_SET'],
	RUSAGE_SELF => ['RUSAGE_CHILDREN'], RUSAGE_CHILDREN => ['RUSAGE_SELF'],
	EINVAL => ['ENOMEM'], ENOMEM => ['EINVAL'], EACCES => ['EPERM'],
	EPERM => ['EACCES'], ENOENT => ['EEXIST'], EEXIST => ['ENOENT'],
	EINTR => ['EAGAIN'], EAGAIN => ['EINTR'], EIO => ['EINVAL'],
	ENOSPC => ['ENOMEM'], EBUSY => ['EINVAL'], EFAULT => ['EINVAL'],
	ERANGE => ['EINVAL'], EBADF => ['EINVAL'], ENOSYS => ['EINVAL'],
	E2BIG => ['EINVAL'], ENAMETOOLONG => ['EINVAL'], EOVERFLOW => ['EINVAL'],
	ENOTSUP => ['EINVAL'], EOPNOTSUPP => ['EINVAL'],
);

# Flags the flag-drop operator takes out of a mask.
my %FLAG = map { $_ => 1 } qw(O_CREAT O_EXCL O_TRUNC O_CLOEXEC O_APPEND
	O_NONBLOCK IPC_CREAT IPC_EXCL IPC_NOWAIT SHM_RDONLY SHM_RND
	PROT_READ PROT_WRITE PROT_EXEC MAP_ANONYMOUS MAP_ANON MAP_FIXED
	MAP_FIXED_NOREPLACE MAP_NORESERVE MAP_POPULATE MAP_SHARED MAP_PRIVATE
	MREMAP_MAYMOVE MREMAP_FIXED MS_INVALIDATE SA_SIGINFO SA_RESTART SA_NODEFER
	SA_RESETHAND SA_ONSTACK WNOHANG WUNTRACED S_IRUSR S_IWUSR S_IRGRP S_IWGRP
	S_IROTH S_IWOTH);

# The index of the token that closes the bracket opened at tokens[I].
sub matching
{
	my ($tok, $i) = @_;
	my %close = ('(' => ')', '[' => ']', '{' => '}');
	my $open = $tok->[$i][1];
	my $depth = 0;
	for (my $j = $i; $j < @$tok; $j++) {
		next unless $tok->[$j][0] eq 'punct';
		$depth++ if $tok->[$j][1] eq $open;
		$depth-- if $tok->[$j][1] eq $close{$open};
		return $j if $depth == 0;
	}
	return -1;
}

# The index of the token that opens the bracket closed at tokens[I].
sub opening
{
	my ($tok, $i) = @_;
	my %open = (')' => '(', ']' => '[', '}' => '{');
	my $close = $tok->[$i][1];
	my $depth = 0;
	for (my $j = $i; $j >= 0; $j--) {
		next unless $tok->[$j][0] eq 'punct';
		$depth++ if $tok->[$j][1] eq $close;
		$depth-- if $tok->[$j][1] eq $open{$close};
		return $j if $depth == 0;
	}
	return -1;
}

my %TYPE_WORD = map { $_ => 1 } qw(void char short int long float double signed
	unsigned const volatile struct union enum _Bool);

# Does the `)` at tokens[I] close a cast, as in (key_t)-1?
sub closes_cast
{
	my ($tok, $i) = @_;
	my $o = opening($tok, $i);
	return 0 if $o < 0 || $o == $i - 1;
	return 0 if $o > 0 && ($tok->[$o - 1][0] eq 'id' || $tok->[$o - 1][1] =~ /^[)\]]$/);
	for my $t (@$tok[$o + 1 .. $i - 1]) {
		return 0 unless $t->[0] eq 'id' || $t->[1] eq '*';
	}
	my $first = $tok->[$o + 1][1];
	return $TYPE_WORD{$first} || $first =~ /_t$/;
}

# Does tokens[I] end an operand (so that a following + or - is binary)?
sub ends_operand
{
	my ($tok, $i) = @_;
	return 0 if $i < 0;
	my $t = $tok->[$i];
	return 0 unless $t;
	return 1 if $t->[0] eq 'num' || $t->[0] eq 'str' || $t->[0] eq 'chr';
	return !$KEYWORD{$t->[1]} if $t->[0] eq 'id';
	return !closes_cast($tok, $i) if $t->[1] eq ')';
	return $t->[1] eq ']' || $t->[1] eq '++' || $t->[1] eq '--';
}

# Does a statement start at tokens[I]?  (What precedes it ends one.)
sub statement_start
{
	my ($tok, $i) = @_;
	return 1 if $i == 0;
	my $p = $tok->[$i - 1];
	return 1 if $p->[0] eq 'punct' && ($p->[1] eq ';' || $p->[1] eq '{' || $p->[1] eq '}');
	return 1 if $p->[0] eq 'id' && ($p->[1] eq 'else' || $p->[1] eq 'do');
	if ($p->[0] eq 'punct' && $p->[1] eq ':') {
		# a label (name: at a statement's start), case X: or default:
		return 1 if $i >= 2 && $tok->[$i - 2][1] eq 'default';
		for (my $j = $i - 2; $j >= 0; $j--) {
			my $t = $tok->[$j];
			return 1 if $t->[1] eq 'case';
			if ($t->[0] eq 'punct' && ($t->[1] eq ';' || $t->[1] eq '{' || $t->[1] eq '}')) {
				return $j == $i - 3 && $tok->[$i - 2][0] eq 'id';
			}
		}
		return 0;
	}
	if ($p->[0] eq 'punct' && $p->[1] eq ')') {
		my $o = opening($tok, $i - 1);
		return $o > 0 && $tok->[$o - 1][0] eq 'id' &&
			$tok->[$o - 1][1] =~ /^(if|while|for)$/;
	}
	return 0;
}

# Is tokens[I] inside `case ... :`?
sub in_case_label
{
	my ($tok, $i) = @_;
	for (my $j = $i - 1; $j >= 0 && $j >= $i - 8; $j--) {
		my $t = $tok->[$j];
		return 1 if $t->[1] eq 'case';
		return 0 if $t->[0] eq 'punct' && $t->[1] =~ /^[;{}:]$/;
	}
	return 0;
}

# An integer literal plus DELTA, in its own base and with its suffix.
sub bump
{
	my ($text, $delta) = @_;
	my ($digits, $suffix) = $text =~ /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)([uUlL]*)$/
		or return undef;
	if ($digits =~ /^0[xX]/) {
		my $v = hex($digits) + $delta;
		return undef if $v < 0;
		return sprintf('0x%X', $v) . $suffix;
	}
	if ($digits =~ /^0./) {
		my $v = oct($digits) + $delta;
		return undef if $v < 0;
		return sprintf('0%o', $v) . $suffix;
	}
	my $v = $digits + $delta;
	return undef if $v < 0;
	return $v . $suffix;
}

# Where a flag ends in a mask: its token range [a, b] with one `|` beside it.
sub flag_range
{
	my ($tok, $i) = @_;
	my $prev = $i > 0 ? $tok->[$i - 1] : undef;
	my $next = $tok->[$i + 1];
	return ($i, $i + 1) if $next && $next->[1] eq '|';
	return ($i - 1, $i) if $prev && $prev->[1] eq '|';
	return;
}

# The end (exclusive) of an operand that starts at tokens[I] in a condition:
# up to the next top-level && || ? , ; ) or comparison.
sub operand_end
{
	my ($tok, $i) = @_;
	my $j = $i;
	while ($j < @$tok) {
		my $t = $tok->[$j];
		if ($t->[0] eq 'punct') {
			last if $t->[1] =~ /^(&&|\|\||\?|:|,|;|\)|\]|\}|<|<=|>|>=|==|!=|=)$/;
			if ($t->[1] =~ /^[(\[]$/) {
				$j = matching($tok, $j);
				return -1 if $j < 0;
			}
		}
		$j++;
	}
	return $j;
}

# Is tokens[I] inside the condition of a for or while?
sub in_loop_condition
{
	my ($tok, $i) = @_;
	my ($depth, $semis) = (0, 0);
	for (my $j = $i - 1; $j >= 0; $j--) {
		my $t = $tok->[$j];
		next unless $t->[0] eq 'punct';
		if ($t->[1] eq ')') { $depth++; next }
		if ($t->[1] eq '(') {
			if ($depth > 0) { $depth--; next }
			my $kw = $j > 0 ? $tok->[$j - 1][1] : '';
			# for: the condition lies between the first and second `;`
			return $kw eq 'while' && $semis == 0 || $kw eq 'for' && $semis == 1;
		}
		return 0 if $t->[1] eq '{' || $t->[1] eq '}';
		return 0 if $t->[1] eq ';' && ($depth > 0 || ++$semis > 2);
	}
	return 0;
}

# Is tokens[I] a call that writes a diagnostic on stderr?
sub to_stderr
{
	my ($tok, $i) = @_;
	return 1 if $tok->[$i][1] eq 'perror';
	return 0 unless $tok->[$i][1] =~ /^(fprintf|fputs|fputc|vfprintf|fflush)$/;
	my $close = matching($tok, $i + 1);
	return scalar grep { $_->[1] eq 'stderr' } @$tok[$i + 2 .. $close - 1];
}

# The mutants of one file: [op, start, end, replacement] in source order.
sub file_mutants
{
	my ($src) = @_;
	my @tok = tokenize($src);
	my @m;
	for (my $i = 0; $i < @tok; $i++) {
		my ($type, $text, $s, $e) = @{$tok[$i]};
		my $prev = $i > 0 ? $tok[$i - 1] : undef;
		my $next = $tok[$i + 1];
		if ($type eq 'punct') {
			my %rel = ('<' => '<=', '<=' => '<', '>' => '>=', '>=' => '>');
			push @m, ['rel', $s, $e, $rel{$text}] if $rel{$text};
			push @m, ['eq', $s, $e, $text eq '==' ? '!=' : '=='] if $text =~ /^(==|!=)$/;
			push @m, ['logic', $s, $e, $text eq '&&' ? '||' : '&&'] if $text =~ /^(&&|\|\|)$/;
			if ($text =~ /^[+-]$/ && ends_operand(\@tok, $i - 1)) {
				push @m, ['arith', $s, $e, $text eq '+' ? '-' : '+'];
			}
			push @m, ['arith', $s, $e, $text eq '+=' ? '-=' : '+='] if $text =~ /^(\+=|-=)$/;
			# loop-bound: the right operand of a comparison in a loop condition
			if ($text =~ /^(<|<=|>|>=)$/ && in_loop_condition(\@tok, $i)) {
				my $end = operand_end(\@tok, $i + 1);
				# a constant bound is the const operator's
				if ($end > $i + 1 && !($end == $i + 2 && $tok[$i + 1][0] eq 'num')) {
					my ($a, $b) = ($tok[$i + 1][2], $tok[$end - 1][3]);
					my $operand = substr($src, $a, $b - $a);
					my $wrap = $operand;
					for (my $k = $i + 1; $k < $end; $k++) {
						my $u = $tok[$k];
						if ($u->[1] =~ /^[(\[]$/) { $k = matching(\@tok, $k); next }
						if ($u->[0] eq 'punct' && $u->[1] !~ /^(\.|->)$/) {
							$wrap = "($operand)";
							last;
						}
					}
					push @m, ['loop-bound', $a, $b,
						  $wrap . ($text =~ /</ ? ' - 1' : ' + 1')];
				}
			}
		} elsif ($type eq 'num') {
			next if in_case_label(\@tok, $i);
			my $unary_minus = $prev && $prev->[1] eq '-' && !ends_operand(\@tok, $i - 2);
			for my $d (1, -1) {
				my $new = bump($text, $d);
				next unless defined $new;
				if ($unary_minus && $new =~ /^0[uUlL]*$/) {
					push @m, ['const', $prev->[2], $e, $new];   # -1 to 0
				} else {
					push @m, ['const', $s, $e, $new];
				}
			}
		} elsif ($type eq 'id') {
			# PROT_ bits in a mask are dropped (flag-drop), not swapped
			if ($API{$text} && !($text =~ /^PROT_/ && flag_range(\@tok, $i))) {
				push @m, ['api', $s, $e, $_] for @{$API{$text}};
			}
			if ($FLAG{$text}) {
				my @r = flag_range(\@tok, $i);
				if (@r) {
					# the flag, its `|` and the blank between them
					my ($a, $b) = ($tok[$r[0]][2], $tok[$r[1]][3]);
					$a-- while $r[0] == $i - 1 && $a > 0 && substr($src, $a - 1, 1) =~ /[ \t]/;
					$b++ while $r[0] == $i && substr($src, $b, 1) =~ /[ \t]/;
					push @m, ['flag-drop', $a, $b, ''];
				} elsif ($prev && $next && $prev->[1] =~ /^[(,]$/ && $next->[1] =~ /^[),]$/
					 && $text !~ /^(O_RDWR|O_WRONLY|PROT_READ|PROT_WRITE|MAP_SHARED|MAP_PRIVATE)$/) {
					push @m, ['flag-drop', $s, $e, '0'];    # a lone flag argument
				}
			}
			if ($text eq 'return' && $next) {
				my $n2 = $tok[$i + 2];
				my $n3 = $tok[$i + 3];
				if ($next->[1] eq '-' && $n2 && $n2->[1] eq '1' && $n3 && $n3->[1] eq ';') {
					push @m, ['return', $next->[2], $n2->[3], '0'];
				} elsif ($next->[1] eq '0' && $n2 && $n2->[1] eq ';') {
					push @m, ['return', $next->[2], $next->[3], '-1'];
				} elsif ($next->[1] eq 'NULL' && $n2 && $n2->[1] eq ';') {
					push @m, ['return', $next->[2], $next->[3], 'MAP_FAILED'];
				} elsif ($next->[1] =~ /^(true|false)$/ && $n2 && $n2->[1] eq ';') {
					push @m, ['return', $next->[2], $next->[3],
						  $next->[1] eq 'true' ? 'false' : 'true'];
				}
			}
			# call-del: NAME(...); or (void)NAME(...); as a whole statement
			# (messages on stderr are diagnostics: not deleted)
			if (!$KEYWORD{$text} && $next && $next->[1] eq '(' && !to_stderr(\@tok, $i)) {
				my $first = $i;
				if ($i >= 3 && $tok[$i - 1][1] eq ')' && $tok[$i - 2][1] eq 'void'
				    && $tok[$i - 3][1] eq '(') {
					$first = $i - 3;
				}
				my $close = matching(\@tok, $i + 1);
				if ($close > 0 && $tok[$close + 1] && $tok[$close + 1][1] eq ';'
				    && statement_start(\@tok, $first)) {
					push @m, ['call-del', $tok[$first][2], $tok[$close + 1][3], ';'];
				}
			}
		}
	}
	return @m;
}

# --- mutants of a lab -----------------------------------------------------

sub slurp
{
	my ($path) = @_;
	open(my $f, '<', $path) or fatal("$path: $!");
	local $/;
	my $text = <$f>;
	return $text;
}

sub squeeze
{
	my ($s) = @_;
	$s =~ s/\s+/ /g;
	$s =~ s/^ | $//g;
	return $s;
}

# The lines of TEXT from offset A to offset B (whole lines), and the line
# number of A.
sub lines_around
{
	my ($text, $a, $b) = @_;
	my $from = rindex($text, "\n", $a - 1) + 1;
	my $to = index($text, "\n", $b);
	$to = length($text) if $to < 0;
	my $line = 1 + (substr($text, 0, $from) =~ tr/\n//);
	return ($from, $to, $line);
}

# TODO blocks: line ranges [first, last] of solution code (between the TODO
# comment and its END TODO).
sub todo_of_line
{
	my ($text) = @_;
	my @todo;
	my ($n, $cur) = (0, 0);
	for my $l (split /\n/, $text, -1) {
		$n++;
		if ($l =~ m{^\s*/\*\s*TODO (\d+):}) { $cur = $1 }
		elsif ($l =~ m{^\s*/\*\s*END TODO\s*\*/}) { $todo[$n] = $cur; $cur = 0; next }
		$todo[$n] = $cur;
	}
	return \@todo;
}

# Every mutant of LAB, in order, with its id and key.
sub lab_mutants
{
	my ($lab) = @_;
	my (@all, %seen_text, %occ);
	for my $file (manifest($lab)) {
		next unless $file =~ /\.c$/;
		my $path = "$kit/solutions/$lab/$file";
		my $src = slurp($path);
		my $todo = todo_of_line($src);
		for my $m (file_mutants($src)) {
			my ($op, $s, $e, $rep) = @$m;
			my $mutated = substr($src, 0, $s) . $rep . substr($src, $e);
			my $digest = md5_hex($file, "\0", $mutated);
			next if $seen_text{$digest}++;
			my ($from, $to, $line) = lines_around($src, $s, $e);
			my $orig = squeeze(substr($src, $from, $to - $from));
			my $mut = squeeze(substr($mutated, $from, $to - $from + length($rep) - ($e - $s)));
			my $k = join("\0", $file, $op, $orig, $mut);
			my $nth = ++$occ{$k};
			push @all, {
				lab => $lab, file => $file, op => $op, start => $s, end => $e,
				rep => $rep, line => $line, orig => $orig, mut => $mut,
				occ => $nth, key => "$k\0$nth", todo => $todo->[$line] // 0,
			};
		}
	}
	my $n = 0;
	$_->{id} = sprintf('%s/%d', substr($lab, 0, 2), ++$n) for @all;
	return @all;
}

# The records of solutions/LAB/mutants.equivalent.
sub read_equivalents
{
	my ($lab) = @_;
	my $path = "$kit/solutions/$lab/mutants.equivalent";
	return () unless -f $path;
	my (@rec, $cur);
	my $n = 0;
	open(my $f, '<', $path) or fatal("$path: $!");
	my $flush = sub {
		return unless $cur;
		my @missing = grep { !defined $cur->{$_} } qw(file operator original mutated reason);
		if (@missing) {
			out("warning: $lab/mutants.equivalent:$cur->{at}: a record without "
			    . join(', ', @missing) . "\n");
		} else {
			$cur->{occurrence} //= 1;
			push @rec, $cur;
		}
		undef $cur;
	};
	while (my $l = <$f>) {
		$n++;
		chomp $l;
		next if $l =~ /^\s*#/;
		if ($l =~ /^\s*$/) { $flush->(); next }
		if ($l =~ /^\s*(file|operator|original|mutated|occurrence|reason)\s*:\s?(.*)$/) {
			$cur //= { at => $n };
			$cur->{$1} = $1 eq 'reason' ? $2 : squeeze($2);
		} else {
			out("warning: $lab/mutants.equivalent:$n: not a field: $l\n");
		}
	}
	$flush->();
	return @rec;
}

sub equivalent_key
{
	my ($r) = @_;
	return join("\0", $r->{file}, $r->{operator}, $r->{original}, $r->{mutated},
		    $r->{occurrence});
}

sub record_of
{
	my ($m, $reason) = @_;
	my $rec = "file: $m->{file}\noperator: $m->{op}\noriginal: $m->{orig}\n"
		. "mutated: $m->{mut}\n";
	$rec .= "occurrence: $m->{occ}\n" if $m->{occ} > 1;
	return $rec . "reason: " . ($reason // '<why no test can tell it from the solution>') . "\n";
}

# The sample: the N mutants whose md5(seed, key) come first.
sub sample
{
	my ($n, $seed, @m) = @_;
	return @m if $n >= @m;
	my @ranked = sort { $a->[0] cmp $b->[0] } map { [md5_hex("$seed\0$_->{key}"), $_] } @m;
	my @chosen = map { $_->[1] } @ranked[0 .. $n - 1];
	return sort { $a->{seq} <=> $b->{seq} } @chosen;
}

# --- building and running -------------------------------------------------

# Runs a command with its output in LOG; its exit status.
sub run_logged
{
	my ($log, @cmd) = @_;
	my $pid = fork();
	fatal("fork: $!") unless defined $pid;
	if ($pid == 0) {
		open(STDOUT, '>', $log) or POSIX::_exit(127);
		open(STDERR, '>&', \*STDOUT);
		exec(@cmd) or POSIX::_exit(127);
	}
	waitpid($pid, 0);
	return $? >> 8;
}

my $mutrun = "$build/mutrun";
my %wall;       # lab => seconds a run may take
my %record;     # lab => the path of its record, which the runner reads

sub build_mutrun
{
	my $src = "$kit/common/tools/mutrun.c";
	return if -x $mutrun && (stat($mutrun))[9] >= (stat($src))[9];
	my $mk = "$build/flags.mk";
	open(my $f, '>', $mk) or fatal("$mk: $!");
	print $f "include $kit/common/flags.mk\nflags:\n\t\@echo \$(CC) \$(KIT_CFLAGS)\n";
	close($f);
	open(my $p, '-|', 'make', '-s', '--no-print-directory', '-f', $mk, 'flags')
		or fatal("cannot run make: $!");
	my $cc = <$p> // '';
	close($p);
	chomp $cc;
	fatal("cannot read common/flags.mk") unless $cc;
	system(split(' ', $cc), '-o', $mutrun, $src) == 0
		or fatal("cannot build common/tools/mutrun.c");
}

# Timeouts of LAB's tests, from the lab's record.
sub wall_limit
{
	my ($lab) = @_;
	my $sum = 0;
	$sum += $_ for labinfo($lab, 'test', 'timeout');
	my $scale = $ENV{CK_TIMEOUT_MULTIPLIER} && $ENV{CK_TIMEOUT_MULTIPLIER} > 0
		? $ENV{CK_TIMEOUT_MULTIPLIER} : 1;
	return $sum * $scale + 10;
}

# As root, each job slot runs its tests as a uid of its own.
sub slot_uids
{
	my ($jobs) = @_;
	return map { 0 } 1 .. $jobs if $> != 0;
	my $base = $ENV{KIT_MUTANT_UID_BASE} // 950000;
	my @uids = map { $base + $_ } 0 .. $jobs - 1;
	return map { 65534 } @uids if grep { defined getpwuid($_) } @uids;
	return @uids;
}

# One mutant, in a child process: prints its verdict line to RESULT.
sub run_mutant
{
	my ($m, $slot, $uid, $result) = @_;
	my $lab = $m->{lab};
	my $base = "$build/base/$lab";
	my $w = "$build/work/$slot";
	my $verdict = eval {
		remove_tree($w);
		make_path("$build/work");
		system('cp', '-pR', $base, $w) == 0 or die "cannot copy $base\n";
		my $path = "$w/src/$m->{file}";
		if ($m->{rep} ne "\0solution") {
			my $src = slurp("$kit/solutions/$lab/$m->{file}");
			substr($src, $m->{start}, $m->{end} - $m->{start}) = $m->{rep};
			unlink($path);
			open(my $f, '>', $path) or die "$path: $!\n";
			print $f $src;
			close($f) or die "$path: $!\n";
			utime(undef, undef, $path);
			my @files = manifest($lab);
			return "stillborn" if run_logged("$w/make.log", 'make', '-s',
				'--no-print-directory', '-f', "$kit/common/lab.mk",
				"LAB_DIR=$kit/labs/$lab", "SRC_DIR=$w/src", "BUILD_DIR=$w",
				"KIT_BUILD=$kit_build", "STUDENT_FILES=@files", 'tests') != 0;
			(my $obj = "obj/student/$m->{file}") =~ s/\.c$/.o/;
			return "identical" if same_code("$base/$obj", "$w/$obj");
		}
		my @cmd = ($mutrun, '--wall', $wall{$lab}, '--scratch', "$w/scratch");
		push @cmd, '--uid', $uid if $uid;
		# The trusted runner, stopping at the first failure (mutrun adds
		# --results-fd 3, which the runner takes anywhere).
		open(my $p, '-|', @cmd, '--', "$kit_build/runner", '--fail-fast',
		     $record{$lab}, "$w/tests")
			or die "cannot run mutrun: $!\n";
		my @lines = <$p>;
		close($p);
		die "mutrun failed (status $?)\n" if $? != 0 && !@lines;
		chomp @lines;
		return join("\n", @lines);
	};
	$verdict = "error\t" . ($@ =~ s/\n/ /gr) unless defined $verdict;
	open(my $f, '>', $result) or exit 1;
	print $f "$verdict\n";
	close($f);
}

# The solution's objects without their debug information, once per lab.
sub strip_base
{
	my ($lab) = @_;
	for my $c (grep { /\.c$/ } manifest($lab)) {
		(my $o = "$build/base/$lab/obj/student/$c") =~ s/\.c$/.o/;
		system('objcopy', '--strip-debug', $o, "$o.nodebug") == 0
			or fatal("objcopy --strip-debug $o failed");
	}
}

# Is the code of object B the code of object A, debug information aside?
sub same_code
{
	my ($a, $b) = @_;
	system('objcopy', '--strip-debug', $b, "$b.nodebug") == 0 or return 0;
	return slurp("$a.nodebug") eq slurp("$b.nodebug");
}

# Runs every mutant of @$todo, J at a time; fills $m->{verdict}.
sub run_all
{
	my ($todo, $on_done) = @_;
	my @uids = slot_uids($opt{jobs});
	my @free = (0 .. $opt{jobs} - 1);
	my %running;    # pid => [mutant, slot]
	my @queue = @$todo;
	local $SIG{INT} = local $SIG{TERM} = sub {
		kill('TERM', keys %running);
		1 while waitpid(-1, 0) > 0;
		remove_tree("$build/work");
		print STDERR "\nmutants: interrupted\n";
		exit 2;
	};
	while (@queue || %running) {
		while (@queue && @free) {
			my $m = shift @queue;
			my $slot = shift @free;
			my $result = "$build/work/$slot.result";
			unlink($result);
			my $pid = fork();
			fatal("fork: $!") unless defined $pid;
			if ($pid == 0) {
				$SIG{INT} = $SIG{TERM} = 'DEFAULT';
				run_mutant($m, $slot, $uids[$slot], $result);
				POSIX::_exit(0);
			}
			$m->{t0} = time;
			$running{$pid} = [$m, $slot, $result];
		}
		my $pid = waitpid(-1, 0);
		next unless $pid > 0 && $running{$pid};
		my ($m, $slot, $result) = @{delete $running{$pid}};
		push @free, $slot;
		my $v = -f $result ? slurp($result) : "error\tno result (status $?)";
		chomp $v;
		$m->{seconds} = time - $m->{t0};
		parse_verdict($m, $v);
		$on_done->($m);
	}
	remove_tree("$build/work");
}

sub parse_verdict
{
	my ($m, $v) = @_;
	my @lines = split /\n/, $v;
	my @f = split /\t/, (shift(@lines) // 'error');
	$m->{verdict} = $f[0];
	$m->{test} = $f[1];
	$m->{how} = $f[2];
	$m->{msg} = $f[3];
	$m->{verdict} = 'error' if $m->{verdict} eq 'interrupted';
	$m->{msg} = $f[1] if $m->{verdict} eq 'error';
	for (@lines) {
		my @l = split /\t/;
		$m->{leftover} = [@l[1 .. 3]] if $l[0] eq 'leftover';
	}
}

# --- main -----------------------------------------------------------------

my @labs = select_labs($opt{lab});
my (%mutants, @todo);
my $seq = 0;
for my $lab (@labs) {
	my @m = lab_mutants($lab);
	$_->{seq} = $seq++ for @m;
	$mutants{$lab} = \@m;
}

if (defined $opt{show}) {
	for my $id (split /,/, $opt{show}) {
		my ($m) = grep { $_->{id} eq $id } map { @{$mutants{$_}} } @labs;
		fatal("no mutant $id (ids look like 01/17)") unless $m;
		print "$m->{id}  $m->{lab}/$m->{file}:$m->{line}  $m->{op}"
			. ($m->{todo} ? "  (TODO $m->{todo})" : "  (given code)") . "\n";
		print "  - $m->{orig}\n  + $m->{mut}\n\n";
		print "A record for solutions/$m->{lab}/mutants.equivalent:\n\n", record_of($m), "\n";
	}
	exit 0;
}

if ($opt{list}) {
	for my $lab (@labs) {
		my @m = @{$mutants{$lab}};
		@m = sample($opt{sample}, $opt{seed}, @m) if $opt{sample};
		for my $m (@m) {
			printf "%-6s %s:%d  %-10s %s  =>  %s\n", $m->{id}, $m->{file}, $m->{line},
				$m->{op}, $m->{orig}, $m->{mut};
		}
	}
	exit 0;
}

# The solution builds and passes, once, and the trusted objects are ready.
my $start = time;
-x $grader or fatal("$grader is missing: run make grader");
remove_tree("$build/base");
my $sel = join(',', @labs);
my $log = "$build/base.log";
if (run_logged($log, $grader, '--kit', $kit, '--lab', $sel, '--submission',
	       "$kit/solutions", '--build', "$build/base", '--color', 'never',
	       '--expect', 'full') != 0) {
	my @lines = split /\n/, slurp($log);
	print STDERR map { "$_\n" } @lines[($#lines > 30 ? $#lines - 30 : 0) .. $#lines];
	fatal("the solutions do not score full marks (or the kit does not build): see $log");
}
for my $lab (@labs) {
	remove_tree("$build/base/$lab/scratch");
	strip_base($lab);
	$wall{$lab} = wall_limit($lab);
	($record{$lab}) = labinfo($lab, 'path');
}
build_mutrun();

# Which mutants run: all, a sample, or the ones named.
my %equiv;      # lab => { key => record }
my %stats;
for my $lab (@labs) {
	my @m = @{$mutants{$lab}};
	@m = sample($opt{sample}, $opt{seed}, @m) if $opt{sample};
	if ($opt{only}) {
		my %want = map { $_ => 1 } split /,/, $opt{only};
		@m = grep { $want{$_->{id}} } @m;
	}
	$stats{$lab} = { todo => [@m], done => 0, generated => scalar @{$mutants{$lab}} };
	push @todo, @m;
	my @rec = read_equivalents($lab);
	$equiv{$lab} = { map { equivalent_key($_) => $_ } @rec };
}

# The solution itself under mutrun: it must survive, or nothing can be judged.
{
	my @sol = map { { lab => $_, file => '', rep => "\0solution", id => "$_ solution" } } @labs;
	my $failed;
	run_all(\@sol, sub {
		my ($s) = @_;
		return if $s->{verdict} eq 'survived';
		print STDERR "mutants: the solution of $s->{lab} fails under mutrun: "
			. join(' ', grep { defined } @$s{qw(verdict test how msg)}) . "\n";
		$failed = 1;
	});
	exit 2 if $failed;
}

out(sprintf("mutants: %d of %d mutants in %d lab%s, J=%d, floor %g%%%s\n",
	    scalar @todo, $seq, scalar @labs, @labs > 1 ? 's' : '', $opt{jobs}, $opt{floor},
	    $opt{sample} ? ", sample of $opt{sample} per lab (seed $opt{seed})" : ''));

my $tty = -t STDOUT && !$opt{quiet};
my $done = 0;
my $run_start = time;
my @order = @labs;
my %printed;
my $status = 0;
my @summary;

sub lab_report
{
	my ($lab) = @_;
	my $st = $stats{$lab};
	my @m = @{$st->{todo}};
	my $eq = $equiv{$lab};
	my (@killed, @survived, @stillborn, @identical, @declared, @errors, @wrongly);
	for my $m (@m) {
		my $v = $m->{verdict};
		if ($v eq 'stillborn') { push @stillborn, $m; next }
		if ($v eq 'identical') { push @identical, $m; next }
		if ($v eq 'error') { push @errors, $m; next }
		if (my $r = $eq->{$m->{key}}) {
			if ($v eq 'survived') {
				push @declared, [$m, $r];
				next;
			}
			push @wrongly, [$m, $r];
		}
		push @{$v eq 'survived' ? \@survived : \@killed}, $m;
	}
	# Records match mutants of the whole lab, sampled or not.
	my %all_keys = map { $_->{key} => 1 } @{$mutants{$lab}};
	my @stale = grep { !$all_keys{$_} } sort keys %$eq;
	my $scored = @killed + @survived;
	my $compiled = @m - @stillborn;
	my $score = $scored ? 100 * @killed / $scored : 100;
	my $eq_pct = $compiled ? 100 * @declared / $compiled : 0;
	my $floor = lab_floor($lab);
	my $ok = $score + 1e-9 >= $floor && $eq_pct <= $EQUIV_CAP && !@errors;
	$status = 1 unless $ok;
	my $secs = ($st->{end} // time) - ($st->{start} // time);
	out(sprintf("\n%-24s %4d/%-4d killed  %5.1f%%  %s\n", $lab, scalar @killed, $scored,
		    $score, $ok ? "ok (floor $floor%)" : "FAILS (floor $floor%)"));
	out(sprintf("  %d mutants: %d stillborn (do not compile), %d identical to the "
		    . "solution once compiled, %d declared equivalent, %d scored; %.0f s\n",
		    scalar @m, scalar @stillborn, scalar @identical, scalar @declared, $scored, $secs));
	if ($eq_pct > $EQUIV_CAP) {
		out(sprintf("  too many equivalents: %d of %d compiled mutants (%.1f%%), "
			    . "at most %d%%\n", scalar @declared, $compiled, $eq_pct, $EQUIV_CAP));
	}
	for my $k (@stale) {
		my $r = $eq->{$k};
		out("  warning: mutants.equivalent:$r->{at} matches no mutant "
		    . "($r->{file}, $r->{operator}: $r->{original})\n");
	}
	for (@wrongly) {
		my ($m, $r) = @$_;
		out("  warning: mutants.equivalent:$r->{at} declares $m->{id} equivalent, but "
		    . "$m->{test} kills it: not equivalent, remove the record\n");
	}
	for my $m (@errors) {
		out("  error: $m->{id} $m->{file}:$m->{line}: $m->{msg}\n");
	}
	if (@survived) {
		out("  survivors:\n");
		for my $m (@survived) {
			out(sprintf("    %s:%-4d %-10s %-6s %s\n", $m->{file}, $m->{line}, $m->{op},
				    $m->{id}, $m->{todo} ? "TODO $m->{todo}" : 'given code'));
			out("        - $m->{orig}\n        + $m->{mut}\n");
		}
	}
	if (@declared) {
		out("  declared equivalent:\n");
		for (@declared) {
			my ($m, $r) = @$_;
			out(sprintf("    %s:%-4d %-10s %s\n", $m->{file}, $m->{line}, $m->{op},
				    $r->{reason}));
		}
	}
	push @summary, sprintf("%-24s %4d/%-4d %5.1f%%  %4d %9d %9d %10d %6.0f s  %s", $lab,
			       scalar @killed, $scored, $score, scalar @survived,
			       scalar @stillborn, scalar @identical, scalar @declared, $secs,
			       $ok ? 'ok' : 'FAILS');
}

# The floor of LAB: --floor, or with --sample-floors the sample-floor of its
# solutions/NN-topic/mutants.floor (make test).
sub lab_floor
{
	my ($lab) = @_;
	return $opt{floor} unless $opt{'sample-floors'};
	my $path = "$kit/solutions/$lab/mutants.floor";
	return $opt{floor} unless -f $path;
	for (split /\n/, slurp($path)) {
		return $1 if /^\s*sample-floor\s*:\s*([0-9.]+)\s*$/;
	}
	fatal("$path: no 'sample-floor: N' line");
}

sub progress
{
	return unless $tty;
	my $el = time - $run_start;
	printf "\r  %d/%d mutants, %.1f/s ", $done, scalar @todo, $el > 0 ? $done / $el : 0;
}

my %left;
for my $lab (@labs) {
	$left{$lab} = @{$stats{$lab}{todo}};
	$stats{$lab}{start} = time unless $left{$lab};
	$stats{$lab}{end} = time unless $left{$lab};
}
my ($nproc, $nshm, $nsysv) = (0, 0, 0);
my $tsv_path = $opt{tsv} // "$build/last-run.tsv";
open(my $tsv, '>', $tsv_path) or fatal("$tsv_path: $!");
print $tsv join("\t", qw(id lab file line operator verdict test how seconds original mutated message)), "\n";
run_all(\@todo, sub {
	my ($m) = @_;
	print $tsv join("\t", map { $_ // '' } @$m{qw(id lab file line op verdict test how)},
			sprintf('%.2f', $m->{seconds}), $m->{orig}, $m->{mut}, $m->{msg} // ''), "\n";
	my $st = $stats{$m->{lab}};
	$st->{start} //= $m->{t0};
	$st->{end} = time;
	$done++;
	$left{$m->{lab}}--;
	if (my $l = $m->{leftover}) {
		$nproc += $l->[0];
		$nshm += $l->[1];
		$nsysv += $l->[2];
	}
	progress();
	while (@order && $left{$order[0]} == 0) {
		print "\r\e[K" if $tty;
		lab_report(shift @order);
		progress();
	}
});
lab_report(shift @order) while @order;
print "\r\e[K" if $tty;
close($tsv);

my $elapsed = time - $run_start;

# The solutions again: a machine that changed under the run (a device
# gone, a full disk) may have killed mutants that no test would kill.
{
	my @sol = map { { lab => $_, file => '', rep => "\0solution", id => "$_ solution" } } @labs;
	run_all(\@sol, sub {
		my ($s) = @_;
		return if $s->{verdict} eq 'survived';
		out("warning: after the run, the solution of $s->{lab} fails its tests ("
		    . join(' ', grep { defined } @$s{qw(test how msg)}) . "): the machine "
		    . "changed under the run, and some verdicts may be wrong\n");
		$status = 2;
	});
}

out("\nlab                       killed/scored  score  left stillborn identical equivalent   time\n");
out("$_\n") for @summary;
out(sprintf("\n%d mutants in %.0f s (%.0f s with the solutions' build): %.2f mutants/s, J=%d\n",
	    scalar @todo, $elapsed, time - $start, $elapsed > 0 ? @todo / $elapsed : 0, $opt{jobs}));
out(sprintf("removed after the runs: %d processes, %d POSIX shm objects, %d System V objects\n",
	    $nproc, $nshm, $nsysv)) if $nproc || $nshm || $nsysv;
my ($u, $sy, $cu, $cs) = times;
out(sprintf("CPU time: %.0f s, %.2f s a mutant (on %d idle cores: about %.0f s)\n",
	    $cu + $cs, @todo ? ($cu + $cs) / @todo : 0, $opt{jobs}, ($cu + $cs) / $opt{jobs}));
out($status ? "some lab fails: below its floor, too many equivalents or errors\n"
	    : "every lab reaches its floor\n");
exit $status;
