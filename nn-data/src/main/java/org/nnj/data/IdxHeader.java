package org.nnj.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.nnj.api.DataException;

/**
 * The header of an IDX file ({@code 00 00 type ndims}, then {@code ndims} big-endian unsigned 32-bit sizes),
 * checked against what the file can hold before anything large is allocated. Internal.
 */
final class IdxHeader {
    static final int UNSIGNED_BYTE = 0x08;
    /** Largest element count of one Java array. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    /** DEFLATE cannot expand more than 1032:1; a header claiming more than that is lying. */
    static final long MAX_DEFLATE_RATIO = 1032;

    final int type;
    final int[] dims;

    private IdxHeader(int type, int[] dims) {
        this.type = type;
        this.dims = dims;
    }

    /** Items (the first dimension). */
    int count() {
        return dims[0];
    }

    /** Values per item: the product of the other dimensions. */
    int itemSize() {
        long p = 1;
        for (int i = 1; i < dims.length; i++) {
            p *= dims[i];
        }
        return (int) p;
    }

    int headerBytes() {
        return 4 + 4 * dims.length;
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        for (int d : dims) {
            sb.append(sb.length() == 0 ? "" : " x ").append(d);
        }
        return sb.toString();
    }

    /**
     * Reads and checks the header.
     *
     * @param minDims fewest dimensions accepted
     * @param maxDims most dimensions accepted
     * @param what    "image" or "label", for messages
     */
    static IdxHeader read(InputStream in, IdxInput input, int minDims, int maxDims, String what) throws IOException {
        DataInputStream din = new DataInputStream(in);
        int magic;
        try {
            magic = din.readInt();
        } catch (EOFException e) {
            throw new DataException(input.source, "truncated header: expected at least 4 bytes (the IDX magic number), "
                    + "found " + input.fileSize + (input.gzip ? " compressed" : ""));
        }
        int type = (magic >>> 8) & 0xff;
        int ndims = magic & 0xff;
        if ((magic >>> 16) != 0) {
            throw new DataException(input.source, String.format("wrong magic number 0x%08X; expected 0x0000TTNN "
                    + "(two zero bytes, the type code, the number of dimensions) as in an IDX file", magic));
        }
        if (type != UNSIGNED_BYTE) {
            throw new DataException(input.source, String.format("unsupported type code 0x%02X (%s); expected 0x08 "
                    + "(unsigned byte)", type, typeName(type)));
        }
        if (ndims < minDims || ndims > maxDims) {
            throw new DataException(input.source, "expected " + (minDims == maxDims ? "" + minDims : minDims + ".." + maxDims)
                    + " dimensions for " + what + "s, found " + ndims
                    + (ndims == 1 ? " (a label file?)" : ndims >= 2 && maxDims == 1 ? " (an image file?)" : ""));
        }
        int[] dims = new int[ndims];
        for (int i = 0; i < ndims; i++) {
            try {
                dims[i] = din.readInt();
            } catch (EOFException e) {
                throw new DataException(input.source, "truncated header: expected " + ndims + " dimension sizes, found "
                        + i);
            }
        }
        IdxHeader h = new IdxHeader(type, dims);
        h.checkSizes(input, what);
        return h;
    }

    private void checkSizes(IdxInput input, String what) {
        long values = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = Integer.toUnsignedLong(dims[i]);
            if (d == 0) {
                throw new DataException(input.source, "dimension " + (i + 1) + " of " + describeUnsigned()
                        + " is 0; expected at least 1 " + (i == 0 ? what : "value"));
            }
            if (d > MAX_VALUES || (values *= d) > MAX_VALUES) { // both factors < 2^31 here: no overflow
                throw new DataException(input.source, "header dimensions " + describeUnsigned() + " make more than "
                        + MAX_VALUES + " values; expected at most that many (one Java array)");
            }
        }
        long expected = headerBytes() + values;
        if (!input.gzip && input.fileSize != expected) {
            throw new DataException(input.source, "header dimensions " + describe() + " need " + values
                    + " data bytes (" + expected + " bytes with the header), but the file has " + input.fileSize
                    + " bytes" + (input.fileSize < expected ? " (truncated)" : " (extra bytes at the end)"));
        }
        if (input.gzip) {
            if (input.isize >= 0 && input.isize != (expected & 0xffffffffL)) {
                throw new DataException(input.source, "header dimensions " + describe() + " need " + expected
                        + " bytes uncompressed, but the gzip trailer records " + input.isize + " bytes");
            }
            if (expected > input.fileSize * MAX_DEFLATE_RATIO + 1024) {
                throw new DataException(input.source, "header dimensions " + describe() + " need " + expected
                        + " bytes uncompressed; expected at most " + MAX_DEFLATE_RATIO + " times the "
                        + input.fileSize + " compressed bytes");
            }
        }
    }

    private String describeUnsigned() {
        StringBuilder sb = new StringBuilder();
        for (int d : dims) {
            sb.append(sb.length() == 0 ? "" : " x ").append(Integer.toUnsignedString(d));
        }
        return sb.toString();
    }

    static String typeName(int type) {
        switch (type) {
            case 0x08: return "unsigned byte";
            case 0x09: return "signed byte";
            case 0x0B: return "short";
            case 0x0C: return "int";
            case 0x0D: return "float";
            case 0x0E: return "double";
            default: return "unknown";
        }
    }

    @Override
    public String toString() {
        return "IdxHeader" + Arrays.toString(dims);
    }
}
