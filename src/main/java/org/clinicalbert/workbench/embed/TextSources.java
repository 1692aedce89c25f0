package org.clinicalbert.workbench.embed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.data.mimic.MimicFormatJob;
import org.clinicalbert.workbench.data.mimic.MimicNotesPipeline;
import org.clinicalbert.workbench.data.mimic.NoteEvent;
import org.clinicalbert.workbench.data.mimic.NoteEventsReader;
import org.clinicalbert.workbench.data.mimic.SelectedNote;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Json;
import org.clinicalbert.workbench.io.SkippedRecords;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.io.Utf8Lines;
import org.datavec.api.transform.TransformProcess;
import org.datavec.api.writable.Writable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

/** Opens the {@link TextSource} for an {@link InputSpec}. */
public final class TextSources {

    private static final ObjectMapper JSON = Json.MAPPER;

    private TextSources() {
    }

    public static TextSource open(InputSpec spec) throws IOException {
        Path input = spec.input();
        if (!Files.exists(input)) {
            throw new InputFormatException(input, null, "input not found");
        }
        if (spec.kind() != InputKind.NOTEEVENTS && !spec.categories().isEmpty()) {
            throw new UserInputException("--categories and --discharge-only apply to NOTEEVENTS input only");
        }
        if (spec.kind() != InputKind.JSONL && spec.idField() != null) {
            throw new UserInputException("--id-field applies to jsonl input only");
        }
        return switch (spec.kind()) {
            case LINES -> new Lines(input);
            case JSONL -> new Jsonl(input, spec.field(), spec.idField());
            case NOTEEVENTS -> new Notes(input, spec.categories());
            case SHARDS -> new Shards(input);
        };
    }

    /** One text per non-blank line. */
    static class Lines implements TextSource {
        final Utf8Lines lines;
        final long total;

        Lines(Path file) throws IOException {
            this.lines = new Utf8Lines(file);
            this.total = Files.size(file);
        }

        @Override
        public SourceText next() throws IOException {
            String line;
            while ((line = lines.next()) != null) {
                if (!line.isBlank()) {
                    return text(line);
                }
            }
            return null;
        }

        SourceText text(String line) {
            return new SourceText(Long.toString(lines.lineNumber()), lines.file().toString(), lines.lineNumber(), line);
        }

        @Override
        public long bytesRead() {
            return lines.bytesRead();
        }

        @Override
        public long totalBytes() {
            return total;
        }

        @Override
        public InputKind kind() {
            return InputKind.LINES;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    /** One JSON object per non-blank line; the text field must be a string, the id field present when asked for. */
    static final class Jsonl extends Lines {
        private final String field;
        private final String idField;

        Jsonl(Path file, String field, String idField) throws IOException {
            super(file);
            this.field = field;
            this.idField = idField;
        }

        @Override
        SourceText text(String line) {
            String where = "line " + lines.lineNumber();
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new InputFormatException(lines.file(), where, "malformed JSON: " + e.getOriginalMessage());
            }
            if (n == null || !n.isObject()) {
                throw new InputFormatException(lines.file(), where, "expected a JSON object");
            }
            JsonNode text = n.get(field);
            if (text == null || text.isNull()) {
                throw new InputFormatException(lines.file(), where, "no \"" + field + "\" field (choose the text "
                        + "field with --field)");
            }
            if (!text.isTextual()) {
                throw new InputFormatException(lines.file(), where, "field \"" + field + "\" is " + text.getNodeType()
                        + ", expected a string");
            }
            String id = Long.toString(lines.lineNumber());
            if (idField != null) {
                JsonNode idNode = n.get(idField);
                if (idNode == null || idNode.isNull() || idNode.isContainerNode()) {
                    throw new InputFormatException(lines.file(), where, "no \"" + idField + "\" id field "
                            + "(a string or number)");
                }
                id = idNode.asText();
            }
            return new SourceText(id, lines.file().toString(), lines.lineNumber(), text.asText());
        }

        @Override
        public InputKind kind() {
            return InputKind.JSONL;
        }
    }

