package org.hindsight.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The Docker image runs the bean definitions that {@code ./mvnw package} processed ahead of time (README "Start-up"),
 * so a bean condition in the application's own code would be decided once, when the jar is built, without the
 * operator's settings: a feature switched on in the environment would stay off in the image and on everywhere else.
 * Settings decide at start instead, in a bean that is always there (as {@code SingleSignOn} and {@code MailSetup}
 * do). This test names any class that brings a condition back.
 */
class AheadOfTimeConditionsTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern CONDITION = Pattern.compile(
            "@(?:org\\.springframework\\.[\\w.]+\\.)?(?:Conditional\\w*|Profile)\\b");

    @Test
    void noBeanOfTheApplicationIsConditional() throws IOException {
        List<String> conditional;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            conditional = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> CONDITION.matcher(read(file)).find())
                    .map(file -> SOURCES.relativize(file).toString()).sorted().toList();
        }
        assertThat(conditional).as("classes with @Conditional…/@Profile: decided at build time in the image")
                .isEmpty();
    }

    @Test
    void theCheckFindsAConditionAsItIsWritten() {
        assertThat(CONDITION.matcher("@ConditionalOnProperty(\"x\")\nclass A {}").find()).isTrue();
        assertThat(CONDITION.matcher("@Conditional(B.Configured.class)").find()).isTrue();
        assertThat(CONDITION.matcher("@org.springframework.context.annotation.Profile(\"p\")").find()).isTrue();
        assertThat(CONDITION.matcher("/** a conditional answer; @ProfileSection */").find()).isFalse();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
