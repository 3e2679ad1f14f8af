package org.hindsight.action;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import org.hindsight.action.BacklogSeries.Week;

/**
 * The backlog chart's geometry, rendered as inline SVG by {@code fragments/ledger :: chart}: per week a bar of
 * items opened and one of items closed, the open backlog as a line over them, a labelled y axis with round
 * ticks and the weeks' Mondays along the x axis. All numbers are in SVG user units; the template only places them.
 */
record BacklogChart(int width, int height, int left, int top, int plotWidth, int plotHeight, List<Column> columns,
        String backlogLine, List<Tick> yTicks, List<Week> weeks, long first, long last) {

    static final int WIDTH = 760;
    static final int HEIGHT = 300;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 20;
    private static final int BOTTOM = 56;
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    /** One week's place: its bars, the backlog point, its x label (every fourth week, this one included) and tooltip. */
    record Column(int x, int slot, int barWidth, int openedX, int openedY, int openedHeight, int closedX, int closedY,
            int closedHeight, int pointX, int pointY, String label, Week week) {
    }

    record Tick(int y, long value) {
    }

    static BacklogChart of(List<Week> weeks) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        long max = 1;
        for (Week w : weeks) {
            max = Math.max(max, Math.max(w.backlog(), Math.max(w.opened(), w.closed())));
        }
        long step = niceStep(max);
        long top = (max + step - 1) / step * step;
        List<Tick> ticks = new ArrayList<>();
        for (long v = 0; v <= top; v += step) {
            ticks.add(new Tick(y(v, top, plotHeight), v));
        }
        int slot = plotWidth / Math.max(weeks.size(), 1);
        int bar = Math.max(2, (slot - 4) / 2);
        List<Column> columns = new ArrayList<>();
        StringJoiner line = new StringJoiner(" ");
        for (int k = 0; k < weeks.size(); k++) {
            Week w = weeks.get(k);
            int x = LEFT + k * slot;
            int openedY = y(w.opened(), top, plotHeight);
            int closedY = y(w.closed(), top, plotHeight);
            int pointX = x + slot / 2;
            int pointY = y(w.backlog(), top, plotHeight);
            line.add(pointX + "," + pointY);
            // every fourth Monday, counted back from this week's
            String label = (weeks.size() - 1 - k) % 4 == 0 ? LABEL.format(w.start()) : null;
            columns.add(new Column(x, slot, bar, x + 2, openedY, TOP + plotHeight - openedY, x + 2 + bar, closedY,
                    TOP + plotHeight - closedY, pointX, pointY, label, w));
        }
        long first = weeks.isEmpty() ? 0 : weeks.get(0).backlog();
        long last = weeks.isEmpty() ? 0 : weeks.get(weeks.size() - 1).backlog();
        return new BacklogChart(WIDTH, HEIGHT, LEFT, TOP, plotWidth, plotHeight, columns, line.toString(), ticks,
                weeks, first, last);
    }

    /** The y coordinate of a value on a plot whose top is {@code top}. */
    private static int y(long value, long top, int plotHeight) {
        return TOP + plotHeight - (int) Math.round((double) value * plotHeight / top);
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

    /** Whether the backlog shrank over the 26 weeks: shown in words beside the chart. */
    public int trend() {
        return Long.compare(last, first);
    }

    public int bottom() {
        return top + plotHeight;
    }

    public int right() {
        return left + plotWidth;
    }
}
