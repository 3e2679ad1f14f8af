package org.hindsight.postmortem.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

/**
 * The import reads a postmortem in time linear in its size: a timeline or action-item section written as a table,
 * a bullet list, a numbered list or {@code -09:00} lines of 4n rows takes about four times as long as one of n rows
 * (at most six times here), never the sixteen times of a quadratic reading; so does one entry, heading or summary
 * line 4 times as long (long runs of spaces or of {@code *(}); and a document at the upload limit is read whole
 * within seconds. Times are the test thread's CPU time (the best of a few runs after warming up, for the ratios),
 * so a busy machine does not make them noise.
 */
class ImportScalingTest {

    private static final int N = 4_000;
    private static final int RUNS = 3;
    private static final int ATTEMPTS = 5;
    private static final double MAX_RATIO = 6;
    /** A form whose 4n takes this long and more than twice the allowed ratio is not measured again: no pause makes
     * a parse of a quarter of a second twelve times slower than its n's, and a quadratic reading takes seconds. */
    private static final long CLEARLY_SLOW = 250_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final String HEAD = "# Postmortem: Checkout outage\n\n**Date:** 2024-05-12\n\n**Severity:** SEV2\n\n";

    private static String clock(int i) {
        return String.format("%02d:%02d", i / 60 % 24, i % 60); // undated times roll over to the next day
    }

    /** A document whose timeline has {@code rows} entries, each written by {@code row}. */
    private static String timeline(String before, int rows, IntFunction<String> row) {
        return section("## Timeline\n\n" + before, rows, row);
    }

    /** A document whose action items are {@code rows} entries, each written by {@code row}. */
    private static String actions(String before, int rows, IntFunction<String> row) {
        return section("## Action items\n\n" + before, rows, row);
    }

    private static String section(String start, int rows, IntFunction<String> row) {
        StringBuilder doc = new StringBuilder(HEAD).append(start);
        for (int i = 0; i < rows; i++) {
            doc.append(row.apply(i)).append('\n');
        }
        return doc.toString();
    }

    /** A way of writing n entries (or one entry of size n), and how many entries a document of size n has. */
    enum Form {
        TIMELINE_TABLE(n -> timeline("| Time | Event |\n|---|---|\n", n, i -> "| " + clock(i) + " | Step " + i + " |")),
        TIMELINE_BULLETS(n -> timeline("", n, i -> "- " + clock(i) + " UTC: Step " + i)),
        TIMELINE_NUMBERED(n -> timeline("", n, i -> (i + 1) + ". " + clock(i) + " Step " + i)),
        TIMELINE_DASH_LINES(n -> timeline("", n, i -> "-" + clock(i) + " UTC: Step " + i)),
        STATUS_UPDATES(n -> section("", n, i -> "**Update** - Step " + i + "\nPosted May 12, 2024 - " + clock(i)
                + " UTC\n")),
        ACTIONS_TABLE(n -> actions("| Action item | Owner | Due date |\n|---|---|---|\n", n,
                i -> "| Fix " + i + " | alice | 2024-06-01 |")),
        ACTIONS_BULLETS(n -> actions("", n, i -> "- Fix " + i + " (owner: alice, due 2024-06-01)")),
        ACTIONS_NUMBERED(n -> actions("", n, i -> (i + 1) + ". Fix " + i)),
        ACTIONS_DASH_LINES(n -> actions("Improvements/Fixes:\n\n", n, i -> "-Fix " + i)),
        // one entry of n characters: what a pattern read again from each character of a run took quadratic time in
        EVENT_WITH_SPACES(n -> timeline("", 1, i -> "- 09:00 Paged" + " ".repeat(n) + "on-call")),
        ACTION_WITH_SPACES(n -> actions("", 1, i -> "- Fix" + " ".repeat(n) + "alerts")),
        ACTION_WITH_OPENINGS(n -> actions("", 1, i -> "- Fix " + "*(".repeat(n / 2))),
        SUMMARY_WITH_SPACES(n -> timeline("", 1, i -> "- 09:00 Paged").replace("## Timeline",
                "## Summary\n\nImpact: slow" + " ".repeat(n) + "pages\n\n## Timeline")),
        HEADING_WITH_SPACES(n -> timeline("", 1, i -> "- 09:00 Paged").replace("## Timeline",
                "#Checkout" + " ".repeat(n / 8) + "outage\n\n## Timeline")), // was cubic: an eighth will do
        // prose the zone, date and summary-time sentences are looked for in; meta pieces after one action's title
        PROSE_WITH_TIMES(n -> timeline("", 1, i -> "- 09:00 Paged").replace("## Timeline", "## Summary\n\n"
                + "Response times rose from 300 ms to 2 s and recovered at about noon; ".repeat(n / 64)
                + "\n\n## Timeline")),
        ACTION_WITH_META_PIECES(n -> actions("", 1, i -> "- Fix alerts" + " (done)".repeat(n / 8))),
        KEY_VALUE_TABLE(n -> timeline("", 1, i -> "- 09:00 Paged").replace("## Timeline",
                "| Field | Value |\n|---|---|\n" + "| Owner | on-call |\n".repeat(n / 16) + "\n## Timeline"));

