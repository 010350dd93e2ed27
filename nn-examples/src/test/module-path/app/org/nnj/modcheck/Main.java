package org.nnj.modcheck;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.nnj.api.Mat;
import org.nnj.api.simd.VectorApi;
import org.nnj.api.spi.Activation;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.Evaluation;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.Trainer;
import org.nnj.core.TrainingResult;
import org.nnj.core.registry.PluginModule;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.data.CsvOptions;
import org.nnj.data.CsvReader;
import org.nnj.data.Dataset;
import org.nnj.data.Scaler;
import org.nnj.data.Scalers;
import org.nnj.data.Split;
import org.nnj.data.Splits;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelFile;
import org.nnj.io.ModelMetadata;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;
import org.nnj.onnx.OnnxExport;
import org.nnj.onnx.OnnxImport;

/**
 * What {@code nn train --spec specs/iris.json --data iris.csv} does, through the public API only, from a named
 * module: reads the spec, loads and splits the data, trains, evaluates, saves and reloads the model, exports it to
 * ONNX and imports it back; then reports what the module system says about nnj's modules. One {@code key=value}
 * line per fact on standard output, for ModulePathTest to assert on.
 *
 * <p>Arguments: the spec, the CSV file (label last), a directory to write the model files in.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        Path specFile = Path.of(args[0]);
        Path csv = Path.of(args[1]);
        Path dir = Path.of(args[2]);

        PluginRegistry registry = Nets.registry();
        for (PluginKind<?> kind : PluginKind.all()) {
            System.out.println("plugins." + kind + "=" + String.join(",", new TreeSet<>(registry.names(kind))));
        }
        Map<String, Activation> injected = Guice.createInjector(new PluginModule(registry))
                .getInstance(Key.get(new TypeLiteral<Map<String, Activation>>() { }));
        System.out.println("guice.activations=" + injected.size());

        ModelSpec spec = new SpecReader(registry).read(specFile);
        Network net = Network.build(spec.network(), registry);
        Dataset data;
        try (InputStream in = Files.newInputStream(csv)) {
            data = new CsvReader(CsvOptions.builder().classification().build()).read(in, csv.toString());
        }
        Split split = Splits.stratified(data, 0.0, spec.data().testSplit(), spec.network().seed());
        Scaler scaler = Scalers.fit(spec.data().scaling(), split.train());
        Dataset train = scaler.transform(split.train());
        Dataset test = scaler.transform(split.test());
        TrainingResult result = new Trainer(net, spec.training().options(net, registry).build())
                .fit(train.features(), train.targets());
        Evaluation eval = net.evaluate(test.features(), test.targets());
        System.out.println("epochs=" + result.epochs().size());
        System.out.println(String.format(Locale.ROOT, "test.accuracy=%.4f", eval.accuracy()));

        Path model = dir.resolve("iris.nnj");
        ModelFile.save(model, net, spec, ModelMetadata.of(split.train(), scaler));
        LoadedModel loaded = ModelFile.load(model, registry);
        Path onnx = dir.resolve("iris.onnx");
        OnnxExport.save(onnx, loaded, registry);
        LoadedModel imported = OnnxImport.load(onnx, registry);
        Mat expected = net.predict(test.features());
        System.out.println("reloaded.maxdiff=" + maxDiff(expected, loaded.network().predict(test.features())));
        System.out.println("onnx.maxdiff=" + maxDiff(expected, imported.network().predict(test.features())));

        System.out.println("vector=" + VectorApi.usable());
        for (Class<?> c : List.of(Network.class, ModelFile.class, OnnxExport.class, Mat.class, Scaler.class)) {
            Module m = c.getModule();
            System.out.println("module." + c.getSimpleName() + "=" + (m.isNamed() ? m.getName() : "unnamed")
                    + (m.getDescriptor() != null && m.getDescriptor().isAutomatic() ? " (automatic)" : ""));
        }
        Module core = Network.class.getModule();
        for (String pkg : new TreeSet<>(core.getPackages())) {
            System.out.println("exported." + pkg + "=" + core.isExported(pkg));
        }
        Module io = ModelFile.class.getModule();
        System.out.println("exported.org.nnj.io.internal=" + io.isExported("org.nnj.io.internal")
                + ",to-onnx=" + io.isExported("org.nnj.io.internal", OnnxExport.class.getModule()));
        try {
            Class.forName("org.nnj.core.internal.gemm.Gemm").getMethod("maxThreads").invoke(null);
            System.out.println("reflect.internal=accessible");
        } catch (IllegalAccessException e) {
            System.out.println("reflect.internal=refused");
        }
        ModuleLayer.boot().modules().stream().map(Module::getName).filter(n -> n.startsWith("org.nnj."))
                .sorted().forEach(n -> System.out.println("layer." + n + "=resolved"));
    }

    private static double maxDiff(Mat a, Mat b) {
        double max = 0;
        for (int r = 0; r < a.rows(); r++) {
            for (int c = 0; c < a.cols(); c++) {
                max = Math.max(max, Math.abs(a.get(r, c) - b.get(r, c)));
            }
        }
        return max;
    }
}
