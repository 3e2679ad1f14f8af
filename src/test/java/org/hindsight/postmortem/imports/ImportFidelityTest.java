package org.hindsight.postmortem.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.hindsight.action.ActionStatus;
import org.hindsight.incident.SummaryTime;
import org.hindsight.postmortem.imports.FidelityScore.Expected;
import org.hindsight.postmortem.imports.ImportedPostmortem.Action;
import org.hindsight.postmortem.imports.ImportedPostmortem.Event;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Import fidelity on a corpus of postmortems about real public incidents, each in a different layout
 * ({@code src/test/resources/postmortem/corpus/<nn>-<slug>/postmortem.md} with its {@code expected.json}). Each
 * document goes through the parse the import page and {@code POST /api/imports} share
 * ({@link ImportRequest#parse}, with no zone, date, title or severity given) and is scored per field by
 * {@link FidelityScore} (exact instants; fuzzy text counts when the token-overlap ratio is at least
 * {@value FidelityScore#TEXT_THRESHOLD}; F1 for timeline entries and action items; owner, due date and done
 * accuracy among matched actions). The table is printed to stdout.
 * <p>
 * Two bars: the floor (mean at least {@value #FLOOR_MEAN} over at least 24 documents, none below
 * {@value #FLOOR_DOCUMENT}), and a ratchet above it: {@code corpus/baseline.json} holds the scores measured last,
 * rounded down to two decimals; the overall mean and every document must stay at or above them, so a regression
 * fails the build even while the floor still holds, and each improvement raises the baseline.
 */
class ImportFidelityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double EPSILON = 1e-9;
    static final double FLOOR_MEAN = 0.95;
    static final double FLOOR_DOCUMENT = 0.85;

    @Test
    void noDocumentScoresBelowItsBaselineAndNeitherDoesTheOverallMean() {
        Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
        for (Path dir : corpus()) {
            Expected expected = Expected.of(JSON.readTree(read(dir.resolve("expected.json"))));
            ImportedPostmortem parsed = ImportRequest.parse(read(dir.resolve("postmortem.md")), null, null, null,
                    null);
            scores.put(dir.getFileName().toString(), FidelityScore.score(expected, parsed));
        }
        Map<String, Double> documents = new LinkedHashMap<>();
        scores.forEach((name, fields) -> documents.put(name, FidelityScore.mean(fields.values())));
        double overall = FidelityScore.mean(documents.values());
        System.out.println(table(scores, documents, overall));

        JsonNode baseline = JSON.readTree(read(corpusRoot().resolve("baseline.json")));
        List<String> baselined = new ArrayList<>(baseline.get("documents").propertyNames());
        assertThat(documents.keySet()).as("every corpus document has a baseline, and every baseline a document")
                .containsExactlyInAnyOrderElementsOf(baselined);
        for (String name : baselined) {
            assertThat(documents.get(name)).as("score of %s (baseline.json)", name)
                    .isGreaterThanOrEqualTo(baseline.get("documents").get(name).asDouble() - EPSILON);
        }
        assertThat(overall).as("overall mean (baseline.json)")
                .isGreaterThanOrEqualTo(baseline.get("overall").asDouble() - EPSILON);
    }

    @Test
    void theCorpusMeetsTheFloorMeanAtLeast95AndNoDocumentBelow85() {
        Map<String, Double> documents = new LinkedHashMap<>();
        for (Path dir : corpus()) {
            Expected expected = Expected.of(JSON.readTree(read(dir.resolve("expected.json"))));
            ImportedPostmortem parsed = ImportRequest.parse(read(dir.resolve("postmortem.md")), null, null, null,
                    null);
            documents.put(dir.getFileName().toString(), FidelityScore.mean(FidelityScore.score(expected, parsed).values()));
        }
        assertThat(documents).as("documents").hasSizeGreaterThanOrEqualTo(24);
        assertThat(documents).as("no document below the floor").allSatisfy((name, score) ->
                assertThat(score).as(name).isGreaterThanOrEqualTo(FLOOR_DOCUMENT));
        assertThat(FidelityScore.mean(documents.values())).as("mean over the corpus").isGreaterThanOrEqualTo(FLOOR_MEAN);
    }

    @Test
    void anImportThatExtractsExactlyWhatIsExpectedScoresOneOnEveryField() {
        for (Path dir : corpus()) {
            Expected expected = Expected.of(JSON.readTree(read(dir.resolve("expected.json"))));
            assertThat(FidelityScore.score(expected, perfect(expected))).as(dir.getFileName().toString())
                    .allSatisfy((field, score) -> assertThat(score).as(field).isEqualTo(1.0));
            assertThat(FidelityScore.score(expected, empty())).as(dir.getFileName().toString())
                    .containsEntry("title", 0.0).containsEntry("timeline", 0.0).containsEntry("actions", 0.0);
        }
    }

    @Test
    void theImporterNeverNamesACorpusDocument() throws IOException {
        List<String> forbidden = new ArrayList<>();
        for (Path dir : corpus()) {
            String name = dir.getFileName().toString();
            forbidden.add(name.toLowerCase(Locale.ROOT));
            forbidden.add(name.replaceFirst("^\\d+-", "").toLowerCase(Locale.ROOT));
            forbidden.add(Expected.of(JSON.readTree(read(dir.resolve("expected.json")))).title()
                    .toLowerCase(Locale.ROOT));
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                forbidden.stream().filter(text::contains).forEach(hit -> found.add(file + ": " + hit));
            }
        }
        assertThat(forbidden).hasSizeGreaterThanOrEqualTo(3 * 24);
        assertThat(found).as("corpus names or titles in src/main").isEmpty();
    }

    private static String table(Map<String, Map<String, Double>> scores, Map<String, Double> documents,
            double overall) {
        StringBuilder out = new StringBuilder("\nImport fidelity (fuzzy text threshold "
                + FidelityScore.TEXT_THRESHOLD + ")\n");
        out.append(String.format(Locale.ROOT, "%-30s", "document"));
        FidelityScore.FIELDS.forEach(field -> out.append(String.format(Locale.ROOT, " %10s", field)));
        out.append(String.format(Locale.ROOT, " %10s%n", "mean"));
        scores.forEach((name, fields) -> {
            out.append(String.format(Locale.ROOT, "%-30s", name));
            fields.values().forEach(score -> out.append(String.format(Locale.ROOT, " %10.2f", score)));
            out.append(String.format(Locale.ROOT, " %10.2f%n", documents.get(name)));
        });
        out.append(String.format(Locale.ROOT, "%-30s", "field mean"));
        for (String field : FidelityScore.FIELDS) {
            out.append(String.format(Locale.ROOT, " %10.2f",
                    FidelityScore.mean(scores.values().stream().map(fields -> fields.get(field)).toList())));
        }
        out.append(String.format(Locale.ROOT, " %10.2f%n", overall));
        out.append(String.format(Locale.ROOT, "overall mean %.4f%n", overall));
        return out.toString();
    }

    private static ImportedPostmortem perfect(Expected expected) {
        Map<SummaryTime, Instant> times = new EnumMap<>(SummaryTime.class);
        if (expected.startedAt() != null) {
            times.put(SummaryTime.STARTED, expected.startedAt());
        }
        if (expected.resolvedAt() != null) {
            times.put(SummaryTime.RESOLVED, expected.resolvedAt());
        }
        List<Event> events = expected.timeline().stream()
                .map(e -> new Event(e.at().toString(), e.at(), e.text(), null, Set.of())).toList();
        List<Action> actions = expected.actions().stream()
                .map(a -> new Action(null, a.title(), null, a.owner(), a.dueDate(), null, null,
                        a.done() ? ActionStatus.DONE : ActionStatus.OPEN, null, null))
                .toList();
        return new ImportedPostmortem(expected.title(), null, times, expected.impact(), null, List.of(), null,
                expected.rootCause(), expected.resolution(), null, null, null, events, actions, List.of(), List.of(),
                false, false, Map.of());
    }

    private static ImportedPostmortem empty() {
        return new ImportedPostmortem(null, null, Map.of(), null, null, List.of(), null, null, null, null, null,
                null, List.of(), List.of(), List.of(), List.of(), false, false, Map.of());
    }

    private static Path corpusRoot() {
        try {
            return Path.of(ImportFidelityTest.class.getResource("/postmortem/corpus").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> corpus() {
        try (Stream<Path> dirs = Files.list(corpusRoot())) {
            List<Path> found = dirs.filter(Files::isDirectory).sorted().toList();
            assertThat(found).as("corpus documents").hasSizeGreaterThanOrEqualTo(24)
                    .allSatisfy(dir -> assertThat(dir.resolve("postmortem.md")).isRegularFile())
                    .allSatisfy(dir -> assertThat(dir.resolve("expected.json")).isRegularFile());
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
