package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.function.Executable;
import org.nnj.api.DataException;

/** Shared helpers: test resources, expected errors, IDX and gzip bytes. */
final class TestFiles {
    private TestFiles() {
    }

    static Path resource(String name) {
        URL url = TestFiles.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts a {@link DataException} whose message contains every fragment; returns it. */
    static DataException assertDataError(Executable action, String... fragments) {
        DataException e = assertThrows(DataException.class, action);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "expected \"" + f + "\" in: " + e.getMessage());
        }
        return e;
    }

    /** An IDX file: magic 00 00 type ndims, the big-endian dims, then {@code data}. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt((type << 8) | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
