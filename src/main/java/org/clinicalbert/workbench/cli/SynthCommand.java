package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.data.synth.MimicSynth;
import org.clinicalbert.workbench.data.synth.SyntheticCorpora;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code workbench synth}: writes synthetic downstream corpora in their release formats (deterministic by seed). */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write synthetic MIMIC-III NOTEEVENTS.csv, MedNLI and i2b2 2006/2010/2012/2014 corpora in their "
                + "release formats (deterministic by seed).")
public final class SynthCommand extends WorkbenchCommand {

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "folder to write into")
    Path out;

    @Option(names = "--size", defaultValue = "" + SyntheticCorpora.DEFAULT_SIZE,
            description = "training documents per i2b2 corpus; MedNLI gets ten times as many pairs (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--seed", defaultValue = "12345", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--mimic-notes", defaultValue = "200",
            description = "notes in mimic/NOTEEVENTS.csv (default ${DEFAULT-VALUE}; 0 = none)")
    int mimicNotes;


    @Override
    public Integer call() throws IOException {
        OptionBounds.atLeast(spec, "--mimic-notes", mimicNotes, 0);
        if (size < 1) {
            throw mistake("--size must be at least 1");
        }
        SyntheticCorpora.write(out, size, seed);
        if (mimicNotes > 0) {
            java.nio.file.Files.createDirectories(out.resolve("mimic"));
            MimicSynth.write(out.resolve("mimic").resolve("NOTEEVENTS.csv"),
                    mimicNotes, seed);
        }
        out().printf("wrote synthetic corpora (size %d, seed %d) to %s%n", size, seed, out);
        out().flush();
        return 0;
    }
}