    /** NOTEEVENTS records that pass mimic format's selection pipeline (ISERROR and category filters). */
    static final class Notes implements TextSource {
        private final NoteEventsReader reader;
        private final TransformProcess pipeline;
        private final long total;
        private final SkippedRecords skipped = new SkippedRecords();

        Notes(Path file, List<String> categories) throws IOException {
            this.pipeline = MimicNotesPipeline.build(new LinkedHashSet<>(categories));
            this.total = Files.size(file);
            this.reader = new NoteEventsReader(file);
        }

        @Override
        public SourceText next() {
            while (reader.hasNext()) {
                NoteEvent e = reader.next();
                List<Writable> kept = pipeline.execute(MimicNotesPipeline.toWritables(e));
                if (kept != null && !kept.isEmpty()) {
                    SelectedNote note = SelectedNote.fromWritables(kept);
                    return new SourceText(note.rowId(), reader.file().toString(), e.line(), note.text());
                }
                // the reason as mimic format gives it, so both commands count the same notes alike
                skipped.add(MimicFormatJob.skipReason(e), e.line());
            }
            return null;
        }

        @Override
        public SkippedRecords skipped() {
            return skipped;
        }

        @Override
        public long bytesRead() {
            return reader.bytesRead();
        }

        @Override
        public long totalBytes() {
            return total;
        }

        @Override
        public InputKind kind() {
            return InputKind.NOTEEVENTS;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /**
     * mimic format's shards (a shard file, a category folder or the whole output folder): every
     * {@code shard-NNNNN.txt} below it in path order, each non-blank line a sentence; blank lines end notes.
     */
    static final class Shards implements TextSource {
        /** The folder given, ids are relative to it; null for a single shard file. */
        private final Path root;
        private final List<Path> files;
        private final long total;
        private int index = -1;
        private Utf8Lines current;
        private long doneBytes;

        Shards(Path input) throws IOException {
            this.root = Files.isDirectory(input) ? input : null;
            if (Files.isDirectory(input)) {
                try (Stream<Path> s = Files.walk(input)) {
                    files = s.filter(p -> p.getFileName().toString().matches("shard-\\d+\\.txt"))
                            .filter(Files::isRegularFile).sorted().toList();
                }
                if (files.isEmpty()) {
                    throw new InputFormatException(input, null, "no shard-NNNNN.txt files (written by "
                            + "`workbench mimic format`) in this folder");
                }
            } else {
                files = List.of(input);
            }
            long t = 0;
            for (Path f : files) {
                t += Files.size(f);
            }
            total = t;
        }

        @Override
        public SourceText next() throws IOException {
            while (true) {
                if (current == null) {
                    if (index + 1 >= files.size()) {
                        return null;
                    }
                    current = new Utf8Lines(files.get(++index));
                }
                String line = current.next();
                if (line == null) {
                    doneBytes += current.bytesRead();
                    current.close();
                    current = null;
                } else if (!line.isBlank()) {
                    Path f = files.get(index);
                    String rel = root == null ? f.getFileName().toString() : root.relativize(f).toString();
                    return new SourceText(rel + ":" + current.lineNumber(), f.toString(), current.lineNumber(), line);
                }
            }
        }

        @Override
        public long bytesRead() {
            return doneBytes + (current == null ? 0 : current.bytesRead());
        }

        @Override
        public long totalBytes() {
            return total;
        }

        @Override
        public InputKind kind() {
            return InputKind.SHARDS;
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
            }
        }
    }

    /** Reads every text (small inputs, e.g. neighbor queries). */
    public static List<SourceText> readAll(TextSource source) throws IOException {
        List<SourceText> out = new ArrayList<>();
        for (SourceText t = source.next(); t != null; t = source.next()) {
            out.add(t);
        }
        return out;
    }
}
