package org.hindsight.postmortem.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A postmortem's bytes as text: at most {@link #MAX_BYTES}, read with a bound (a larger body is refused
 * while reading, never held in memory), valid UTF-8, no NUL characters, not empty.
 */
final class ImportText {

    /** 1 MB: far more than any postmortem, far less than what would strain the server. */
    static final int MAX_BYTES = 1024 * 1024;

    private ImportText() {
    }

    static String read(InputStream in, long declaredLength, String field) throws IOException {
        if (declaredLength > MAX_BYTES) {
            throw new ImportRefusedException(413, field, "import.text.tooLarge");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > MAX_BYTES) {
                throw new ImportRefusedException(413, field, "import.text.tooLarge");
            }
            out.write(buffer, 0, n);
        }
        return decode(out.toByteArray(), field);
    }

    static String decode(byte[] bytes, String field) {
        if (bytes.length > MAX_BYTES) {
            throw new ImportRefusedException(413, field, "import.text.tooLarge");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ImportRefusedException(422, field, "import.text.notText");
        }
        return checked(text, field);
    }

    /** Text as typed into the page: the same rules. */
    static String checked(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new ImportRefusedException(422, field, "import.text.required");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new ImportRefusedException(422, field, "import.text.notText");
        }
        if (text.length() > MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new ImportRefusedException(413, field, "import.text.tooLarge");
        }
        return text;
    }
}
