package org.hindsight.postmortem;

import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.parser.block.BlockParserFactory;
import com.vladsch.flexmark.parser.block.BlockStart;
import com.vladsch.flexmark.parser.block.MatchedBlockParser;
import com.vladsch.flexmark.parser.block.ParserState;
import com.vladsch.flexmark.parser.core.HeadingParser;
import com.vladsch.flexmark.util.data.DataHolder;
import com.vladsch.flexmark.util.data.MutableDataHolder;

/**
 * flexmark's heading parser, asked only about lines that can be a heading. flexmark 0.64.8's own asks every line
 * inside a paragraph whether it underlines it (a setext heading) and, before looking at the line, copies the
 * whole paragraph so far: quadratic in a paragraph's length. While flexmark reads blocks, a GFM table and a run of
 * {@code -item} lines are one paragraph, so a 40,000-row timeline table took half a minute to parse.
 * <p>
 * This extension turns the core heading parser off and puts in its place the very same parser behind a test of
 * the line: one that cannot be an ATX heading ({@code #} to {@code ######}, then a space, a tab or the line's end)
 * nor a setext underline (only {@code =} or only {@code -}, then spaces or tabs) gets "no heading" at once, as
 * the core parser would answer for it. A line that can be one is handed to the core parser; a heading ends the
 * paragraph, so each paragraph is copied at most once more. The same tree, in linear time. The test assumes
 * flexmark's default heading options (an ATX heading needs its space), which every parser here uses.
 */
public final class LinearHeadings implements Parser.ParserExtension {

    private LinearHeadings() {
    }

    public static LinearHeadings create() {
        return new LinearHeadings();
    }

    @Override
    public void parserOptions(MutableDataHolder options) {
        options.set(Parser.HEADING_PARSER, false);
    }

    @Override
    public void extend(Parser.Builder builder) {
        builder.customBlockParserFactory(new Factory());
    }

    /** The core factory (same place among the block parsers, same dependencies), its parsers behind the test. */
    static final class Factory extends HeadingParser.Factory {

        @Override
        public BlockParserFactory apply(DataHolder options) {
            BlockParserFactory core = super.apply(options);
            return new BlockParserFactory() {
                @Override
                public BlockStart tryStart(ParserState state, MatchedBlockParser matched) {
                    return canBeHeading(state.getLine(), state.getNextNonSpaceIndex())
                            ? core.tryStart(state, matched) : BlockStart.none();
                }
            };
        }
    }

    /** Whether the line, from its first non-space character, can open an ATX heading or be a setext underline. */
    static boolean canBeHeading(CharSequence line, int start) {
        int end = line.length();
        while (end > start && isLineEnd(line.charAt(end - 1))) {
            end--;
        }
        if (start >= end) {
            return false;
        }
        char first = line.charAt(start);
        if (first == '#') {
            int hashes = 0;
            while (start + hashes < end && line.charAt(start + hashes) == '#') {
                hashes++;
            }
            if (hashes > 6) {
                return false;
            }
            return start + hashes == end || line.charAt(start + hashes) == ' ' || line.charAt(start + hashes) == '\t';
        }
        if (first != '=' && first != '-') {
            return false;
        }
        int i = start;
        while (i < end && line.charAt(i) == first) {
            i++;
        }
        while (i < end && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i == end;
    }

    /** What {@code $} may stand before in the core parser's patterns (a final line terminator). */
    private static boolean isLineEnd(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
