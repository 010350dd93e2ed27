package org.nnj.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nn examples}: the bundled examples. */
@Command(name = "examples", mixinStandardHelpOptions = true, description = "List the bundled examples.")
final class ExamplesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        for (Example e : Examples.all()) {
            out.printf("  %-14s %s%n", e.name(), e.description());
        }
        out.println();
        out.println("Run one with: nn example NAME");
        out.flush();
        return 0;
    }
}
