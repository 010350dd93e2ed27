package org.nnj.data;

import java.util.ArrayList;
import java.util.List;

/** Helpers for error messages. Internal. */
final class Messages {
    private Messages() {
    }

    /** A list like {@code [a, b, c, ... (12 more)]} with at most {@code max} items shown. */
    static String shortList(List<String> items, int max) {
        if (items.size() <= max) {
            return items.toString();
        }
        List<String> head = new ArrayList<>(items.subList(0, max));
        head.add("... (" + (items.size() - max) + " more)");
        return head.toString();
    }
}
