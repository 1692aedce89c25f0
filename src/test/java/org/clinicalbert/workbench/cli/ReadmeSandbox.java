package org.clinicalbert.workbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs a README command line as a user in the project folder would, with everything it writes kept in a temporary
 * folder: the tests run in the project folder (the bundled experiments, data, models and registry are read where the
 * README names them), so the paths a command writes are moved into {@code root}:
 * <ul>
 *   <li>a path argument (an option value or parameter whose type is a {@code Path} in the command, and {@code --out}) that does not
 *       exist in the project is taken relative to {@code root} ({@code results/studies}, {@code exports/demo-hf},
 *       {@code encoded.json});</li>
 *   <li>{@code <run-id>} in a path is the newest run folder there (the README's placeholder for the run just made);</li>
 *   <li>the outputs a command writes by default below {@code results/} are given explicitly below
 *       {@code root/results/}: {@code run}'s {@code output.dir} (from the experiment file), {@code sweep}'s and
 *       {@code study}'s {@code --out} ({@code results/sweeps/<name>}, {@code results/studies/<name>}),
 *       {@code compare}'s, {@code status}'s and {@code report}'s results folder and their {@code --out}.</li>
 * </ul>
 * The command then runs in-process through {@link CliRun}, as the launcher runs it.
 */
final class ReadmeSandbox {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final Path root;

    ReadmeSandbox(Path root) {
        this.root = root;
    }

    Path results() {
        return root.resolve("results");
    }

    CliRun run(String readmeLine) {
        return CliRun.of(args(readmeLine).toArray(String[]::new));
    }

    List<String> args(String readmeLine) {
        List<String> words = split(readmeLine);
        if (!words.get(0).equals("./workbench")) {
            throw new IllegalArgumentException("not a workbench command line: " + readmeLine);
        }
        words = new ArrayList<>(words.subList(1, words.size()));
        if (words.isEmpty() || words.get(0).startsWith("-")) {
            return words;
        }
        int first = words.size() > 1 && ReadmeCommandLines.GROUPS.contains(words.get(0)) ? 2 : 1;
        String command = String.join(" ", words.subList(0, first));
        List<String> out = new ArrayList<>(words.subList(0, first));
        List<String> positional = new ArrayList<>();
        Set<String> options = new java.util.HashSet<>();
        // which words are paths: the command's own option and parameter types (picocli's model of the command)
        CommandLine.Model.CommandSpec spec = Workbench.commandLine().getCommandSpec();
        for (String name : words.subList(0, first)) {
            spec = spec.subcommands().get(name).getCommandSpec();
        }
        for (int i = first; i < words.size(); i++) {
            String w = words.get(i);
            CommandLine.Model.OptionSpec option = w.startsWith("-") ? spec.findOption(w) : null;
            if (option != null) {
                options.add(w);
                out.add(w);
                if (option.arity().max() > 0 && i + 1 < words.size()) {
                    String value = words.get(++i);
                    // --out is a path even where the command takes a URI too (sweep --out hdfs://...)
                    out.add(isPath(option) || w.equals("--out") ? path(value) : value);
                }
            } else if (w.startsWith("-")) {
                out.add(w);
            } else {
                int index = positional.size();
                boolean isPath = spec.positionalParameters().stream()
                        .anyMatch(p -> p.index().contains(index) && isPath(p));
                String value = isPath ? path(w) : w;
                positional.add(value);
                out.add(value);
            }
        }
        if (options.contains("--help") || options.contains("-h")) {
            return out;
        }
        switch (command) {
            case "run" -> {
                if (!options.contains("--spark")) {
                    out.add("--set");
                    out.add("output.dir=" + root.resolve(yaml(positional.get(0)).path("output").path("dir").asText()));
                }
            }
            case "sweep" -> {
                if (!options.contains("--out")) {
                    out.add("--out");
                    out.add(results().resolve("sweeps").resolve(yaml(positional.get(0)).path("name")
                            .asText(stem(positional.get(0)))).toString());
                }
            }
            case "study" -> {
                if (!options.contains("--out")) {
                    out.add("--out");
                    out.add(results().resolve("studies").resolve(yaml(positional.get(0)).path("name").asText())
                            .toString());
                }
            }
            case "compare" -> {
                if (positional.isEmpty()) {
                    out.add(results().toString());
                }
                if (!options.contains("--out")) {
                    out.add("--out");
                    out.add(results().resolve("compare").toString());
                }
            }
            case "status" -> {
                if (positional.isEmpty()) {
                    out.add(results().toString());
                }
            }
            case "report" -> {
                if (positional.isEmpty()) {
                    out.add(results().toString());
                }
                if (!options.contains("--out")) {
                    out.add("--out");
                    out.add(results().resolve("report").toString());
                }
            }
            default -> {
            }
        }
        return out;
    }

    private static boolean isPath(CommandLine.Model.ArgSpec arg) {
        return arg.type() == Path.class || java.util.Arrays.asList(arg.auxiliaryTypes()).contains(Path.class);
    }

    /** A path of the project stays as it is; any other is one in the sandbox; {@code <run-id>} the newest run. */
    private String path(String given) {
        if (Files.exists(Path.of(given))) {
            return given;
        }
        String p = given;
        int at = p.indexOf("<run-id>");
        if (at >= 0) {
            p = p.substring(0, at) + newest(root.resolve(p.substring(0, at))) + p.substring(at + "<run-id>".length());
        }
        return root.resolve(p).toString();
    }

    /** The newest run folder in an experiment's results folder (run folders are named by their start time). */
    static String newest(Path experimentDir) {
        try (Stream<Path> s = Files.list(experimentDir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("status.json")))
                    .map(p -> p.getFileName().toString()).max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("no run folder in " + experimentDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode yaml(String file) {
        try {
            return YAML.readTree(Path.of(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stem(String file) {
        String n = Path.of(file).getFileName().toString();
        return n.substring(0, n.lastIndexOf('.'));
    }

    /** Words as a POSIX shell splits them: white space separates, single and double quotes group. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
