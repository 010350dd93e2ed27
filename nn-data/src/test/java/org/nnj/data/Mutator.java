package org.nnj.data;

import java.util.Arrays;
import java.util.Random;

/** Byte-level mutations of a valid file: flips, interesting bytes, truncation, junk insertion, deletion, repeats. */
final class Mutator {
    private static final byte[] INTERESTING = {0, (byte) 0xff, (byte) 0x7f, (byte) 0x80, 1, '\n', '\r', ',', ';',
        '"', ' ', '-', '.', 'e', 'N', '9', '0', (byte) 0x1f, (byte) 0x8b, 0x08};
    private static final String[] JUNK = {"NaN", "Infinity", "-inf", "\"", "\"\"", ",,,", "\n\n", "\r\n", "1e999",
        "abc", "\uFEFF", "é", "0x1p3", "1f", "  ", "\t", "99999999999", "-0", ";"};

    private Mutator() {
    }

    static byte[] mutate(byte[] base, long seed) {
        Random r = new Random(seed);
        byte[] b = base.clone();
        int n = 1 + r.nextInt(6);
        for (int k = 0; k < n; k++) {
            b = once(b, r);
        }
        return b;
    }

    private static byte[] once(byte[] b, Random r) {
        int len = b.length;
        int at = len == 0 ? 0 : r.nextInt(len);
        switch (r.nextInt(7)) {
            case 0:
                if (len > 0) {
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            case 1:
                if (len > 0) {
                    b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
                }
                return b;
            case 2:
                return Arrays.copyOf(b, len == 0 ? 0 : r.nextInt(len));
            case 3:
                return insert(b, at, JUNK[r.nextInt(JUNK.length)].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case 4: {
                int end = Math.min(len, at + 1 + r.nextInt(16));
                byte[] out = new byte[len - (end - at)];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, end, out, at, len - end);
                return out;
            }
            case 5: {
                int end = Math.min(len, at + 1 + r.nextInt(64));
                return insert(b, at, Arrays.copyOfRange(b, at, end));
            }
            default: {
                byte[] junk = new byte[1 + r.nextInt(8)];
                r.nextBytes(junk);
                return insert(b, at, junk);
            }
        }
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(b, at, out, at + what.length, b.length - at);
        return out;
    }
}
