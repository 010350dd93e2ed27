package org.nnj.examples;

import java.nio.ByteBuffer;

/** The bytes of an IDX file of unsigned bytes (type 0x08) with the given dimensions, for tests that write data. */
final class IdxBytes {
    private IdxBytes() {
    }

    static byte[] of(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt((0x08 << 8) | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }
}
