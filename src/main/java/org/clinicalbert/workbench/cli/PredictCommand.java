package org.clinicalbert.workbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import me.tongfei.progressbar.ProgressBar;
import org.clinicalbert.workbench.predict.Predictor;
import org.clinicalbert.workbench.io.AtomicFiles;
import org.clinicalbert.workbench.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code workbench predict --model RUN_DIR --input FILE}: a trained run applied to new text, as JSON. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Apply a fine-tuned run to new text and write JSON.",
                "NLI runs read jsonl with sentence1/sentence2 (MedNLI format) or premise<TAB>hypothesis lines; "
                        + "NER runs read one sentence per line, words separated by whitespace."})
public final class PredictCommand extends WorkbenchCommand {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "run folder written by `workbench run` (or its fold-N/ or model/)")
    Path run;

    @Option(names = "--input", required = true, paramLabel = "FILE", converter = InputPath.File.class, description = "text to classify or tag")
    Path input;

    @Option(names = "--out", paramLabel = "FILE", description = "file to write (default: print JSON to standard output); a name ending in "
            + ".jsonl gets one prediction per line, written as the input is read (large inputs)")
    Path out;


    @Override
    public Integer call() throws Exception {
        try {
            Predictor predictor = Predictor.open(run);
            ObjectMapper json = Json.PRETTY;
            if (out != null && out.getFileName().toString().endsWith(".jsonl")) {
                ObjectMapper line = Json.MAPPER;
                long[] count = new long[1];
                try (ProgressBar bar = ProgressBars.bytes(ProgressBars.builder("predict").setInitialMax(1),
                        ProgressBars.sizeOf(input)).continuousUpdate().build()) {
                    long started = System.nanoTime();
                    // streamed into a temp file beside OUT, renamed into place when complete
                    AtomicFiles.write(out, stream -> count[0] = predictor.predict(input, r -> {
                        stream.write(line.writeValueAsBytes(r));
                        stream.write('\n');
                    }, (bytes, total, records) -> {
                        bar.maxHint(Math.max(total, 1));
                        bar.stepTo(bytes);
                        double s = (System.nanoTime() - started) / 1e9;
                        bar.setExtraMessage(String.format(java.util.Locale.ROOT, " %,d records (%.1f/s)", records,
                                records / Math.max(s, 1e-9)));
                    }));
                }
                out().printf("%d prediction(s) -> %s%n", count[0], out);
                return 0;
            }
            List<Map<String, Object>> predictions = predictor.predict(input);
            Map<String, Object> doc = Map.of("model", run.toString(), "kind", predictor.kind().name(),
                    "predictions", predictions);
            if (out == null) {
                out().println(json.writeValueAsString(doc));
            } else {
                AtomicFiles.writeBytes(out, json.writeValueAsBytes(doc));
                out().printf("%d prediction(s) -> %s%n", predictions.size(), out);
            }
            return 0;
        } finally {
            out().flush();
            err().flush();
        }
    }
}
