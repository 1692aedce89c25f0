package org.clinicalbert.workbench.bench;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One side's step grouped by {@link ProfileCategory}, per step: the op time of each group, the optimizer, and the
 * framework's overhead, i.e. the step's wall time less everything measured inside it (for the workbench, less the
 * SameDiff op times from {@link OpTimeListener} and the optimizer; for torch, less the self CPU time of every
 * event torch.profiler recorded, with the autograd engine's own events counted as overhead). The groups therefore
 * add up to the wall time. Also the number of ops the framework ran per step and the mean overhead per op.
 *
 * @param wallSeconds  the mean profiled step
 * @param opsPerStep   ops executed per step, framework events and the optimizer's ops left out
 * @param seconds      per step, every category present (0 where none of its ops ran)
 */
public record CategoryProfile(double wallSeconds, double opsPerStep, Map<ProfileCategory, Double> seconds) {

    public CategoryProfile {
        EnumMap<ProfileCategory, Double> all = new EnumMap<>(ProfileCategory.class);
        for (ProfileCategory c : ProfileCategory.values()) {
            all.put(c, seconds.getOrDefault(c, 0.0));
        }
        seconds = java.util.Collections.unmodifiableMap(all);
    }

    /**
     * Groups {@code ops} (summed over {@code steps} profiled steps that took {@code wallSeconds} in all, of which
     * {@code optimizerSeconds} ran outside the profiled ops: the workbench's optimizer is plain ND4J, not SameDiff).
     */
    public static CategoryProfile of(ProfileCategory.Dimensions dimensions, List<OpTime> ops, int steps,
                                     double wallSeconds, double optimizerSeconds) {
        if (steps <= 0) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        EnumMap<ProfileCategory, Double> total = new EnumMap<>(ProfileCategory.class);
        total.put(ProfileCategory.OPTIMIZER, optimizerSeconds);
        double measured = optimizerSeconds;
        long calls = 0;
        for (OpTime t : ops) {
            ProfileCategory c = dimensions.categoryOf(t.kind());
            total.merge(c, t.seconds(), Double::sum);
            measured += t.seconds();
            if (c != ProfileCategory.FRAMEWORK_OVERHEAD && c != ProfileCategory.OPTIMIZER) {
                calls += t.calls();
            }
        }
        total.merge(ProfileCategory.FRAMEWORK_OVERHEAD, wallSeconds - measured, Double::sum);
        total.replaceAll((c, s) -> s / steps);
        return new CategoryProfile(wallSeconds / steps, (double) calls / steps, total);
    }

    public double overheadSeconds() {
        return seconds.get(ProfileCategory.FRAMEWORK_OVERHEAD);
    }

    /** Framework overhead per op executed: what each op costs beyond its own work. */
    public double overheadPerOpSeconds() {
        return opsPerStep > 0 ? overheadSeconds() / opsPerStep : Double.NaN;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wall_seconds_per_step", wallSeconds);
        m.put("ops_per_step", opsPerStep);
        m.put("overhead_per_op_seconds", overheadPerOpSeconds());
        Map<String, Object> s = new LinkedHashMap<>();
        seconds.forEach((c, v) -> s.put(c.key(), v));
        m.put("seconds_per_step", s);
        return m;
    }

    /**
     * Markdown: category | workbench s | torch s | difference, then the wall time, op counts and overhead per op;
     * {@code torch} null (not run) leaves its columns as "-".
     */
    public static String sideBySide(CategoryProfile workbench, CategoryProfile torch) {
        StringBuilder sb = new StringBuilder("| category | workbench s | torch s | difference s |\n|---|---|---|---|\n");
        for (ProfileCategory c : ProfileCategory.values()) {
            row(sb, c.label(), workbench.seconds.get(c), torch == null ? Double.NaN : torch.seconds.get(c), "%.3f", 1);
        }
        row(sb, "**step (wall)**", workbench.wallSeconds, torch == null ? Double.NaN : torch.wallSeconds, "%.3f", 1);
        row(sb, "ops per step", workbench.opsPerStep, torch == null ? Double.NaN : torch.opsPerStep, "%.0f", 1);
        row(sb, "overhead per op, µs", workbench.overheadPerOpSeconds(),
                torch == null ? Double.NaN : torch.overheadPerOpSeconds(), "%.1f", 1e6);
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, double workbench, double torch, String format, double scale) {
        String plus = "%+" + format.substring(1);
        sb.append("| ").append(name).append(" | ").append(fmt(format, workbench * scale)).append(" | ")
                .append(Double.isNaN(torch) ? "-" : fmt(format, torch * scale)).append(" | ")
                .append(Double.isNaN(torch) ? "-" : fmt(plus, (workbench - torch) * scale)).append(" |\n");
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }
}
