package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a process killed mid-write leaves behind is removed on request, and nothing else. */
class InterruptedWritesTest {
    @TempDir
    Path dir;

    @Test
    void onlyTheTargetsOwnUnfinishedWritesAreRemoved() throws Exception {
        Path target = dir.resolve("model.checkpoint.safetensors");
        Files.writeString(target, "complete");
        Path leftover = dir.resolve(".model.checkpoint.safetensors.99dfa8c59cebc6b3.tmp");
        Files.writeString(leftover, "half");
        Path otherTarget = dir.resolve(".model.safetensors.1f.tmp");
        Files.writeString(otherTarget, "another file's write");
        Path notOurs = dir.resolve(".model.checkpoint.safetensors.notes.tmp");
        Files.writeString(notOurs, "a user's file");

        assertEquals(List.of(leftover), Checkpoint.removeInterruptedWrites(target));

        assertTrue(Files.exists(target), "the complete file stays");
        assertTrue(Files.exists(otherTarget), "another target's write stays");
        assertTrue(Files.exists(notOurs), "a name that is not a write's temporary file stays");
        assertEquals(List.of(), Checkpoint.removeInterruptedWrites(target), "nothing left the second time");
        assertEquals(List.of(), Checkpoint.removeInterruptedWrites(dir.resolve("missing").resolve("x.safetensors")),
                "a missing directory has nothing to remove");
    }
}
