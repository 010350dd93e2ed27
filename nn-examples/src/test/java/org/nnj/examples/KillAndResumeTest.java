package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.core.Nets;
import org.nnj.io.Checkpoint;
import org.nnj.io.ModelFile;

/**
 * A training run in a real child JVM is killed with SIGKILL in the middle, then resumed with {@code nn train
 * --resume}: its final weights equal, bit for bit, those of an uninterrupted run with the same spec and seed.
 */
class KillAndResumeTest {
    private static final String SPEC = """
            {
              "name": "kill-test",
              "input": 64,
              "seed": 9,
              "layers": [
                {"type": "dense", "units": 64, "activation": "relu"},
                {"type": "dropout", "rate": 0.2},
                {"type": "dense", "units": 10, "activation": "softmax"}
              ],
              "loss": "categorical_crossentropy",
              "optimizer": {"name": "adam", "lr": 0.001},
              "training": {"epochs": 60, "batch_size": 16, "checkpoint_every": 1, "validation_split": 0.1},
              "data": {"scaling": "standard", "test_split": 0.2}
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aRunKilledWithSigkillAndResumedEndsWithTheSameWeightsAsAnUninterruptedOne() throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, SPEC);

        Path whole = dir.resolve("whole").resolve("model.safetensors");
        CliTest.Run ref = CliTest.nn("train", "--spec", spec.toString(), "--data", "bundled:digits", "--out",
                whole.toString(), "--no-plots");
        assertEquals(0, ref.code(), ref.err());

        Path killed = dir.resolve("killed").resolve("model.safetensors");
        Path checkpoint = TrainCommand.checkpointFor(killed);
        Process child = childTrain(spec, killed);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int epochAtKill = 0;
            while (System.nanoTime() < deadline && child.isAlive()) {
                if (Files.exists(checkpoint)) {
                    epochAtKill = Checkpoint.load(checkpoint, Nets.registry()).progress().completedEpochs();
                    if (epochAtKill >= 3) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "the child must still be training when it is killed (it got to epoch "
                    + epochAtKill + ")");
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");
            assertTrue(epochAtKill >= 3 && epochAtKill < 60, "killed in the middle, after epoch " + epochAtKill);
        } finally {
            child.destroyForcibly();
        }
        assertTrue(!Files.exists(killed), "the killed run never got to write its model");
        // The only complete file is the last checkpoint; if the kill landed while the next one was being written,
        // that write's hidden temporary file is there too (nothing runs after SIGKILL to remove it).
        String tmpPrefix = "." + checkpoint.getFileName() + ".";
        try (var files = Files.list(killed.getParent())) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertEquals(List.of(checkpoint.getFileName().toString()),
                    names.stream().filter(n -> !(n.startsWith(tmpPrefix) && n.endsWith(".tmp"))).toList(),
                    "only the last complete checkpoint and at most an unfinished hidden write are on disk: " + names);
        }
        Checkpoint.load(checkpoint, Nets.registry());
        // Whether or not the kill landed mid-write this time, the resume must clear such a file.
        Files.writeString(killed.resolveSibling(tmpPrefix + "deadbeef.tmp"), "an unfinished write");

        CliTest.Run resumed = CliTest.nn("train", "--spec", spec.toString(), "--data", "bundled:digits", "--out",
                killed.toString(), "--no-plots", "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resuming after epoch "), resumed.out());
        assertTrue(resumed.out().contains("deadbeef.tmp, an unfinished write left by the interrupted run"),
                resumed.out());
        try (var files = Files.list(killed.getParent())) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".tmp")),
                    "the resumed run removed the killed run's unfinished write: " + names);
        }

        var a = ModelFile.load(whole, Nets.registry()).network().parameters();
        var b = ModelFile.load(killed, Nets.registry()).network().parameters();
        assertEquals(a, b, "the resumed run's weights equal the uninterrupted run's, bit for bit");
    }

    private static Process childTrain(Path spec, Path out) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "train", "--spec", spec.toString(),
                "--data", "bundled:digits", "--out", out.toString(), "--no-plots"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
