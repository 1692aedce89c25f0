package org.clinicalbert.workbench.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.clinicalbert.workbench.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvenanceTest {

    /** sha256("abc") and sha256(""), FIPS 180-2 / NIST examples. */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void aModelFolderSaysWhichDataConfigCheckpointAndCodeMadeIt(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("corpus/train"));
        Files.writeString(data.resolve("b.txt"), "abc");
        Files.writeString(data.resolve("a.txt"), "");
        Path test = Files.writeString(dir.resolve("test.jsonl"), "abc");
        Path index = Files.writeString(dir.resolve("model.ckpt-7.index"), "");
        Path model = Files.createDirectories(dir.resolve("model"));

        Provenance.start("run", "name: x\n", 42L, 128, false, dir.resolve("model.ckpt-7"), index,
                Arrays.asList(dir.resolve("corpus"), null, test, dir.resolve("absent")), dir).writeTo(model);

        JsonNode j = new ObjectMapper().readTree(model.resolve(Provenance.FILE).toFile());
        assertEquals("run", j.path("produced_by").asText());
        assertEquals("name: x\n", j.path("config").asText());
        assertEquals(42, j.path("seed").asLong());
        assertEquals(128, j.path("max_seq_length").asInt());
        assertFalse(j.path("do_lower_case").asBoolean(true));
        assertEquals(EMPTY, j.path("source").path("index_sha256").asText());
        assertEquals(dir.resolve("model.ckpt-7").toAbsolutePath().toString(), j.path("source").path("path").asText());
        // every file read, folders expanded in sorted order, each with size and hash; a missing path names nothing
        List<String> paths = List.of(data.resolve("a.txt").toAbsolutePath().toString(),
                data.resolve("b.txt").toAbsolutePath().toString(), test.toAbsolutePath().toString());
        assertEquals(3, j.path("data").size());
        for (int i = 0; i < 3; i++) {
            assertEquals(paths.get(i), j.path("data").get(i).path("path").asText());
        }
        assertEquals(List.of(EMPTY, ABC, ABC), List.of(j.path("data").get(0).path("sha256").asText(),
                j.path("data").get(1).path("sha256").asText(), j.path("data").get(2).path("sha256").asText()));
        assertEquals(3, j.path("data").get(1).path("bytes").asLong());
        assertEquals("1.0.0-M2.1", j.path("code").path("libraries").path("org.nd4j:nd4j-api").asText());
        assertTrue(j.path("code").has("git_commit") && j.path("code").has("git_dirty"), j.toString());
        assertTrue(j.path("machine").path("backend").asText().contains("Cpu"), j.toString());
        assertTrue(j.path("started").asText().compareTo(j.path("finished").asText()) <= 0, j.toString());

        Provenance back = Provenance.read(model).orElseThrow();
        assertEquals(128, back.maxSeqLength());
        assertEquals(Boolean.FALSE, back.doLowerCase());
        assertEquals(ABC, back.data().get(2).sha256());
    }

    @Test
    void anExportRecordsWhatItWasDerivedFrom(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Provenance.start("run", "c", 1L, 64, true, null, null, List.of(), dir).writeTo(run);
        Path out = Files.createDirectories(dir.resolve("export"));
        Provenance.start("export", "format hf", null, 64, true, null, null, List.of(), dir)
                .derivedFrom(Provenance.read(run).orElseThrow()).writeTo(out);
        Provenance p = Provenance.read(out).orElseThrow();
        assertEquals("export", p.producedBy());
        assertEquals("run", p.derivedFrom().producedBy());
        assertEquals(64, p.derivedFrom().maxSeqLength());
        assertNull(p.source());
    }

    @Test
    void anOlderFolderHasNoneAndABrokenFileIsAnInputError(@TempDir Path dir) throws Exception {
        assertTrue(Provenance.read(dir).isEmpty());
        Files.writeString(dir.resolve(Provenance.FILE), "{not json");
        InputFormatException e = assertThrows(InputFormatException.class, () -> Provenance.read(dir));
        assertTrue(e.getMessage().contains(Provenance.FILE), e.getMessage());
    }
}
