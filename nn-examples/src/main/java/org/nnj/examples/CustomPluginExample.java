package org.nnj.examples;

import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nnj.api.Mat;
import org.nnj.api.PluginException;
import org.nnj.api.Precision;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.EpochResult;
import org.nnj.core.Evaluation;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.core.TrainingListener;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.data.Dataset;
import org.nnj.data.Scaler;
import org.nnj.data.Scalers;
import org.nnj.data.Split;
import org.nnj.data.Splits;

/**
 * Trains with plugins that are not part of nnj: {@code swish}, {@code huber} and {@code scale_shift} from the
 * out-of-tree jar {@code nn-plugin-example/target/nn-plugin-example.jar}, used by name only (this module does
 * not depend on that one, and nn.jar does not contain it). The task is a regression on the bundled Iris data:
 * predict the petal width from sepal length, sepal width and petal length; a random 70/30 split (seed 1),
 * standard scaling fitted on the training part; network 3 -> dense(16, swish) -> scale_shift -> dense(1),
 * Huber loss (delta 1), Adam lr 0.01, 100 epochs of 16. ({@code specs/custom-plugin.json} uses the same plugins
 * to classify the Iris species with {@code ./nn --plugin-path ... train}.)
 *
 * <p>Where the plugins come from, in this order:
 * <ol>
 *   <li>the plugins installed for this run: {@code ./nn --plugin-path JAR} or {@code NN_PLUGIN_PATH}
 *       ({@link Nets#registry()}, discovered through the class loader {@link Main} sets up);
 *   <li>otherwise the jar where a build of this repository puts it, found relative to nn.jar
 *       ({@code <repo>/nn-examples/target/nn.jar} -> {@code <repo>/nn-plugin-example/target/nn-plugin-example.jar}),
 *       loaded through a child {@link URLClassLoader} into a registry of its own (the {@code ./nn} launcher
 *       builds that jar next to nn.jar, so {@code ./nn example custom-plugin} works from a fresh clone);
 *   <li>otherwise the example stops with one line naming the missing plugins and how to provide the jar.
 * </ol>
 * The optimizer is built-in, so training through {@link Nets#train} (which uses the shared registry) is fine.
 */
public final class CustomPluginExample implements Example {
    public static final long SEED = 1;
    /** The plugins this example needs, as {@code kind name}. */
    static final List<Needed> NEEDED = List.of(new Needed(PluginKind.ACTIVATION, "swish"),
            new Needed(PluginKind.LOSS, "huber"), new Needed(PluginKind.LAYER, "scale_shift"));
    static final String JAR = "nn-plugin-example/target/nn-plugin-example.jar";

    /** A plugin the example uses. */
    record Needed(PluginKind<?> kind, String name) {
        @Override
        public String toString() {
            return kind.name() + " \"" + name + "\"";
        }
    }

    @Override
    public String name() {
        return "custom-plugin";
    }

    @Override
    public String description() {
        return "regression on Iris with out-of-tree plugins loaded by name: swish, huber, scale_shift";
    }

