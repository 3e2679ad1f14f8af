package org.hindsight.postmortem.export;

import java.io.File;
import java.io.IOException;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;

/** Whether a TrueType font file draws some characters (so that the PDF does not print '#' for them). */
final class FontGlyphs {

    private FontGlyphs() {
    }

    /** Whether {@code font} has a glyph for every character of {@code text}; false when it cannot be read. */
    static boolean has(File font, String text) {
        try (RandomAccessReadBufferedFile file = new RandomAccessReadBufferedFile(font);
                TrueTypeFont ttf = new TTFParser().parse(file)) {
            CmapLookup cmap = ttf.getUnicodeCmapLookup(false);
            return cmap != null && text.codePoints().allMatch(c -> cmap.getGlyphId(c) != 0);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
