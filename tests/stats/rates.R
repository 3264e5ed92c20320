# rates.R: recompute every published rate per 100,000 inhabitants and its
# interval from a built site's downloads, with R's own poisson.test, and
# compare.
#
# usage (from the top of the source tree; R from Debian: r-base-core):
#
#   gen/reeks build --base-url http://localhost/ --out /tmp/site
#   Rscript tests/stats/rates.R /tmp/site
#
# For each row of data/rates.csv: the count must be the value of that
# series and period in data/reeks.csv, the population the value of the
# population series at the period(s) it names (the mean of two when it
# names two), the rate count / population * 100000 and the interval
# poisson.test(count, population)$conf.int * 100000, each within a
# relative 1e-12. Prints one line per rate and "N passed, M failed";
# exits 1 when any fails or when there is no rate at all.
args <- commandArgs(trailingOnly = TRUE)
site <- if (length(args) > 0) args[1] else "site"
rates <- read.csv(file.path(site, "data", "rates.csv"), na.strings = "",
    colClasses = c(period = "character", population_period = "character"))
obs <- read.csv(file.path(site, "data", "reeks.csv"), na.strings = "",
    colClasses = c(period = "character", value = "character"))
value_of <- function(series, period) {
	v <- obs$value[obs$series_id == series & obs$period == period]
	if (length(v) != 1) return(NA)
	as.numeric(v)
}
close <- function(a, b) abs(a - b) <= 1e-12 * max(abs(b), 1e-300)
passed <- 0; failed <- 0
for (i in seq_len(nrow(rates))) {
	r <- rates[i, ]
	x <- value_of(r$series_id, r$period)
	periods <- strsplit(r$population_period, ";")[[1]]
	pops <- vapply(periods, function(p) value_of(r$population_series_id, p),
	    0)
	pop <- if (length(pops) == 2) pops[1] / 2 + pops[2] / 2 else pops[1]
	ci <- poisson.test(x, pop, conf.level = r$level)$conf.int * 1e5
	rate <- x / pop * 1e5
	ok <- identical(r$derived, "true") && !is.na(x) && x == r$count &&
	    !is.na(pop) && pop == r$population &&
	    close(r$rate_per_100000, rate) && close(r$lower, ci[1]) &&
	    close(r$upper, ci[2])
	cat(sprintf("%s %s %s: %.17g [%.17g, %.17g]; R %.17g [%.17g, %.17g]\n",
	    if (ok) "ok" else "FAIL", r$series_id, r$period, r$rate_per_100000,
	    r$lower, r$upper, rate, ci[1], ci[2]))
	if (ok) passed <- passed + 1 else failed <- failed + 1
}
cat(sprintf("%d passed, %d failed\n", passed, failed))
quit(status = if (failed > 0 || passed == 0) 1 else 0)
