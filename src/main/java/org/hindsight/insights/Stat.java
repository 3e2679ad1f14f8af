package org.hindsight.insights;

import java.util.Arrays;
import java.util.Collection;

/**
 * The median and 90th percentile of some durations in seconds, and how many there were; both null when there were
 * none. Percentiles by <em>nearest rank</em>: the p-th percentile of n values in ascending order is the value at rank
 * ⌈p/100 × n⌉ (counting from 1), always one of the values; the median is the 50th percentile, so of an even count the
 * lower of the two middle values.
 */
record Stat(Long medianSeconds, Long p90Seconds, int count) {

    static final Stat NONE = new Stat(null, null, 0);

    static Stat of(Collection<Long> seconds) {
        if (seconds.isEmpty()) {
            return NONE;
        }
        long[] sorted = seconds.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Stat(percentile(sorted, 50), percentile(sorted, 90), sorted.length);
    }

    /** The value at rank ⌈p × n / 100⌉ of values in ascending order. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) ((p * (long) sorted.length + 99) / 100);
        return sorted[Math.max(rank, 1) - 1];
    }
}
