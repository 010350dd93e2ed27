package org.nnj.io.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file atomically: the content goes to a temporary file in the same directory ({@code .name.*.tmp}),
 * is forced to the device ({@code FileChannel.force(true)}), and is then renamed over the target with
 * {@code ATOMIC_MOVE}. A reader, or a process killed at any moment, sees either the old file or the complete new
 * one, never a partial file. On any failure the temporary file is deleted and the target is left as it was.
 *
 * <p>Where the file system refuses {@code ATOMIC_MOVE} (some network and FAT file systems), the rename falls back to
 * a plain {@code REPLACE_EXISTING} move and logs a warning; there a crash during the rename itself could leave
 * no file. After the rename the directory is forced too (not on Windows, which cannot open directories), so the
 * rename survives a power loss.
 */
@API(status = API.Status.INTERNAL)
public final class AtomicFile {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);

    /** Writes the content into the channel it is given. */
    public interface Body {
        void write(WritableByteChannel out) throws IOException;
    }

    /**
     * Tests only (nn-io's own): wraps the temporary file's channel, e.g. to fail in the middle of a write. Public
     * because those tests live in {@code org.nnj.io}; this package is not exported, so nothing outside nn-io (and
     * nn-onnx, to which it is exported) sees it.
     */
    public static volatile UnaryOperator<WritableByteChannel> channelHook;

    private AtomicFile() {
    }

    /**
     * Writes {@code body} to {@code target} atomically.
     *
     * @param what names the file in messages ("model file")
     * @throws UncheckedIOException naming the file when anything fails; the target is then unchanged
     */
    public static void write(Path target, String what, Body body) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                UnaryOperator<WritableByteChannel> hook = channelHook;
                body.write(hook == null ? ch : hook.apply(ch));
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                LOG.warn("{}: the file system cannot rename atomically ({}); replacing the file non-atomically",
                        abs, e.getMessage());
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true);
                }
            }
        } catch (IOException e) {
            UncheckedIOException u = new UncheckedIOException("cannot save the " + what + " " + abs + ": " + e, e);
            if (!moved) {
                deleteQuietly(tmp, u);
            }
            throw u;
        } catch (RuntimeException | Error e) {
            if (!moved) {
                deleteQuietly(tmp, e);
            }
            throw e;
        }
    }

    /**
     * Deletes the temporary files ({@code .name.<hex>.tmp}) that writes of {@code target} left behind when their
     * process was killed mid-write (SIGKILL, power loss: nothing runs to clean up). Only for when no other
     * process is writing {@code target}, e.g. when a killed run is resumed. Returns the files deleted.
     */
    public static java.util.List<Path> removeLeftovers(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        String prefix = "." + abs.getFileName() + ".";
        java.util.List<Path> removed = new java.util.ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return removed;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".tmp")
                        && name.substring(prefix.length(), name.length() - 4).matches("[0-9a-f]{1,16}")
                        && Files.isRegularFile(p) && Files.deleteIfExists(p)) {
                    removed.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the unfinished writes of " + abs + ": " + e, e);
        }
        return removed;
    }

    /** Deletes the temporary file; a failure to do so is attached to the exception already being thrown. */
    private static void deleteQuietly(Path tmp, Throwable primary) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
