package org.clinicalbert.workbench.cli;

import org.clinicalbert.workbench.io.InputFormatException;
import org.clinicalbert.workbench.runs.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Issue 24, principle 6: {@code --resume} means the same in every command that has it (run, study, pretrain,
 * embed): it continues what exists; nothing to continue is one error line, exit 2; a finished one says it has
 * finished. Nothing-to-resume for each command: ExperimentResumeTest.resumeWithNothingToResumeIsAnErrorUnless
 * ResumeOrStart, StudyCommandTest.resumeWithoutAStudyAndSetAreRefused, PretrainCommandTest.pretrainsIntoAModel
 * FolderAndResumesAFinishedRun (which also checks the finished case), SecondRoundMistakesTest.embedResumeWith
 * NothingToResumeIsAMistake.
 */
class ResumeAgreementTest {

    @TempDir
    Path dir;

    @Test
    void runResumeWhereEveryRunFinishedSaysSo() throws IOException {
        Path experiment = dir.resolve("results/demo");
        Path older = Files.createDirectories(experiment.resolve("20260101-000000"));
        Path newer = Files.createDirectories(experiment.resolve("20260102-000000"));
        for (Path run : new Path[] {older, newer}) {
            Files.writeString(run.resolve("status.json"), "{\"state\": \"finished\", \"kind\": \"run\"}");
        }
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> RunFolder.claim(experiment, "demo", true, false, m -> { }));
        assertEquals(experiment + ": nothing to resume: every run of demo here has finished (the newest: "
                + "20260102-000000) (--resume-or-start starts a new run when there is none)", e.getMessage());
        // with an unfinished one beside them, that one is continued
        Path killed = Files.createDirectories(experiment.resolve("20260101-120000"));
        Files.writeString(killed.resolve("status.json"), "{\"state\": \"interrupted\", \"kind\": \"run\"}");
        RunFolder.Claim claim = RunFolder.claim(experiment, "demo", true, false, m -> { });
        try (var lock = claim.lock()) {
            assertEquals(killed, claim.folder().dir());
            assertEquals(true, claim.resuming());
        }
    }

    @Test
    void embedResumeOfAFinishedRunSaysItHasFinished() throws IOException {
        Path lines = Files.writeString(dir.resolve("lines.txt"), "no fever\nshe is well\n");
        Path out = dir.resolve("embedded");
        String[] args = {"embed", "--model", "config/models/tiny-demo", "--input", lines.toString(), "--out",
                out.toString()};
        CliRun first = CliRun.of(args);
        assertEquals(0, first.code(), first.err());
        String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
        resume[args.length] = "--resume";
        CliRun again = CliRun.of(resume);
        assertEquals(2, again.code(), again.err());
        assertEquals("error: " + out + ": nothing to resume: the embed run here has finished (embed.json); use "
                + "another --out or delete it\n", again.err());
    }

    @Test
    void studyResumeOfAFinishedStudySaysItHasFinished() throws IOException {
        // a study folder as a finished study leaves it: the study file's copy and status.json saying finished
        Path study = Path.of("experiments/study/demo.yaml");
        Path out = dir.resolve("study");
        Files.createDirectories(out);
        Files.writeString(out.resolve("study.yaml"), Files.readString(study));
        Files.writeString(out.resolve("status.json"), "{\"state\": \"finished\", \"kind\": \"study\"}");
        CliRun again = CliRun.of("study", study.toString(), "--resume", "--out", out.toString());
        assertEquals(2, again.code(), again.err());
        assertEquals("error: " + out.resolve("status.json") + ": nothing to resume: the study here has finished "
                + "(study.md holds its table); compare or report it (workbench compare " + out + ", workbench "
                + "report), or start a new one with another --out\n", again.err());
        // the refusal touched nothing: status.json still says finished
        assertEquals("{\"state\": \"finished\", \"kind\": \"study\"}", Files.readString(out.resolve("status.json")));
    }
}
