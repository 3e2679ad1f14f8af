package org.hindsight.system;

import java.util.Arrays;
import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

/** A unified line diff between two texts (java-diff-utils, Myers), as the audit trail keeps a long text's change. */
final class LineDiff {

    /** Lines of unchanged context around each change. */
    private static final int CONTEXT = 2;

    private LineDiff() {
    }

    /** The unified diff from {@code before} to {@code after} (null is empty), without file headers. */
    static String unified(String before, String after) {
        List<String> from = lines(before);
        List<String> to = lines(after);
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("before", "after", from, DiffUtils.diff(from, to),
                CONTEXT);
        // the first two lines are the "--- before" / "+++ after" headers
        return String.join("\n", diff.subList(Math.min(2, diff.size()), diff.size()));
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : Arrays.asList(text.split("\r?\n", -1));
    }
}