        final IntFunction<String> document;

        Form(IntFunction<String> document) {
            this.document = document;
        }

        /** Entries read: events and action items. */
        static int read(ImportedPostmortem p) {
            return p.events().size() + p.actions().size();
        }

        int entries(int n) {
            return ordinal() <= ACTIONS_DASH_LINES.ordinal() ? n : 1;
        }

        /** The n of the smaller document: rows, or characters of the one long entry (as many: with half as many,
         * one entry took a millisecond or two, a scale at which one pause of the JIT or the machine doubled a
         * ratio; {@link #CLEARLY_SLOW} keeps a failing run short). */
        int n() {
            return N;
        }
    }

    /** CPU time of one parse, the entries read checked on the way. */
    private static long nanos(Form form, String doc, int n) {
        long start = cpuNanos();
        ImportedPostmortem p = PostmortemParser.parse(doc, ImportOptions.none());
        long took = cpuNanos() - start;
        assertThat(Form.read(p)).as("%s of size %d: entries read", form, n).isEqualTo(form.entries(n));
        return took;
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    @Test
    void fourTimesTheRowsTakeAboutFourTimesAsLongInEveryForm() {
        for (Form form : Form.values()) { // the JIT compiles every path each form takes
            nanos(form, form.document.apply(4 * form.n()), 4 * form.n());
            nanos(form, form.document.apply(form.n()), form.n());
        }
        StringBuilder report = new StringBuilder();
        boolean linear = true;
        for (Form form : Form.values()) {
            int n = form.n();
            String small = form.document.apply(n);
            String large = form.document.apply(4 * n);
            long bestSmall = Long.MAX_VALUE;
            long bestLarge = Long.MAX_VALUE;
            double ratio = Double.MAX_VALUE;
            // a busy machine slows some runs down, for a second or more: a form that looks slow is measured again
            // (the best times of all its runs count); a quadratic reading is slow every time
            for (int attempt = 0; attempt < ATTEMPTS && ratio >= MAX_RATIO
                    && (attempt == 0 || bestLarge < CLEARLY_SLOW || ratio < 2 * MAX_RATIO); attempt++) {
                for (int warm = 0; attempt > 0 && warm < RUNS; warm++) { // code the JIT dropped is compiled again
                    nanos(form, small, n);
                    nanos(form, large, 4 * n);
                }
                for (int run = 0; run < RUNS; run++) { // alternating, so a busy moment does not hit one size only
                    bestSmall = Math.min(bestSmall, nanos(form, small, n));
                    bestLarge = Math.min(bestLarge, nanos(form, large, 4 * n));
                }
                ratio = (double) bestLarge / Math.max(bestSmall, 1);
            }
            report.append(String.format("%s: n=%d %.1f ms, 4n %.1f ms, x%.1f%n", form, n, bestSmall / 1e6,
                    bestLarge / 1e6, ratio));
            linear &= ratio < MAX_RATIO;
        }
        assertThat(linear).as("4n within %s times n:%n%s", MAX_RATIO, report).isTrue();
    }

    @Test
    void aTimelineTableAndListAtTheUploadLimitAreReadWholeWithinSeconds() {
        for (Form form : new Form[] {Form.TIMELINE_TABLE, Form.TIMELINE_BULLETS, Form.ACTIONS_TABLE,
                Form.ACTIONS_BULLETS}) {
            int rows = rowsWithin(form, ImportText.MAX_BYTES);
            String doc = ImportText.checked(form.document.apply(rows), "text"); // accepted for upload
            assertThat(doc.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(ImportText.MAX_BYTES * 9 / 10);
            long start = cpuNanos();
            ImportedPostmortem p = PostmortemParser.parse(doc, ImportOptions.none());
            long millis = (cpuNanos() - start) / 1_000_000;
            assertThat(Form.read(p)).as("%s: entries read", form).isEqualTo(rows);
            // about a second on a 2-core machine, the JIT still cold; the quadratic reading took 15 s and more
            assertThat(millis).as("%s of %d rows: milliseconds to read", form, rows).isLessThan(8_000);
            if (form == Form.TIMELINE_TABLE) {
                assertThat(p.events().get(0).text()).isEqualTo("Step 0");
                assertThat(p.events().get(rows - 1).text()).isEqualTo("Step " + (rows - 1));
                assertThat(p.events().get(24 * 60).at()).as("undated times roll over to the next day")
                        .isEqualTo(Instant.parse("2024-05-13T00:00:00Z"));
            }
        }
    }

    /** The most rows whose document fits in {@code bytes}. */
    private static int rowsWithin(Form form, int bytes) {
        int rows = 1_000;
        int size = form.document.apply(rows).getBytes(StandardCharsets.UTF_8).length;
        rows = (int) ((long) rows * bytes / size);
        while (form.document.apply(rows).getBytes(StandardCharsets.UTF_8).length > bytes) {
            rows -= rows / 100 + 1;
        }
        return rows;
    }
}
