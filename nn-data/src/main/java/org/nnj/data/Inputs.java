package org.nnj.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nnj.api.DataException;

/** Opening inputs: buffered, with gzip detected by its magic bytes {@code 1f 8b}. Internal to this package. */
final class Inputs {
    static final int BUFFER = 1 << 16;

    private Inputs() {
    }

    /** Opens {@code file}, decompressing when it starts with the gzip magic bytes. */
    static InputStream open(Path file) {
        String source = file.toString();
        try {
            return decompressIfGzip(new BufferedInputStream(rawStream(file), BUFFER), source);
        } catch (NoSuchFileException e) {
            throw new DataException(source, -1, null, "file not found", e);
        } catch (AccessDeniedException e) {
            throw new DataException(source, -1, null, "permission denied", e);
        } catch (IOException e) {
            throw new DataException(source, -1, null, "cannot open: " + e, e);
        }
    }

    /**
     * A regular file through NIO; anything else on the default file system (a pipe such as {@code /dev/stdin}, a
     * FIFO, a device) through {@link FileInputStream}: NIO's stream asks the channel for its position to answer
     * {@code available()}, which a pipe refuses with "Illegal seek".
     */
    private static InputStream rawStream(Path file) throws IOException {
        if (file.getFileSystem() == FileSystems.getDefault() && Files.exists(file) && !Files.isRegularFile(file)
                && !Files.isDirectory(file)) {
            return new FileInputStream(file.toFile());
        }
        return Files.newInputStream(file);
    }

    /** Wraps {@code in} (which must support mark/reset) in a gzip decoder when it starts with {@code 1f 8b}. */
    static InputStream decompressIfGzip(InputStream in, String source) {
        try {
            if (isGzip(in)) {
                return new GZIPInputStream(in, BUFFER);
            }
            return in;
        } catch (IOException e) {
            closeQuietly(in, e);
            throw readError(source, -1, e);
        }
    }

    static InputStream open(byte[] content, String source) {
        return decompressIfGzip(new ByteArrayInputStream(content), source);
    }

    static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** A {@link DataException} for an I/O failure while reading, naming the line when known. */
    static DataException readError(String source, long line, IOException e) {
        String problem;
        if (e instanceof EOFException) {
            problem = "truncated gzip data (" + e.getMessage() + ")";
        } else if (e instanceof ZipException) {
            problem = "corrupt gzip data (" + e.getMessage() + ")";
        } else if (e instanceof CharacterCodingException) {
            problem = "not valid UTF-8 text (" + e + ")";
        } else {
            problem = "cannot read: " + e;
        }
        return new DataException(source, line, null, problem, e);
    }

    static void closeQuietly(InputStream in, Exception primary) {
        try {
            in.close();
        } catch (IOException suppressed) {
            primary.addSuppressed(suppressed);
        }
    }
}
