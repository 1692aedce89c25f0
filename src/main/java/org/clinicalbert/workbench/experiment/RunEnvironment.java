package org.clinicalbert.workbench.experiment;

import org.clinicalbert.workbench.modelfolder.ModelFolder;
import org.clinicalbert.workbench.runtime.GitState;
import org.clinicalbert.workbench.runtime.LibraryVersions;
import org.clinicalbert.workbench.runtime.MachineFacts;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code environment.json}: when a run started, its seed, the git state of the code and the machine facts
 * ({@link MachineFacts}, the keys every output uses), with the workbench and library versions from the class path.
 */
public final class RunEnvironment {

    private RunEnvironment() {
    }

    /** The environment of a run: the facts above, with its seed, and the model folder it started from. */
    static Map<String, Object> capture(RunContext context, ModelFolder model) {
        Map<String, Object> env = capture(context.config().train().seed(), context.options().workingDir());
        env.put("model_dir", context.model().dir().toAbsolutePath().toString());
        env.put("checkpoint", model.checkpointPrefix().toString());
        env.put("model_layout", model.layout().name());
        env.put("do_lower_case", model.doLowerCase());
        env.put("do_lower_case_from", model.casing().source().description());
        return env;
    }

    public static Map<String, Object> capture(long seed, Path workingDir) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("started", Instant.now().toString());
        env.put("seed", seed);
        env.putAll(MachineFacts.capture().toMap());
        env.put("workbench_version", LibraryVersions.workbench());
        env.put("libraries", LibraryVersions.libraries());
        GitState git = GitState.of(workingDir);
        env.put("git_commit", git.commit());
        env.put("git_dirty", git.dirty());
        return env;
    }
}
