package org.hindsight.insights;

import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;

import org.hindsight.incident.Severity;
import org.hindsight.insights.Insights.Group;

/**
 * The geometry of the three charts of {@code /insights}, one column per month of the range, rendered as inline SVG by
 * {@code fragments/insights}: the median and 90th percentile of the time to detect and to mitigate (lines, broken
 * where a month has no figure), incidents by severity (stacked bars) and the share of action items done (bars). All
 * numbers are in SVG user units; the templates only place them. Each chart's table ("The numbers") lists the same
 * months and figures.
 */
final class InsightsCharts {

    static final int WIDTH = 760;
    static final int HEIGHT = 300;
    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 20;
    static final int BOTTOM = 56;
    static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
    /** At most this many month labels along the x axis. */
    static final int LABELS = 12;
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MMM yy", Locale.ENGLISH);

    private InsightsCharts() {
    }

    /** What every chart shares: the plot's frame, the months' slots and labels, the y axis. */
    record Frame(int width, int height, int left, int top, int plotWidth, int plotHeight, List<Slot> slots,
            List<Tick> yTicks) {

        public int bottom() {
            return top + plotHeight;
        }

        public int right() {
            return left + plotWidth;
        }
    }

    /** A month's place: where its column starts, its width, its middle, its label (on every n-th month). */
    record Slot(String month, int x, int width, int middle, String label) {
    }

    /** A y-axis tick: its place and what it reads. */
    record Tick(int y, String label) {
    }

    /** A point of a line: a month's figure in seconds. */
    record Point(String month, int x, int y, long seconds) {
    }

    /**
     * One line: its CSS class, its legend's message key ({@code insights.chart.times.<key>}), its SVG path (a move
     * wherever a month has no figure), its points.
     */
    record Line(String name, String key, String path, List<Point> points) {
    }

    /** The time to detect and to mitigate per month; {@code unit} names the y axis' unit (minutes, hours, days). */
    record TimesChart(Frame frame, String unit, List<Line> lines, List<Group> months) {
    }

    /** A severity's part of a month's bar. */
    record Segment(Severity severity, int y, int height, long count) {
    }

    /** A month's stacked bar, its segments from the bottom (SEV1) up. */
    record Stack(Slot slot, int x, int barWidth, List<Segment> segments, long total) {
    }

    record SeverityChart(Frame frame, List<Stack> stacks, List<Group> months) {
    }

    /** A month's bar of the share of action items done; none (no bar) when the month's incidents have no items. */
    record Bar(Slot slot, int x, int barWidth, int y, int height, Integer percent, ItemCounts items) {
    }

    record CompletionChart(Frame frame, List<Bar> bars, List<Group> months) {
    }

    static List<Slot> slots(List<Group> months) {
        int n = Math.max(months.size(), 1);
        int width = PLOT_WIDTH / n;
        int every = (months.size() + LABELS - 1) / LABELS;
        List<Slot> slots = new ArrayList<>();
        for (int k = 0; k < months.size(); k++) {
            String month = months.get(k).key();
            int x = LEFT + k * width;
            String label = k % Math.max(every, 1) == 0 ? LABEL.format(YearMonth.parse(month)) : null;
            slots.add(new Slot(month, x, width, x + width / 2, label));
        }
        return slots;
    }

    static TimesChart times(List<Group> months) {
        long max = 1;
        for (Group g : months) {
            for (Long v : new Long[] {g.timeToDetect().p90Seconds(), g.timeToMitigate().p90Seconds(),
                g.timeToDetect().medianSeconds(), g.timeToMitigate().medianSeconds()}) {
                max = v == null ? max : Math.max(max, v);
            }
        }
        long unit = max < 2 * 3600 ? 60 : max < 2 * 86400 ? 3600 : 86400;
        String unitName = unit == 60 ? "minutes" : unit == 3600 ? "hours" : "days";
        long maxUnits = (max + unit - 1) / unit;
        long step = niceStep(maxUnits);
        long topUnits = Math.max(step, (maxUnits + step - 1) / step * step);
        long topSeconds = topUnits * unit;
        List<Tick> ticks = new ArrayList<>();
        for (long v = 0; v <= topUnits; v += step) {
            ticks.add(new Tick(y(v * unit, topSeconds), Long.toString(v)));
        }
        List<Slot> slots = slots(months);
        List<Line> lines = List.of(
                line("detect-median", "detectMedian", months, slots, g -> g.timeToDetect().medianSeconds(),
                        topSeconds),
                line("detect-p90", "detectP90", months, slots, g -> g.timeToDetect().p90Seconds(), topSeconds),
                line("mitigate-median", "mitigateMedian", months, slots, g -> g.timeToMitigate().medianSeconds(),
                        topSeconds),
                line("mitigate-p90", "mitigateP90", months, slots, g -> g.timeToMitigate().p90Seconds(), topSeconds));
        return new TimesChart(frame(slots, ticks), unitName, lines, months);
    }

