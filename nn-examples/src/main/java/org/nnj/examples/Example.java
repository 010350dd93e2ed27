package org.nnj.examples;

import java.io.PrintStream;

/** A bundled example app: {@code nn example NAME}. */
public interface Example {

    /** The name on the command line. */
    String name();

    /** One line for {@code nn examples}. */
    String description();

    /**
     * Runs the example, printing to {@code out}.
     *
     * @return the figure the example is judged by (test accuracy, or 0 for the worked example)
     */
    double run(PrintStream out);
}
