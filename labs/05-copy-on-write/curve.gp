# curve.gp - draws the measures of `make curve` with gnuplot.
#
#     gnuplot -e "csv='build/curve.csv'; svg='build/curve.svg'" curve.gp
#
# Columns of the CSV: pages, first_write_ns, again_write_ns,
# shared_write_ns, then the fault counts of the three; times are drawn
# in microseconds.  Both axes are logarithmic: a cost per page that does
# not change with N draws a straight line.

set datafile separator ','
set logscale xy
set grid
set key bottom right
set title 'Time for a child to write one byte in each of N pages'
set xlabel 'N, pages written'
set ylabel 'time (microseconds)'
set format y '%g'
set xrange [0.5:20000]

set terminal svg size 900,560 dynamic
set output svg
plot csv skip 1 using 1:($2/1000) with linespoints title 'private, first write (fault + copy)', \
     csv skip 1 using 1:($4/1000) with linespoints title 'shared, first write (fault, no copy)', \
     csv skip 1 using 1:($3/1000) with linespoints title 'private, written again (no fault)'

set terminal dumb size 100,32
set output
replot
