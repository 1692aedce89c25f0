package org.clinicalbert.workbench.data.mednli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes pairs as MedNLI/SNLI jsonl: one object per line with sentence1, pairID, parse fields, sentence2 and
 * gold_label, in the release's field order. The parse fields are flat placeholders (readers ignore them).
 */
public final class MedNliWriter {

    private static final ObjectMapper JSON = Json.MAPPER;

    private MedNliWriter() {
    }

    public static void write(Path file, List<NliPair> pairs) throws IOException {
        AtomicFiles.write(file, out -> {
            for (NliPair p : pairs) {
                ObjectNode o = JSON.createObjectNode();
                o.put("sentence1", p.premise());
                o.put("pairID", p.pairId());
                o.put("sentence1_parse", parse(p.premise()));
                o.put("sentence1_binary_parse", binaryParse(p.premise()));
                o.put("sentence2", p.hypothesis());
                o.put("sentence2_parse", parse(p.hypothesis()));
                o.put("sentence2_binary_parse", binaryParse(p.hypothesis()));
                o.put("gold_label", p.label().json());
                out.write(JSON.writeValueAsString(o).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        });
    }

    private static String parse(String s) {
        StringBuilder sb = new StringBuilder("(ROOT (S");
        for (String w : s.split(" ")) {
            sb.append(" (X ").append(w).append(')');
        }
        return sb.append("))").toString();
    }

    private static String binaryParse(String s) {
        return "( " + s + " )";
    }
}
