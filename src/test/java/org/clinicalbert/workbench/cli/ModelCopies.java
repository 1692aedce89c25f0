package org.clinicalbert.workbench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Copies of the bundled tiny models that a test may edit (a config key, a vocabulary, a labels.json). */
final class ModelCopies {

    static final Path TINY = Path.of("config/models/tiny-demo");
    static final Path TINY_HF = Path.of("src/test/resources/hf/tiny-safetensors");

    private ModelCopies() {
    }

    /** The files directly in {@code from}, copied into a new folder {@code to}. */
    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
        }
        return to;
    }

    /**
     * The tiny model as a fine-tuned run's model/ folder with a head of {@code kind} (SEQUENCE or TOKEN) and these
     * labels, as ModelFolder.writeFineTuned writes it; its head is absent from the weights (initialised on load),
     * which is all a refusal needs.
     */
    static Path fineTuned(Path to, String kind, List<String> labels) throws IOException {
        copy(TINY, to);
        Files.writeString(to.resolve("labels.json"), "{\"kind\": \"" + kind + "\", \"labels\": [\""
                + String.join("\", \"", labels) + "\"]}");
        return to;
    }

    /** {@code file} with {@code from} replaced once by {@code to}; fails when {@code from} is not there. */
    static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new AssertionError(file + " has no " + from + ":\n" + text);
        }
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
    }
}
