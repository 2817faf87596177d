package io.github.vedirect.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the keys in a user's settings that the logger does not know ({@code csv.colums}), each with the
 * nearest key it does know: an ignored typo would otherwise look like a setting that does nothing.
 */
public final class UnknownSettings {

    /**
     * The first parts of the logger's own keys: a -D key starting with another (java., user.) is not ours.
     * {@code prometheus.} is none of ours, but where a user looks for the /metrics endpoint (status.port).
     */
    private static final Set<String> OURS = ours();

    private static Set<String> ours() {
        Set<String> firsts = new TreeSet<>(Set.of("prometheus"));
        for (Setting setting : Setting.values()) {
            firsts.add(setting.key().substring(0, setting.key().indexOf('.')));
        }
        return Set.copyOf(firsts);
    }

    private UnknownSettings() {
    }

    /**
     * One warning line for each key of {@code given} that is neither a setting of the catalogue ({@link Setting}),
     * one of its families with a name after it ({@code vedirect.port.house}), nor Camel's.
     *
     * @param given the user's keys (their application.properties, and -D keys that start like ours)
     */
    public static List<String> warnings(Set<String> given) {
        Set<String> known = new TreeSet<>(Setting.plainKeys());
        List<String> named = Setting.namedPrefixes();
        List<String> warnings = new ArrayList<>();
        for (String key : new TreeSet<>(given)) {
            if (known.contains(key) || key.startsWith("camel.") || named.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length())) {
                continue;
            }
            String nearest = nearest(key, known);
            warnings.add("Unknown setting " + key + " (ignored)" + (nearest == null ? "" : "; did you mean " + nearest + "?"));
        }
        return warnings;
    }

    /** Whether a -D key looks like one of ours, so that a typo there is caught too. */
    public static boolean looksLikeOurs(String key) {
        int dot = key.indexOf('.');
        return dot > 0 && OURS.contains(key.substring(0, dot));
    }

    private static String nearest(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int distance = distance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // Beyond a few edits the "nearest" key is a guess that would mislead more than help.
        return bestDistance <= Math.max(2, key.length() / 4) ? best : null;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
