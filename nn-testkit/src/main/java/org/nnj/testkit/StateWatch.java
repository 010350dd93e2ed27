package org.nnj.testkit;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an object holds, field by field, to see whether a computation wrote to it: a plugin shared by threads that
 * writes to its own fields (a memo cache, a counter, scratch arrays) races, and a race shows only sometimes. Looking
 * at the fields shows it every time.
 *
 * <p>The walk follows the fields of the project's and the plugin's classes (not of the JDK's: those are compared
 * by value when they are boxed numbers, strings, atomics, arrays, collections or maps, and by identity otherwise),
 * into arrays and through references, once per object. Fields whose class cannot be opened are skipped.
 */
final class StateWatch {
    private static final int MAX_ELEMENTS = 100_000;

    private StateWatch() {
    }

    /** Every field reachable from {@code root}, by path ({@code "lastZ"}, {@code "inner.cache[3]"}). */
    static Map<String, Object> snapshot(Object root) {
        Map<String, Object> out = new LinkedHashMap<>();
        walk(root, "", out, new IdentityHashMap<>());
        return out;
    }

    /** One line per path whose value differs between the two snapshots (at most {@code limit}). */
    static List<String> differences(Map<String, Object> before, Map<String, Object> after, int limit) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : after.entrySet()) {
            if (out.size() == limit) {
                break;
            }
            Object was = before.get(e.getKey());
            if (!before.containsKey(e.getKey())) {
                out.add(e.getKey() + " appeared, holding " + e.getValue());
            } else if (!Objects.equals(was, e.getValue())) {
                out.add(e.getKey() + " went from " + was + " to " + e.getValue());
            }
        }
        for (String key : before.keySet()) {
            if (out.size() < limit && !after.containsKey(key)) {
                out.add(key + " disappeared (it held " + before.get(key) + ")");
            }
        }
        return out;
    }

    private static void walk(Object o, String path, Map<String, Object> out, IdentityHashMap<Object, Boolean> seen) {
        if (o == null) {
            out.put(path, "null");
            return;
        }
        Class<?> c = o.getClass();
        if (o instanceof Double || o instanceof Float || o instanceof Long || o instanceof Integer
                || o instanceof Short || o instanceof Byte || o instanceof String || o instanceof Boolean
                || o instanceof Character || o instanceof Enum<?> || o instanceof Class<?>) {
            out.put(path, o);
            return;
        }
        if (o instanceof Number) {
            out.put(path, o.toString()); // AtomicLong, BigDecimal, ...: mutable ones compare by identity
            return;
        }
        if (seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (c.isArray()) {
            int n = Array.getLength(o);
            out.put(path + ".length", n);
            for (int i = 0; i < Math.min(n, MAX_ELEMENTS); i++) {
                walk(Array.get(o, i), path + "[" + i + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> || o instanceof java.util.Collection<?>) {
            out.put(path, String.valueOf(o));
            return;
        }
        if (isJdk(c)) {
            out.put(path, c.getName().startsWith("java.util.concurrent.atomic.") ? o.toString()
                    : c.getName() + "@" + Integer.toHexString(System.identityHashCode(o)));
            return;
        }
        for (Class<?> k = c; k != null && !isJdk(k); k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                } catch (RuntimeException inaccessible) {
                    continue;
                }
                Object v;
                try {
                    v = f.get(o);
                } catch (IllegalAccessException e) {
                    continue;
                }
                walk(v, path.isEmpty() ? f.getName() : path + "." + f.getName(), out, seen);
            }
        }
    }

    private static boolean isJdk(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
                || n.startsWith("com.sun.");
    }
}
