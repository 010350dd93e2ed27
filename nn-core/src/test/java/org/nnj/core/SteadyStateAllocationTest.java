package org.nnj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.core.fixtures.Blobs;
import org.nnj.data.Dataset;

/**
 * A training step allocates nothing once the JIT has compiled it: the trainer, the layers, the losses, the
 * activations and the optimizer reuse their buffers (a loss once built its shape-check message on every call,
 * 80 bytes a step). On a digits-shaped batch (32 rows of 64 inputs, 10 classes). Measured with the calling thread's allocation counter in blocks of steps, since the first
 * blocks run in the interpreter, whose Vector API code allocates; the test passes when a block allocates
 * nothing and fails if none does after many blocks.
 */
class SteadyStateAllocationTest {
    private static final int BLOCK = 200;
    private static final int MAX_BLOCKS = 60;

    @ParameterizedTest(name = "{0}, {1} output, {2} loss, {3}, {4}")
    @CsvSource({
        "relu, softmax, categorical_crossentropy, adam, FLOAT32",
        "relu, softmax, categorical_crossentropy, adam, FLOAT64",
        "sigmoid, sigmoid, mse, sgd, FLOAT32",
        "tanh, identity, quadratic, rmsprop, FLOAT32",
    })
    void aTrainingStepAllocatesNothingInSteadyState(String hidden, String output, String loss, String optimizer,
                                                    Precision precision) {
        Dataset d = Blobs.of(precision, 10, 4, 64, 3); // digits-shaped: 64 inputs, 10 classes
        Mat x = d.features().rows(0, 32);
        Mat y = d.targets().rows(0, 32);
        Network net = Nets.network(64).dense(64, hidden).dense(10, output).loss(loss).precision(precision).seed(3)
                .build();
        Trainer trainer = new Trainer(net, Nets.train(net).optimizer(optimizer, "lr", 0.001).options());
        assertEquals(0, leastAllocatedByABlock(trainer, x, y),
                "bytes allocated by the fewest-allocating block of " + BLOCK + " steps");
    }

    /** The image layers too: patches, pooling winners and normalization statistics live in per-batch states. */
    @ParameterizedTest(name = "image layers, {0}, global pooling {1}")
    @CsvSource({"FLOAT32, false", "FLOAT64, false", "FLOAT32, true"})
    void aConvolutionalTrainingStepAllocatesNothingInSteadyState(Precision precision, boolean global) {
        Dataset d = Blobs.of(precision, 10, 4, 64, 3); // digits-shaped: 64 inputs, 10 classes
        Mat x = d.features().rows(0, 32);
        Mat y = d.targets().rows(0, 32);
        Nets.NetworkBuilder b = Nets.network(1, 8, 8)
                .layer("conv2d", "filters", 4, "kernel_size", 3, "padding", "same", "activation", "relu")
                .layer("batch_norm")
                .layer("max_pool2d", "kernel_size", 2)
                .layer("conv2d", "filters", 6, "kernel_size", 3, "padding", 1, "stride", 1);
        if (global) {
            b.layer("global_avg_pool2d");
        } else {
            b.layer("avg_pool2d", "kernel_size", 2).layer("layer_norm").layer("flatten");
        }
        Network net = b.dense(10, "softmax").loss("categorical_crossentropy").precision(precision).seed(3).build();
        Trainer trainer = new Trainer(net, Nets.train(net).optimizer("adam", "lr", 0.001).options());
        assertEquals(0, leastAllocatedByABlock(trainer, x, y), "bytes allocated by the fewest-allocating block of "
                + BLOCK + " steps");
    }

    /**
     * Rectangular kernels and windows with strides, padding and dilation of their own per axis take the general
     * paths of im2col and of both poolings (padded windows, max pooling's exact winner search).
     */
    @ParameterizedTest(name = "per-axis windows, {0}")
    @CsvSource({"FLOAT32", "FLOAT64"})
    void perAxisWindowsAllocateNothingInSteadyState(Precision precision) {
        Dataset d = Blobs.of(precision, 10, 4, 64, 3); // digits-shaped: 64 inputs, 10 classes
        Mat x = d.features().rows(0, 32);
        Mat y = d.targets().rows(0, 32);
        Network net = Nets.network(1, 8, 8)
                .layer("conv2d", "filters", 4, "kernel_size", List.of(3, 2), "stride", List.of(2, 1),
                        "padding", List.of(1, 0), "dilation", List.of(1, 2), "activation", "relu")
                .layer("max_pool2d", "kernel_size", List.of(3, 2), "stride", List.of(1, 2),
                        "padding", List.of(1, 0))
                .layer("avg_pool2d", "kernel_size", List.of(2, 3), "stride", List.of(2, 1),
                        "padding", List.of(0, 1), "count_include_pad", false)
                .dense(10, "softmax").loss("categorical_crossentropy").precision(precision).seed(3).build();
        assertTrue(NetworkSummary.of(net).matches("(?s).*avg_pool2d\\s+4x2x3\\s.*"), NetworkSummary.of(net));
        Trainer trainer = new Trainer(net, Nets.train(net).optimizer("adam", "lr", 0.001).options());
        assertEquals(0, leastAllocatedByABlock(trainer, x, y), "bytes allocated by the fewest-allocating block of "
                + BLOCK + " steps");
    }

    /** The fewest bytes the calling thread allocated in a block of steps, stopping at the first block of none. */
    private static long leastAllocatedByABlock(Trainer trainer, Mat x, Mat y) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        for (int block = 0; block < MAX_BLOCKS && least > 0; block++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < BLOCK; i++) {
                trainer.step(x, y);
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
