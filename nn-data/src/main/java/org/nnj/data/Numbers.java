package org.nnj.data;

import java.util.Locale;

/**
 * Strict decimal number parsing for data cells: optional sign, digits with an optional fraction, an optional
 * exponent, surrounding spaces and tabs ignored. Java's extras ({@code 1f}, {@code 0x1p3}) are refused, and
 * NaN and infinities get their own message. Internal.
 */
final class Numbers {
    private Numbers() {
    }

    /** The number in {@code text}, or {@code null} when it is not one; never NaN or infinite. */
    static Double parseOrNull(String text) {
        String s = text.strip();
        return isDecimal(s) ? finiteOrNull(Double.parseDouble(s)) : null;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * Why {@code text} is not a finite number, or {@code null} when it is one. Worded as
     * "expected ..., found ..." for a {@link org.nnj.api.DataException}.
     */
    static String problem(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return "empty cell; expected a number";
        }
        if (!isDecimal(s)) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.matches("[+-]?(nan|inf|infinity)")) {
                return "expected a finite number, found " + quote(s);
            }
            return "expected a number, found " + quote(s);
        }
        if (!Double.isFinite(Double.parseDouble(s))) {
            return "expected a finite number, found " + quote(s) + " (outside the float64 range)";
        }
        return null;
    }

    static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code text} in quotes, cut to 40 characters, for messages. */
    static String quote(String text) {
        String t = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return "\"" + t + "\"";
    }

    /** The value of {@code text} when it is an integer-valued number within int range, else {@code null}. */
    static Integer integerOrNull(String text) {
        Double d = parseOrNull(text);
        if (d == null || d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            return null;
        }
        return d.intValue();
    }
}
