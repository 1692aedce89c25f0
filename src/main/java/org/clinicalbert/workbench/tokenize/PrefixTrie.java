package org.clinicalbert.workbench.tokenize;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A code-point trie over a set of strings, answering "longest member that is a prefix of text[start..]" in one
 * walk. WordPiece needs exactly that; google finds it by trying every shorter substring with a dictionary
 * lookup, which is quadratic in the word length and allocates a string per try.
 */
final class PrefixTrie {

    /** Edges keyed by (node id << 21 | code point); code points fit in 21 bits. */
    private final Map<Long, Integer> edges = new HashMap<>();
    /** Per node: the id of the member ending there, or -1. */
    private int[] memberAt = new int[] {-1};
    private int nodes = 1;

    /**
     * Adds each string in {@code members} that starts with {@code prefix}, without the prefix; empty rests and null
     * members (ids that are no WordPiece entry, such as tokenizer.json's added tokens) skipped.
     */
    static PrefixTrie of(List<String> members, String prefix) {
        PrefixTrie trie = new PrefixTrie();
        for (int i = 0; i < members.size(); i++) {
            String m = members.get(i);
            if (m != null && m.startsWith(prefix) && m.length() > prefix.length()) {
                trie.add(m.substring(prefix.length()), i);
            }
        }
        return trie;
    }

    private void add(String member, int id) {
        int node = 0;
        int i = 0;
        while (i < member.length()) {
            int cp = member.codePointAt(i);
            i += Character.charCount(cp);
            Integer child = edges.get(key(node, cp));
            if (child == null) {
                child = nodes++;
                edges.put(key(node, cp), child);
                if (child == memberAt.length) {
                    int[] grown = Arrays.copyOf(memberAt, memberAt.length * 2);
                    Arrays.fill(grown, memberAt.length, grown.length, -1);
                    memberAt = grown;
                }
            }
            node = child;
        }
        memberAt[node] = id;
    }

    /**
     * The end (exclusive) of the longest member equal to {@code cps[start..end)}, or -1 when none; its member id is
     * written to {@code idOut[0]}.
     */
    int longestPrefix(int[] cps, int start, int[] idOut) {
        int node = 0;
        int bestEnd = -1;
        for (int i = start; i < cps.length; i++) {
            Integer child = edges.get(key(node, cps[i]));
            if (child == null) {
                break;
            }
            node = child;
            if (memberAt[node] >= 0) {
                bestEnd = i + 1;
                idOut[0] = memberAt[node];
            }
        }
        return bestEnd;
    }

    private static long key(int node, int cp) {
        return ((long) node << 21) | cp;
    }
}
