package org.clinicalbert.workbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packages of {@code src/main/java} and the import rule each one's {@code package-info.java} states in its
 * "Must not import:" paragraph, read from the source tree (tests run with the module root as working directory).
 */
final class PackageRules {

    static final String ROOT_PACKAGE = "org.clinicalbert.workbench";
    static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern CODE = Pattern.compile("\\{@code\\s+([^}]+)}");
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.clinicalbert\\.workbench((?:\\.[a-z_][a-z0-9_]*)+)\\.[A-Z]");

    private PackageRules() {
    }

    /** Every package (relative name, "" for none) that holds a Java file, with its folder. */
    static TreeMap<String, Path> packages() {
        TreeMap<String, Path> out = new TreeMap<>();
        Path base = SOURCES.resolve(ROOT_PACKAGE.replace('.', '/'));
        try (Stream<Path> s = Files.walk(base)) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                Path dir = p.getParent();
                out.put(base.relativize(dir).toString().replace('/', '.').replace('\\', '.'), dir);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The packages a package-info's "Must not import:" paragraph forbids, as full names: the {@code {@code ...}}
     * names before the parenthesised reason, relative to the workbench's root unless they are full names.
     * Null when the file states no such paragraph.
     */
    static List<String> forbidden(String packageInfo) {
        String text = packageInfo.replaceAll("(?m)^\\s*\\*\\s?", " ").replaceAll("\\s+", " ");
        int at = text.indexOf("Must not import:");
        if (at < 0) {
            return null;
        }
        String rule = text.substring(at + "Must not import:".length());
        int reason = rule.indexOf(" (");
        if (reason >= 0) {
            rule = rule.substring(0, reason);
        }
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(rule);
        while (m.find()) {
            String name = m.group(1).trim();
            out.add(name.startsWith("org.") ? name : ROOT_PACKAGE + "." + name);
        }
        return out;
    }

    /** The workbench packages a Java source refers to (imports and qualified names), comments left out. */
    static List<String> references(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", " ");
        List<String> out = new ArrayList<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            out.add(ROOT_PACKAGE + m.group(1));
        }
        return out;
    }

    /** Whether {@code referenced} falls under {@code rule} (the package or one below it). */
    static boolean covers(String rule, String referenced) {
        return referenced.equals(rule) || referenced.startsWith(rule + ".");
    }
}
