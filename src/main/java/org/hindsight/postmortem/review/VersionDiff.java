package org.hindsight.postmortem.review;

import java.util.ArrayList;
import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

import org.hindsight.postmortem.review.ReviewViews.DiffLine;

/** The line differences between two versions' Markdown (java-diff-utils' Myers diff), every line in order. */
final class VersionDiff {

    private VersionDiff() {
    }

    static List<DiffLine> lines(String from, String to) {
        List<String> old = from.lines().toList();
        List<String> now = to.lines().toList();
        Patch<String> patch = DiffUtils.diff(old, now);
        List<DiffLine> lines = new ArrayList<>();
        int o = 0;
        int n = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            while (o < delta.getSource().getPosition()) {
                lines.add(new DiffLine("same", o + 1, n + 1, old.get(o)));
                o++;
                n++;
            }
            for (String line : delta.getSource().getLines()) {
                lines.add(new DiffLine("removed", ++o, null, line));
            }
            for (String line : delta.getTarget().getLines()) {
                lines.add(new DiffLine("added", null, ++n, line));
            }
        }
        while (o < old.size()) {
            lines.add(new DiffLine("same", o + 1, n + 1, old.get(o)));
            o++;
            n++;
        }
        return lines;
    }
}
