package org.nnj.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nnj.api.PluginRef;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelFile;
import org.nnj.onnx.OnnxExport;
import org.nnj.onnx.OnnxImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nn export} and {@code nn import}: models to and from ONNX (module nn-onnx). */
final class OnnxCommands {
    private OnnxCommands() {
    }

    /** {@code nn export --model M --onnx OUT.onnx}. */
    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Export a saved model to ONNX, to run it with ONNX Runtime or any other ONNX runtime.",
                "The ONNX model takes raw features (the model's scaler is part of the graph), float32 [N, inputs] "
                    + "([N, C, H, W] for an image input), and gives the network's outputs [N, outputs]; dropout is "
                    + "left out; batch norm uses its running statistics. Spec, class and feature "
                    + "names go in the file's metadata (nnj.*)."})
    static final class Export implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model file written by nn train")
        Path model;

        @Option(names = "--onnx", required = true, paramLabel = "OUT.onnx", description = "the ONNX file to write")
        Path onnx;

        @Override
        public Integer call() {
            LoadedModel lm = ModelFile.load(model, Nets.registry());
            OnnxExport.save(onnx, lm, Nets.registry());
            PrintStream out = System.out;
            Network net = lm.network();
            out.println("wrote " + onnx + ": " + CliSupport.describe(net) + "; ONNX IR " + OnnxExport.IR_VERSION
                    + ", opset " + OnnxExport.OPSET + ", input \"input\" float32 " + dims(net.inputShape())
                    + lm.metadata().scaler().filter(s -> s.affine().isPresent())
                    .map(s -> " of raw features (the " + s.name() + " scaler is in the graph)")
                    .orElse("") + ", output \"output\" " + dims(net.outputShape()));
            out.flush();
            return 0;
        }
    }

    /** {@code [N, 784]}, {@code [N, 1, 28, 28]}: the ONNX tensor of a batch of samples of {@code shape}. */
    static String dims(org.nnj.api.Shape shape) {
        StringBuilder b = new StringBuilder("[N");
        for (int d : shape.dims()) {
            b.append(", ").append(d);
        }
        return b.append(']').toString();
    }

    /** {@code nn import --onnx IN.onnx --out M.safetensors}. */
    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Import an ONNX model as an nnj model file, to evaluate (nn eval), predict with "
                + "(nn predict) or fine-tune it (from Java: Trainer on the loaded network).",
                "Reads MLPs and CNNs as torch.onnx.export writes them (Gemm or MatMul+Add, Conv, MaxPool, "
                    + "AveragePool, GlobalAveragePool, BatchNormalization, Flatten or a flattening Reshape, Relu, "
                    + "Sigmoid, Tanh, Softmax, LeakyRelu, Elu, Selu, Softplus, Dropout, Identity) and files nn export "
                    + "wrote; anything else fails naming the operator and the node. nn predict also reads .onnx "
                    + "files directly (an image model's rows are its C x H x W values, channel-major)."})
    static final class Import implements Callable<Integer> {
        @Option(names = "--onnx", required = true, paramLabel = "IN.onnx", description = "the ONNX file to read")
        Path onnx;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the nnj model file to write "
                + "(safetensors)")
        Path out;

        @Option(names = "--loss", paramLabel = "NAME[:key=value,...]", description = "the loss the model is "
                + "evaluated and fine-tuned with (default: categorical_crossentropy after a softmax, "
                + "binary_crossentropy after one sigmoid output, else mse)")
        String loss;

        @Override
        public Integer call() {
            PluginRef l = loss == null ? null : PluginRef.parse("--loss", loss);
            LoadedModel lm = OnnxImport.load(onnx, Nets.registry(), l);
            ModelFile.save(out, lm.network(), lm.spec(), lm.metadata());
            PrintStream ps = System.out;
            ps.println("imported " + onnx + ": " + CliSupport.describe(lm.network()) + ", loss "
                    + lm.spec().network().loss().name() + "; wrote " + out);
            ps.flush();
            return 0;
        }
    }
}
