package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.examples.CliTest.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image shapes from the command line: data whose rows do not fit the spec's {@code [c, h, w]} fail in one line
 * naming the file, the input shape and what the rows hold; IDX images train a CNN with their shape; a layer that
 * cannot take its input fails in one line naming the layer and both shapes.
 */
class ImageShapeCliTest {
    @TempDir
    Path dir;

    private static String cnnSpec(String input, String layers) {
        return "{\"input\": " + input + ", \"seed\": 5, \"layers\": [" + layers + ", {\"type\": \"dense\", \"units\": 2,"
                + " \"activation\": \"softmax\"}], \"loss\": \"categorical_crossentropy\", \"optimizer\": \"adam\","
                + " \"training\": {\"epochs\": 2, \"batch_size\": 8}, \"data\": {\"format\": \"idx\"}}";
    }

    private static final String CONV = "{\"type\": \"conv2d\", \"filters\": 3, \"kernel_size\": [3, 2], \"stride\": "
            + "[1, 2], \"padding\": [1, 0], \"activation\": \"relu\"}, {\"type\": \"max_pool2d\", \"kernel_size\": [2, 1]}";

    /** An IDX directory of {@code n} training and {@code n / 4} test images of h x w, labels 0 and 1. */
    private Path idx(int n, int h, int w) throws IOException {
        Path d = Files.createDirectories(dir.resolve("idx" + h + "x" + w));
        for (String part : new String[] {"train", "t10k"}) {
            int rows = part.equals("train") ? n : n / 4;
            byte[] pixels = new byte[rows * h * w];
            byte[] labels = new byte[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = (byte) (i % 2);
                for (int p = 0; p < h * w; p++) {
                    pixels[i * h * w + p] = (byte) (labels[i] == 1 && p < h * w / 2 ? 200 : (p * 37 + i) % 90);
                }
            }
            Files.write(d.resolve(part + "-images-idx3-ubyte"), IdxBytes.of(new int[] {rows, h, w}, pixels));
            Files.write(d.resolve(part + "-labels-idx1-ubyte"), IdxBytes.of(new int[] {rows}, labels));
        }
        return d;
    }

