package org.nnj.examples;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nn example NAME}: runs a bundled example. */
@Command(name = "example", mixinStandardHelpOptions = true, description = "Run a bundled example (see: nn examples).")
final class ExampleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "the example to run")
    String name;

    @Override
    public Integer call() {
        Example e = Examples.get(name);
        PrintStream out = System.out;
        e.run(out);
        out.flush();
        return 0;
    }
}
