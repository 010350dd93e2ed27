package org.nnj.io;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Random edits of a byte array, for the fuzz properties. */
final class Mutations {
    private Mutations() {
    }

    /** One random edit: a byte replaced or bit-flipped, a token inserted, a range deleted or duplicated. */
    static byte[] mutate(byte[] b, Random r, String[] tokens) {
        if (b.length == 0) {
            return tokens[r.nextInt(tokens.length)].getBytes(StandardCharsets.UTF_8);
        }
        int at = r.nextInt(b.length);
        switch (r.nextInt(6)) {
            case 0: {
                byte[] c = b.clone();
                c[at] = (byte) r.nextInt(256);
                return c;
            }
            case 1: {
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << r.nextInt(8));
                return c;
            }
            case 2: {
                byte[] t = tokens[r.nextInt(tokens.length)].getBytes(StandardCharsets.UTF_8);
                return splice(b, at, 0, t);
            }
            case 3: {
                int len = Math.min(b.length - at, 1 + r.nextInt(12));
                return splice(b, at, len, new byte[0]);
            }
            case 4: {
                int len = Math.min(b.length - at, 1 + r.nextInt(40));
                byte[] dup = java.util.Arrays.copyOfRange(b, at, at + len);
                return splice(b, at, 0, dup);
            }
            default:
                return java.util.Arrays.copyOf(b, at);
        }
    }

    static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] c = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(insert, 0, c, at, insert.length);
        System.arraycopy(b, at + remove, c, at + insert.length, b.length - at - remove);
        return c;
    }
}
