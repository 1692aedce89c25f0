package org.clinicalbert.workbench.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.io.Sha256;
import org.clinicalbert.workbench.runtime.GitState;
import org.clinicalbert.workbench.runtime.LibraryVersions;
import org.clinicalbert.workbench.runtime.MachineFacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code provenance.json} of a model folder: what produced it ({@code run}, {@code pretrain} or {@code export}),
 * from which config (the resolved text), seed, source checkpoint (path and SHA-256 of its index or weights file)
 * and data files (path, size, SHA-256 of each), with which code (git commit and dirty flag, workbench and library
 * versions from the class path), on which machine, and when. An export records the provenance of the folder it
 * exported in {@code derived_from}.
 *
 * @param producedBy   {@code run}, {@code pretrain} or {@code export}
 * @param config       the resolved experiment YAML, or the pretraining / export settings as text
 * @param maxSeqLength the sequence length the model was trained with (what predict uses); null when not known
 * @param doLowerCase  the casing the model's tokenizer used
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Provenance(@JsonProperty("produced_by") String producedBy,
                         @JsonProperty("config") String config,
                         @JsonProperty("seed") Long seed,
                         @JsonProperty("max_seq_length") Integer maxSeqLength,
                         @JsonProperty("do_lower_case") Boolean doLowerCase,
                         @JsonProperty("source") Source source,
                         @JsonProperty("data") List<DataFile> data,
                         @JsonProperty("code") Code code,
                         @JsonProperty("machine") Map<String, Object> machine,
                         @JsonProperty("started") String started,
                         @JsonProperty("finished") String finished,
                         @JsonProperty("derived_from") Provenance derivedFrom) {

    public static final String FILE = "provenance.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The checkpoint a model started from: its path and the SHA-256 of the file that names its tensors. */
    public record Source(@JsonProperty("path") String path,
                         @JsonProperty("index_file") String indexFile,
                         @JsonProperty("index_sha256") String indexSha256) {
    }

    /** One data file read, as it was when the run started. */
    public record DataFile(@JsonProperty("path") String path,
                           @JsonProperty("bytes") long bytes,
                           @JsonProperty("sha256") String sha256) {
    }

    /** The code that ran; null fields where not known (no git, not packaged). */
    public record Code(@JsonProperty("git_commit") String gitCommit,
                       @JsonProperty("git_dirty") Boolean gitDirty,
                       @JsonProperty("workbench_version") String workbenchVersion,
                       @JsonProperty("libraries") Map<String, String> libraries) {
    }

    /**
     * Records the start of work that will write a model folder: hashes the data now (as it is read) and captures
     * code and machine. {@link Recorder#writeTo} then writes the file in one line at each write site.
     *
     * @param sourceIndex the source checkpoint's index (TF) or weights/shard-index file (Hugging Face); null if none
     * @param data        files or folders read (a folder stands for every file below it)
     */
    public static Recorder start(String producedBy, String config, Long seed, Integer maxSeqLength,
                                 Boolean doLowerCase, Path sourceCheckpoint, Path sourceIndex, List<Path> data,
                                 Path workingDir) {
        try {
            Source source = sourceIndex == null ? null : new Source(sourceCheckpoint.toAbsolutePath().toString(),
                    sourceIndex.toAbsolutePath().toString(), Files.isRegularFile(sourceIndex) ? Sha256.of(sourceIndex) : null);
            GitState git = GitState.of(workingDir);
            Code code = new Code(git.commit(), git.dirty(), LibraryVersions.workbench(), LibraryVersions.libraries());
            return new Recorder(new Provenance(producedBy, config, seed, maxSeqLength, doLowerCase, source,
                    dataFiles(data), code, MachineFacts.capture().toMap(), Instant.now().toString(), null, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash the inputs for provenance", e);
        }
    }

    /** Every regular file of {@code paths} (folders walked, sorted), with size and SHA-256. */
    static List<DataFile> dataFiles(List<Path> paths) throws IOException {
        List<DataFile> out = new ArrayList<>();
        for (Path p : paths) {
            if (p == null) {
                continue;
            }
            List<Path> files;
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
            } else {
                files = Files.isRegularFile(p) ? List.of(p) : List.of();
            }
            for (Path f : files) {
                out.add(new DataFile(f.toAbsolutePath().normalize().toString(), Files.size(f), Sha256.of(f)));
            }
        }
        return out;
    }

    /** The provenance.json of {@code modelDir}, if it has one. */
    public static Optional<Provenance> read(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Provenance.class));
        } catch (IOException e) {
            throw new InputFormatException(file, null, "not a readable provenance file: " + e.getMessage());
        }
    }

    /** A provenance in the making: started, written with its finish time. */
    public static final class Recorder {
        private final Provenance started;
        private Provenance derivedFrom;

        private Recorder(Provenance started) {
            this.started = started;
        }

        /** Records that the model was derived from a folder with this provenance (an export). */
        public Recorder derivedFrom(Provenance source) {
            this.derivedFrom = source;
            return this;
        }

        /** Writes {@code dir/provenance.json} (atomically), finished now. */
        public void writeTo(Path dir) {
            Provenance p = new Provenance(started.producedBy, started.config, started.seed, started.maxSeqLength,
                    started.doLowerCase, started.source, started.data, started.code, started.machine,
                    started.started, Instant.now().toString(), derivedFrom);
            try {
                AtomicFiles.writeBytes(dir.resolve(FILE), JSON.writeValueAsBytes(p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
            }
        }
    }
}
