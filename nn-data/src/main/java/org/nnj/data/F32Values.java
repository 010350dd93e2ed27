package org.nnj.data;

// @twin
/**
 * The per-value loops of this module's readers and transforms on float32 arrays; {@code F64Values}, their float64
 * twin, is generated from this file at build time (tools/codegen/Twins.java), so each loop is written once.
 * Values are computed in double and rounded once to the arrays' precision.
 */
final class F32Values {
    private F32Values() {
    }

    /** {@code d = (d - shift[c]) * factor[c]} over {@code rows} rows of {@code shift.length} values from {@code at}. */
    static void affine(float[] d, int at, int rows, double[] shift, double[] factor) {
        int cols = shift.length;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, at++) {
                d[at] = (float) ((d[at] - shift[c]) * factor[c]);
            }
        }
    }

    /** The value of each unsigned byte: {@code b * factor}. */
    static float[] byteTable(double factor) {
        float[] table = new float[256];
        for (int b = 0; b < 256; b++) {
            table[b] = (float) (b * factor);
        }
        return table;
    }

    /** {@code data[at + i] = table[block[i]]} for the first {@code n} (unsigned) bytes of {@code block}. */
    static void lookup(byte[] block, int n, float[] table, float[] data, int at) {
        for (int i = 0; i < n; i++) {
            data[at + i] = table[block[i] & 0xff];
        }
    }

    /**
     * Copies rows {@code rows[from .. from+count)} of the {@code cols}-wide rows starting at {@code s[so]} into the
     * consecutive rows starting at {@code d[dOffset]}.
     */
    static void gather(float[] s, int so, int[] rows, int from, int count, int cols, float[] d, int dOffset) {
        for (int i = 0; i < count; i++) {
            System.arraycopy(s, so + rows[from + i] * cols, d, dOffset + i * cols, cols);
        }
    }
}
