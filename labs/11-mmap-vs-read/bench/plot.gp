# plot.gp - lab 11: the bench's curves, drawn from the data bench writes
# for its largest file (columns: see the first line of that file).
#
#     gnuplot -e "data='build/bench.dat'; png='build/bench.png'" bench/plot.gp
#
# Both charts go to the terminal; when gnuplot can draw PNG they also go to
# the file PNG, side by side.

mb = system("awk 'NR == 1 { print $2 }' " . data)

set logscale x 2
set xrange [4:1024]
set yrange [0:*]
set xlabel "read() buffer (KiB)"
set ylabel "GB/s"
set style data linespoints

scan = sprintf("scan of a %s MiB cached file", mb)
copy = sprintf("copy of a %s MiB cached file", mb)

set terminal dumb size 100,32
set key below
set title scan
plot data using 1:2 title "read()", \
     '' using 1:3 with lines title "mmap", \
     '' using 1:4 with lines title "mmap + MADV_SEQUENTIAL", \
     '' using 1:5 with lines title "cat > /dev/null"
set title copy
plot data using 1:6 title "read() + write()", \
     '' using 1:7 with lines title "mmap + memcpy", \
     '' using 1:8 with lines title "mmap + MADV_SEQUENTIAL"

png_term = strstrt(GPVAL_TERMINALS, "pngcairo") > 0 ? "pngcairo" : \
	   strstrt(GPVAL_TERMINALS, " png ") > 0 ? "png" : ""
if (png_term ne "") {
	set terminal png_term size 1200,500 noenhanced
	set key inside bottom right
	set output png
	set multiplot layout 1,2
	set title scan
	plot data using 1:2 title "read()", \
	     '' using 1:3 with lines lw 2 title "mmap", \
	     '' using 1:4 with lines lw 2 dt 2 title "mmap + MADV_SEQUENTIAL", \
	     '' using 1:5 with lines lw 2 dt 3 title "cat > /dev/null"
	set title copy
	plot data using 1:6 title "read() + write()", \
	     '' using 1:7 with lines lw 2 title "mmap + memcpy", \
	     '' using 1:8 with lines lw 2 dt 2 title "mmap + MADV_SEQUENTIAL"
	unset multiplot
	set output
	print "chart: " . png
}
