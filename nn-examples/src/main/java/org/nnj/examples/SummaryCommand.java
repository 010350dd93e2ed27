package org.nnj.examples;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nnj.core.Network;
import org.nnj.core.NetworkSummary;
import org.nnj.core.Nets;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nn summary --spec S}: each layer of the spec's network with its output shape and parameter count. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print each layer of a spec's network with its output shape (per sample) and parameter count, "
                + "as Keras' model.summary() does; nn train prints the same table first.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "the network spec (JSON)")
    Path spec;

    @Override
    public Integer call() {
        PluginRegistry registry = Nets.registry();
        ModelSpec model = new SpecReader(registry).read(spec);
        Network net = Network.build(model.network(), registry);
        var out = command.commandLine().getOut();
        out.print("spec " + spec + " (" + model.name() + ")\n" + NetworkSummary.of(net));
        out.flush();
        return 0;
    }
}
