package org.hindsight.postmortem.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The postmortems the import tests read, from src/test/resources/postmortem. */
final class ImportTestDocs {

    private ImportTestDocs() {
    }

    static String read(String path) {
        try (InputStream in = ImportTestDocs.class.getResourceAsStream("/postmortem/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("No test document " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
