package org.nnj.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster of separate JVMs on 127.0.0.1, started from the Maven jars: a SPARK_HOME whose
 * {@code jars/} holds links to this test's class path (directories of classes packed into jars), then
 * {@code java -cp SPARK_HOME/jars/*} for the Master and each Worker; Workers start executors from the same
 * SPARK_HOME. {@link #close} kills every process it started, and their children (the executors), and waits for
 * them.
 */
final class StandaloneCluster implements AutoCloseable {
    private final Path home;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final int masterPort;
    private final String javaBin;

    StandaloneCluster(Path dir, int workerCount) throws IOException, InterruptedException {
        this.home = dir.resolve("spark-home");
        this.javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int packed = 0;
        for (String entry : cp.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                packDirectory(p, jars.resolve("classes-" + (packed++) + ".jar"));
            } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve(p.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, p.toAbsolutePath());
                }
            }
        }
        masterPort = freePort();
        start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(masterPort), "--webui-port", String.valueOf(freePort())), false);
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(dir.resolve("work-" + i));
            workers.add(start("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", System.getProperty("nnj.spark.worker.memory", "1g"), "--work-dir", work.toString(), "--webui-port",
                    String.valueOf(freePort()), masterUrl()), true));
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    Path home() {
        return home;
    }

    List<Process> workers() {
        return workers;
    }

    /** Kills a worker JVM and the executor JVMs it launched, at once (SIGKILL): a lost machine. */
    void killWorker(int i) throws InterruptedException {
        Process w = workers.get(i);
        List<ProcessHandle> children = w.descendants().toList();
        w.destroyForcibly();
        for (ProcessHandle c : children) {
            c.destroyForcibly();
        }
        w.waitFor();
    }

    /** Executor JVMs the worker runs now. */
    long executorsOf(int i) {
        return workers.get(i).descendants().filter(ProcessHandle::isAlive).count();
    }

    private Process start(String name, List<String> args, boolean worker) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin);
        cmd.add("-Xmx512m");
        cmd.addAll(List.of(System.getProperty("nnj.spark.jvm.flags", "").trim().split("\\s+")));
        cmd.add("-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", ""));
        cmd.add("-cp");
        cmd.add(home.resolve("jars") + File.separator + "*");
        cmd.addAll(args);
        cmd.removeIf(String::isEmpty);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(home.resolveSibling(name + ".log").toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void packDirectory(Path dir, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                j.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }

    /** Every process still alive that this cluster started, with its descendants. */
    long alive() {
        return processes.stream().mapToLong(p -> (p.isAlive() ? 1 : 0)
                + p.descendants().filter(ProcessHandle::isAlive).count()).sum();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
        for (Process p : processes) {
            p.waitFor();
        }
    }
}