    @Test
    void idxImagesTrainACnnWithTheirShape() throws IOException {
        Path spec = Files.writeString(dir.resolve("cnn.json"), cnnSpec("[1, 6, 5]", CONV));
        CliTest.Run r = nn("train", "--spec", spec.toString(), "--data", idx(64, 6, 5).toString(), "--no-plots",
                "--out", dir.resolve("m.safetensors").toString());
        assertEquals(0, r.code(), r.err());
        // the summary heads the run: conv 3x6x2 (width floor((5 - 2) / 2) + 1), pooled by 2x1 to 3x3x2
        assertTrue(r.out().matches("(?s).*\\ninput\\s+1x6x5\\s+0\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\nlayers\\[0] conv2d -> relu\\s+3x6x2\\s+21\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\nlayers\\[1] max_pool2d\\s+3x3x2\\s+0\\n.*"), r.out());
        assertTrue(r.out().contains("epoch 2/2"), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("m.safetensors")));
    }

    @Test
    void csvRowsOfAnotherWidthFailInOneLineNamingFileShapeAndWidth() throws IOException {
        Path spec = Files.writeString(dir.resolve("cnn.json"), cnnSpec("[1, 6, 5]", CONV).replace(
                ", \"data\": {\"format\": \"idx\"}", ""));
        String rows = IntStream.range(0, 12).mapToObj(i -> "0.1,0.2,0.3,0.4," + (i % 2))
                .collect(Collectors.joining("\n", "a,b,c,d,label\n", "\n"));
        Path csv = Files.writeString(dir.resolve("narrow.csv"), rows);
        CliTest.Run r = nn("train", "--spec", spec.toString(), "--data", csv.toString(), "--no-plots", "--out",
                dir.resolve("m.safetensors").toString());
        assertEquals(1, r.code(), r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("nn: error: " + csv + ": expected 30 features per row (the input 1x6x5), found 4",
                r.err().strip());
        assertFalse(r.out().contains("epoch"), r.out());
    }

    @Test
    void idxImagesOfAnotherShapeFailInOneLineEvenWhenTheCountFits() throws IOException {
        Path data = idx(16, 5, 6);
        Path spec = Files.writeString(dir.resolve("cnn.json"), cnnSpec("[1, 6, 5]", CONV));
        CliTest.Run r = nn("train", "--spec", spec.toString(), "--data", data.toString(), "--no-plots", "--out",
                dir.resolve("m.safetensors").toString());
        assertEquals(1, r.code(), r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().strip().matches("nn: error: .*train-images-idx3-ubyte.*: expected samples of 1x6x5 \\(the "
                + "input\\), found images of 1x5x6"), r.err());

        Path wide = Files.writeString(dir.resolve("wide.json"), cnnSpec("[1, 7, 5]",
                "{\"type\": \"conv2d\", \"filters\": 2, \"kernel_size\": 3}"));
        CliTest.Run w = nn("train", "--spec", wide.toString(), "--data", data.toString(), "--no-plots", "--out",
                dir.resolve("m.safetensors").toString());
        assertEquals(1, w.code(), w.out());
        assertTrue(w.err().strip().matches("nn: error: .*train-images-idx3-ubyte.*: expected 35 features per row "
                + "\\(the input 1x7x5\\), found 30 \\(images of 1x5x6\\)"), w.err());
    }

    /** Each image layer's shape errors, as the network compiler reports them: the layer, its input and window. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1, 28, 28]|{\"type\": \"max_pool2d\", \"kernel_size\": 2}, {\"type\": \"conv2d\", \"filters\": 64, "
                + "\"kernel_size\": 3, \"padding\": 1}, {\"type\": \"max_pool2d\", \"kernel_size\": 2}, "
                + "{\"type\": \"max_pool2d\", \"kernel_size\": 2}"
                + "|layers[3] (max_pool2d): input 64x7x7 cannot be pooled by 2x2 with stride 2 to a whole size (set "
                + "\"drop_remainder\": true to drop the last rows and columns, as PyTorch does)",
        "[2, 9, 7]|{\"type\": \"avg_pool2d\", \"kernel_size\": [3, 2]}"
                + "|layers[0] (avg_pool2d): input 2x9x7 cannot be pooled by 3x2 with stride 3x2 to a whole size (set "
                + "\"drop_remainder\": true to drop the last rows and columns, as PyTorch does)",
        "[1, 4, 4]|{\"type\": \"conv2d\", \"filters\": 2, \"kernel_size\": [3, 5]}"
                + "|layers[0] (conv2d): input 1x4x4 is smaller than the 3x5 window",
        "[1, 8, 8]|{\"type\": \"conv2d\", \"filters\": 2, \"kernel_size\": 3, \"stride\": [2, 1], \"padding\": \"same\"}"
                + "|layers[0] (conv2d): padding \"same\" needs stride 1 (as in PyTorch), got stride 2x1; give the "
                + "padding as a number",
        "[1, 8, 8]|{\"type\": \"max_pool2d\", \"kernel_size\": [2, 4], \"padding\": [1, 3]}"
                + "|layers[0] (max_pool2d): padding 1x3 is more than half the 2x4 window (as PyTorch requires, at "
                + "most 1x2)",
        "12|{\"type\": \"conv2d\", \"filters\": 2, \"kernel_size\": 3}"
                + "|layers[0] (conv2d): expected an input of channels x height x width, got 12 (a flat vector; give "
                + "the spec's input as [channels, height, width])",
        "[1, 8, 8]|{\"type\": \"flatten\"}, {\"type\": \"global_avg_pool2d\"}"
                + "|layers[1] (global_avg_pool2d): expected an input of channels x height x width, got 64",
    })
    void aLayerThatCannotTakeItsInputFailsInOneLineNamingTheLayerAndBothShapes(String input, String layers,
                                                                                String message) throws IOException {
        Path spec = Files.writeString(dir.resolve("bad.json"), cnnSpec(input, layers));
        CliTest.Run r = nn("summary", "--spec", spec.toString());
        assertEquals(1, r.code(), r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("nn: error: " + message, r.err().strip());
    }
}
