package org.nnj.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import org.nnj.api.DataException;

/**
 * An IDX file's bytes and what is known about their size before reading: the exact size for a raw file;
 * for a gzip file the compressed size and the trailer's ISIZE (the uncompressed size modulo 2^32). Internal.
 */
final class IdxInput {
    final String source;
    final boolean gzip;
    /** The bytes in the file (compressed size when gzip). */
    final long fileSize;
    /** The gzip trailer's uncompressed size modulo 2^32, or -1 when not gzip. */
    final long isize;
    private final Path path;
    private final byte[] bytes;

    private IdxInput(String source, boolean gzip, long fileSize, long isize, Path path, byte[] bytes) {
        this.source = source;
        this.gzip = gzip;
        this.fileSize = fileSize;
        this.isize = isize;
        this.path = path;
        this.bytes = bytes;
    }

    static IdxInput of(Path file) {
        String source = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(2);
            ch.read(head, 0);
            boolean gzip = size >= 2 && (head.get(0) & 0xff) == 0x1f && (head.get(1) & 0xff) == 0x8b;
            long isize = -1;
            if (gzip && size >= 18) {
                ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(tail, size - 4);
                isize = Integer.toUnsignedLong(tail.getInt(0));
            }
            return new IdxInput(source, gzip, size, isize, file, null);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException(source, -1, null, "file not found", e);
        } catch (IOException e) {
            throw new DataException(source, -1, null, "cannot open: " + e, e);
        }
    }

    static IdxInput of(byte[] content, String source) {
        boolean gzip = Inputs.isGzip(content);
        long isize = -1;
        int n = content.length;
        if (gzip && n >= 18) {
            isize = (content[n - 4] & 0xffL) | (content[n - 3] & 0xffL) << 8 | (content[n - 2] & 0xffL) << 16
                    | (content[n - 1] & 0xffL) << 24;
        }
        return new IdxInput(source, gzip, n, isize, null, content);
    }

    /** A fresh buffered, decompressed stream over the content. */
    InputStream open() throws IOException {
        InputStream raw = path != null ? Files.newInputStream(path) : new ByteArrayInputStream(bytes);
        return gzip ? new GZIPInputStream(raw, Inputs.BUFFER) : raw;
    }
}