    private static Line line(String name, String key, List<Group> months, List<Slot> slots,
            Function<Group, Long> figure, long top) {
        List<Point> points = new ArrayList<>();
        StringJoiner path = new StringJoiner(" ");
        boolean drawing = false;
        for (int k = 0; k < months.size(); k++) {
            Long seconds = figure.apply(months.get(k));
            if (seconds == null) {
                drawing = false;
                continue;
            }
            Point p = new Point(slots.get(k).month(), slots.get(k).middle(), y(seconds, top), seconds);
            points.add(p);
            path.add((drawing ? "L" : "M") + p.x() + "," + p.y());
            drawing = true;
        }
        return new Line(name, key, path.toString(), points);
    }

    static SeverityChart severities(List<Group> months) {
        long max = 1;
        for (Group g : months) {
            max = Math.max(max, g.incidents());
        }
        long step = niceStep(max);
        long top = (max + step - 1) / step * step;
        List<Tick> ticks = new ArrayList<>();
        for (long v = 0; v <= top; v += step) {
            ticks.add(new Tick(y(v, top), Long.toString(v)));
        }
        List<Slot> slots = slots(months);
        List<Stack> stacks = new ArrayList<>();
        for (int k = 0; k < months.size(); k++) {
            Group g = months.get(k);
            Slot slot = slots.get(k);
            List<Segment> segments = new ArrayList<>();
            long below = 0;
            for (Severity s : Severity.values()) {
                long count = g.bySeverity().getOrDefault(s, 0L);
                int bottom = y(below, top);
                int upper = y(below + count, top);
                segments.add(new Segment(s, upper, bottom - upper, count));
                below += count;
            }
            stacks.add(new Stack(slot, slot.x() + barInset(slot), barWidth(slot), segments, g.incidents()));
        }
        return new SeverityChart(frame(slots, ticks), stacks, months);
    }

    static CompletionChart completion(List<Group> months) {
        List<Tick> ticks = new ArrayList<>();
        for (int v = 0; v <= 100; v += 20) {
            ticks.add(new Tick(y(v, 100), v + " %"));
        }
        List<Slot> slots = slots(months);
        List<Bar> bars = new ArrayList<>();
        for (int k = 0; k < months.size(); k++) {
            Group g = months.get(k);
            Slot slot = slots.get(k);
            Integer percent = g.actionItems().completionPercent();
            int y = y(percent == null ? 0 : percent, 100);
            bars.add(new Bar(slot, slot.x() + barInset(slot), barWidth(slot), y, TOP + PLOT_HEIGHT - y, percent,
                    g.actionItems()));
        }
        return new CompletionChart(frame(slots, ticks), bars, months);
    }

    private static Frame frame(List<Slot> slots, List<Tick> ticks) {
        return new Frame(WIDTH, HEIGHT, LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT, slots, ticks);
    }

    private static int barWidth(Slot slot) {
        return Math.max(1, slot.width() - 2 * barInset(slot));
    }

    private static int barInset(Slot slot) {
        return slot.width() >= 8 ? slot.width() / 6 : 0;
    }

    /** The y coordinate of a value on a plot whose top is {@code top}. */
    static int y(long value, long top) {
        return TOP + PLOT_HEIGHT - (int) Math.round((double) value * PLOT_HEIGHT / top);
    }

    /** 1, 2 or 5 times a power of ten, so the axis has at most about five ticks. */
    static long niceStep(long max) {
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (max / (step * m) <= 5) {
                    return step * m;
                }
            }
            step *= 10;
        }
    }
}
