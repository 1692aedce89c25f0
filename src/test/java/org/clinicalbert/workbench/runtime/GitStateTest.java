package org.clinicalbert.workbench.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class GitStateTest {

    private static final String A = "0123456789abcdef0123456789abcdef01234567";
    private static final String B = "89abcdef0123456789abcdef0123456789abcdef";

    @Test
    void theCommitIsReadFromLooseAndPackedRefsAndADetachedHead(@TempDir Path repo) throws Exception {
        Path git = Files.createDirectories(repo.resolve(".git/refs/heads"));
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("main"), A + "\n");
        Path sub = Files.createDirectories(repo.resolve("a/b"));
        assertEquals(A, GitState.of(sub).commit(), "found from a folder below the repository root");

        Files.delete(git.resolve("main"));
        Files.writeString(repo.resolve(".git/packed-refs"), "# pack-refs with: peeled\n" + B + " refs/heads/main\n");
        assertEquals(B, GitState.readCommit(repo.resolve(".git")));

        Files.writeString(repo.resolve(".git/HEAD"), A + "\n");
        assertEquals(A, GitState.readCommit(repo.resolve(".git")));
    }

    @Test
    void aWorktreeReadsHeadInItsOwnFolderAndRefsInTheCommonOne(@TempDir Path dir) throws Exception {
        Path common = Files.createDirectories(dir.resolve("main/.git/refs/heads"));
        Files.writeString(common.resolve("health"), B + "\n");
        Path own = Files.createDirectories(dir.resolve("main/.git/worktrees/wt"));
        Files.writeString(own.resolve("HEAD"), "ref: refs/heads/health\n");
        Files.writeString(own.resolve("commondir"), "../..\n");
        Path tree = Files.createDirectories(dir.resolve("wt"));
        Files.writeString(tree.resolve(".git"), "gitdir: " + own + "\n");
        assertEquals(B, GitState.of(tree).commit());
    }

    @Test
    void outsideARepositoryEverythingIsNull(@TempDir Path dir) {
        GitState s = GitState.of(dir);
        // a temp folder may sit below a repository on some machines; only then would a commit be found
        if (s.commit() == null) {
            assertNull(s.dirty());
        }
        assertEquals(new GitState(null, null), new GitState(null, null));
    }
}