    /** The plugins of {@code registry} that this example needs and that are not there. */
    static List<Needed> missing(PluginRegistry registry) {
        List<Needed> out = new ArrayList<>();
        for (Needed n : NEEDED) {
            if (!registry.has(n.kind(), n.name())) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * {@code shared} if it has the plugins, else a registry over {@code fallbackJar} if that exists and has
     * them, else a {@link PluginException} naming what is missing and how to provide it.
     */
    static PluginRegistry registryWithPlugins(PluginRegistry shared, Path fallbackJar, PrintStream out) {
        List<Needed> missing = missing(shared);
        if (missing.isEmpty()) {
            return shared;
        }
        if (fallbackJar != null && Files.isRegularFile(fallbackJar)) {
            PluginRegistry own = PluginRegistry.discover(loaderFor(fallbackJar));
            if (missing(own).isEmpty()) {
                if (out != null) {
                    out.println("Plugins swish, huber, scale_shift loaded from " + fallbackJar);
                }
                return own;
            }
            missing = missing(own);
        }
        throw new PluginException("example custom-plugin: missing plugin" + (missing.size() > 1 ? "s " : " ")
                + String.join(", ", missing.stream().map(Needed::toString).toList())
                + "; build the jar (mvn -q install -pl nn-plugin-example -am) and run ./nn --plugin-path " + JAR
                + " example custom-plugin (or set NN_PLUGIN_PATH=" + JAR + ")");
    }

    private static ClassLoader loaderFor(Path jar) {
        try {
            return new URLClassLoader("nn-plugin-example", new URL[] {jar.toUri().toURL()},
                    CustomPluginExample.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new PluginException("cannot load " + jar + ": " + e.getMessage(), e);
        }
    }

    /** Where a build of this repository puts the plugin jar, from where this class was loaded; null if unknown. */
    static Path defaultJar() {
        try {
            CodeSource cs = CustomPluginExample.class.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null || !"file".equals(cs.getLocation().getProtocol())) {
                return null;
            }
            // <repo>/nn-examples/target/nn.jar or <repo>/nn-examples/target/classes: three levels up is <repo>
            Path here = Path.of(cs.getLocation().toURI());
            Path repo = here.getParent() == null || here.getParent().getParent() == null ? null
                    : here.getParent().getParent().getParent();
            return repo == null ? null : repo.resolve(JAR);
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The example's network, by plugin name, built from {@code registry}. */
    static Network network(PluginRegistry registry) {
        return Nets.network(3)
                .layer("dense", "units", 16, "activation", "swish")
                .layer("scale_shift")
                .layer("dense", "units", 1)
                .loss("huber", "delta", 1.0)
                .precision(Precision.FLOAT32)
                .seed(SEED)
                .registry(registry)
                .build();
    }

    /** Iris as a regression: sepal length, sepal width, petal length -> petal width (cm). */
    static Dataset petalWidth() {
        Dataset iris = Datasets.iris(Precision.FLOAT32);
        Mat all = iris.features();
        Mat x = Mat.zeros(Precision.FLOAT32, all.rows(), 3);
        Mat y = Mat.zeros(Precision.FLOAT32, all.rows(), 1);
        for (int r = 0; r < all.rows(); r++) {
            for (int c = 0; c < 3; c++) {
                x.set(r, c, all.get(r, c));
            }
            y.set(r, 0, all.get(r, 3));
        }
        return Dataset.regression(x, y, List.of("sepal_length", "sepal_width", "petal_length"),
                List.of("petal_width"), "iris.csv (bundled)");
    }

    /** A trained network, its test set, its evaluation there, and the test MAE of predicting the training mean. */
    record Outcome(Network network, Dataset test, Evaluation evaluation, double baselineMae) {
    }

    /** Trains on the 70% part and evaluates on the 30% part. */
    static Outcome train(PluginRegistry registry, PrintStream progress) {
        Split split = Splits.random(petalWidth(), 0.0, 0.3, SEED);
        Scaler scaler = Scalers.fit("standard", split.train());
        Dataset train = scaler.transform(split.train());
        Dataset test = scaler.transform(split.test());
        Network net = network(registry);
        Nets.train(net).optimizer("adam", "lr", 0.01).epochs(100).batchSize(16)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochResult r) {
                        if (progress != null && (r.epoch() % 20 == 0 || r.epoch() == 1)) {
                            progress.printf(Locale.ROOT, "epoch %3d  huber loss %.4f%n", r.epoch(), r.trainLoss());
                        }
                    }
                })
                .fit(train.features(), train.targets());
        double mean = 0;
        for (int r = 0; r < train.size(); r++) {
            mean += train.targets().get(r, 0);
        }
        mean /= train.size();
        double baseline = 0;
        for (int r = 0; r < test.size(); r++) {
            baseline += Math.abs(test.targets().get(r, 0) - mean);
        }
        return new Outcome(net, test, net.evaluate(test.features(), test.targets()), baseline / test.size());
    }

    @Override
    public double run(PrintStream out) {
        PluginRegistry registry = registryWithPlugins(Nets.registry(), defaultJar(), out);
        for (Needed n : NEEDED) {
            out.printf("  %-10s %-11s from %s%n", n.kind().name(), n.name(),
                    registry.info(n.kind(), n.name(), "").source());
        }
        out.println("Iris as a regression: sepal length, sepal width, petal length -> petal width (cm);");
        out.println("random split 105 train / 45 test (seed 1), standard scaling fitted on the training part;");
        out.println("3 -> dense(16, swish) -> scale_shift -> dense(1), huber loss (delta 1), Adam lr 0.01, batch 16.");
        Outcome o = train(registry, out);
        Evaluation e = o.evaluation();
        out.printf(Locale.ROOT, "test: MAE %.3f cm (predicting the training mean: %.3f cm), RMSE %.3f cm, R^2 %.3f%n",
                e.mae(), o.baselineMae(), Math.sqrt(e.mse()), e.r2());
        return e.r2();
    }
}
