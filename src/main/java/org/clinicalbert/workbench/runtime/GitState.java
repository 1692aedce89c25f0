package org.clinicalbert.workbench.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The git commit of the code a process runs, and whether the work tree differed from it, for provenance. The commit
 * is read from the {@code .git} files themselves (HEAD, a loose ref or packed-refs; a worktree's {@code .git} file
 * pointing elsewhere), so it is known without a git executable; "dirty" needs {@code git status} and is null where
 * git is absent. Outside a repository both are null. Never throws: provenance must not fail a run.
 *
 * @param commit 40 hex digits, or null
 * @param dirty  true when tracked or untracked files differ from the commit; null when unknown
 */
public record GitState(String commit, Boolean dirty) {

    /** The state of the repository holding {@code dir} (searched upwards). */
    public static GitState of(Path dir) {
        Path gitDir = findGitDir(dir.toAbsolutePath().normalize());
        if (gitDir == null) {
            return new GitState(null, null);
        }
        String commit = readCommit(gitDir);
        String status = run(dir, "git", "status", "--porcelain");
        return new GitState(commit, status == null ? null : !status.isBlank());
    }

    private static Path findGitDir(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            try {
                if (Files.isDirectory(git)) {
                    return git;
                }
                if (Files.isRegularFile(git)) {
                    // a worktree or submodule: "gitdir: <path>"
                    String line = Files.readString(git, StandardCharsets.UTF_8).trim();
                    if (line.startsWith("gitdir:")) {
                        return d.resolve(line.substring("gitdir:".length()).trim()).normalize();
                    }
                }
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    static String readCommit(Path gitDir) {
        try {
            String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).trim();
            if (!head.startsWith("ref:")) {
                return head.matches("[0-9a-f]{40}") ? head : null;
            }
            String ref = head.substring("ref:".length()).trim();
            // a worktree keeps HEAD in its own folder but refs in the common one
            Path common = gitDir;
            Path commonFile = gitDir.resolve("commondir");
            if (Files.isRegularFile(commonFile)) {
                common = gitDir.resolve(Files.readString(commonFile, StandardCharsets.UTF_8).trim()).normalize();
            }
            for (Path base : new Path[]{gitDir, common}) {
                Path loose = base.resolve(ref);
                if (Files.isRegularFile(loose)) {
                    return Files.readString(loose, StandardCharsets.UTF_8).trim();
                }
            }
            for (Path base : new Path[]{gitDir, common}) {
                Path packed = base.resolve("packed-refs");
                if (Files.isRegularFile(packed)) {
                    for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                        if (line.endsWith(" " + ref) && line.length() > 41) {
                            return line.substring(0, 40);
                        }
                    }
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A command's output, or null where it is absent, fails or hangs. */
    private static String run(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
