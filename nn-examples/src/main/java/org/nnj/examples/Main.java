package org.nnj.examples;

import java.io.File;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.nnj.api.NnException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nn}: the command line. Exit code 0 on success; on a user error one line on standard error and a
 * non-zero code ({@code --verbose} adds the stack trace).
 */
@Command(name = "nn", mixinStandardHelpOptions = true, version = "nnj 0.1.0-SNAPSHOT",
        description = "Dense neural networks on the JVM: train, evaluate, inspect.",
        footer = {"", "Environment:",
            "  NN_PLUGIN_PATH  extra plugin jars or directories (separated by ':' on Unix, ';' on Windows),",
            "                  added to those given with --plugin-path."},
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, ExplainCommand.class,
            PluginsCommand.class, SummaryCommand.class, ExamplesCommand.class, ExampleCommand.class, BenchCommand.class,
            OnnxCommands.Export.class, OnnxCommands.Import.class,
            CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @Option(names = "--verbose", description = "print stack traces of errors", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @Option(names = "--plugin-path", paramLabel = "DIR_OR_JAR", split = "${sys:path.separator}",
            description = "extra plugin jars, or directories of jars, to load (repeatable)",
            scope = CommandLine.ScopeType.INHERIT)
    List<Path> pluginPath = new ArrayList<>();

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionStrategy(parse -> {
            Main main = parse.commandSpec().root().userObject() instanceof Main m ? m : null;
            if (main != null) {
                PrintWriter err = parse.commandSpec().commandLine().getErr();
                try {
                    main.installPluginPath(err);
                } catch (NnException e) {
                    err.println("nn: error: " + e.getMessage());
                    err.flush();
                    return 1;
                }
            }
            return new CommandLine.RunLast().execute(parse);
        });
        cli.setExecutionExceptionHandler((ex, cmd, parse) -> {
            boolean verbose = parse.hasMatchedOption("--verbose");
            PrintWriter err = cmd.getErr();
            boolean expected = ex instanceof NnException || ex instanceof java.io.UncheckedIOException
                    || ex instanceof java.io.IOException;
            String message = ex instanceof java.io.UncheckedIOException u ? u.getMessage() : ex instanceof NnException
                    ? ex.getMessage() : ex instanceof java.io.IOException ? "I/O error: " + ex : ex.toString();
            err.println("nn: error: " + message);
            if (verbose) {
                ex.printStackTrace(err);
            } else if (!expected) {
                err.println("nn: (an unexpected error; run again with --verbose for the stack trace)");
            }
            err.flush();
            return expected ? 1 : 2;
        });
        return cli.execute(args);
    }

    private static void warn(PrintWriter out, String message) {
        out.println("nn: warning: " + message);
        out.flush();
    }

    /** A zip archive (by its magic bytes {@code PK 03 04}), whatever its name. */
    private static boolean isJar(Path p) {
        try (java.io.InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Puts the plugin jars of --plugin-path and NN_PLUGIN_PATH on a class loader the plugin registry uses. */
    void installPluginPath(PrintWriter warnings) {
        List<Path> paths = new ArrayList<>(pluginPath);
        String env = System.getenv("NN_PLUGIN_PATH");
        if (env != null && !env.isBlank()) {
            for (String p : env.split(File.pathSeparator)) {
                if (!p.isBlank()) {
                    paths.add(Path.of(p));
                }
            }
        }
        if (paths.isEmpty()) {
            return;
        }
        List<URL> urls = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new NnException("plugin path " + p + " does not exist (from --plugin-path or NN_PLUGIN_PATH)");
            }
            try {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.list(p)) {
                        List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
                        for (Path jar : jars) {
                            urls.add(jar.toUri().toURL());
                        }
                        if (jars.isEmpty() && !Files.isDirectory(p.resolve("META-INF").resolve("services"))) {
                            warn(warnings, "plugin directory " + p + " holds no .jar files (nor plugin classes with "
                                    + "META-INF/services); no plugins are loaded from it");
                        }
                    }
                    urls.add(p.toUri().toURL());
                } else if (!isJar(p)) {
                    warn(warnings, "plugin path " + p + " is not a jar file (expected a .jar or a directory of "
                            + "them); ignored");
                } else {
                    urls.add(p.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new NnException("plugin path " + p + " is not a valid location: " + e.getMessage(), e);
            } catch (java.io.IOException e) {
                throw new NnException("cannot list plugin directory " + p + ": " + e.getMessage(), e);
            }
        }
        ClassLoader loader = new URLClassLoader("nn-plugins", urls.toArray(URL[]::new), Main.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
    }
}
