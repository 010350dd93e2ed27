package org.nnj.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nnj.api.ConfigException;

/**
 * Checks, before any training, that a file can be written where a command will write it at the end: its directory
 * exists or can be created, a file can be created in it (saving writes a temporary file there and renames it), and
 * the path is not a directory.
 */
final class OutputCheck {
    private OutputCheck() {
    }

    /** What went wrong, in words: NIO's file exceptions carry only the path as their message. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        return e.toString();
    }

    /**
     * @param option what names the location in messages ({@code --out}, or {@code name} for the spec's name)
     * @throws ConfigException naming {@code option}, the path and what is wrong
     */
    static void requireWritableFile(Path file, String option) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new ConfigException(option, file + " is a directory; expected the path of a model file, e.g. "
                    + file.resolve("model.safetensors"));
        }
        Path dir = abs.getParent();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new ConfigException(option, "cannot write " + file + ": " + p + " is a file, not a directory");
                }
                break;
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException(option, "cannot write " + file + ": cannot create the directory " + dir + " ("
                    + reason(e) + ")");
        }
        try {
            Path probe = Files.createTempFile(dir, "." + file.getFileName() + ".", ".check");
            Files.delete(probe);
        } catch (IOException e) {
            throw new ConfigException(option, "cannot write " + file + ": cannot create a file in " + dir + " ("
                    + reason(e) + ")");
        }
    }
}
