package org.nnj.blas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which native BLAS the process has loaded, told from the files mapped into it ({@code /proc/self/maps}): the
 * binding only says that some {@code libblas.so.3} was found, and on Debian that may be the reference
 * implementation, 30 times slower than the built-in kernels.
 *
 * @param kind   what the library is
 * @param file   the library's file, or null when none was found
 * @param env    the process environment, for the thread settings
 */
record NativeLibrary(Kind kind, String file, UnaryOperator<String> env) {
    /** The thread-count variables OpenBLAS reads, in its order. */
    static final List<String> OPENBLAS_THREAD_VARIABLES = List.of("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS",
            "OMP_NUM_THREADS");

    enum Kind {
        /**
         * OpenBLAS built without threads (Debian's openblas-serial). Such a build has no locks unless it was also
         * built with {@code USE_LOCKING=1}, which cannot be asked at run time before OpenBLAS 0.3.27: two threads
         * calling it at once can get wrong results (OpenBLAS issues 2126, 1761). Here Debian's 0.3.21 gave
         * different test accuracies from run to run with two threads (0.8300, 0.8489, 0.8447 after one epoch of
         * the Fashion-MNIST workload) and 0.8544 every time with one thread or the pthread build.
         */
        OPENBLAS_SERIAL,
        /** OpenBLAS built with pthreads or OpenMP, or a build whose kind the path does not tell. */
        OPENBLAS_THREADED,
        MKL,
        BLIS,
        /** Some other libblas: the reference implementation or one not known here. */
        OTHER,
        /** No BLAS among the mapped files, or no way to list them on this system. */
        UNKNOWN
    }

    /** The files mapped into this process, or an empty set where {@code /proc/self/maps} does not exist. */
    static Set<String> mappedFiles() {
        Set<String> files = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash >= 0) {
                    files.add(line.substring(slash).trim());
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not Linux: the kind stays UNKNOWN.
        }
        return files;
    }

    /** The BLAS among {@code files} (the most specific kind wins: OpenBLAS, MKL, BLIS, then any libblas). */
    static NativeLibrary find(Iterable<String> files, UnaryOperator<String> env) {
        NativeLibrary best = new NativeLibrary(Kind.UNKNOWN, null, env);
        for (String f : files) {
            String path = f.toLowerCase(Locale.ROOT);
            String name = path.substring(path.lastIndexOf('/') + 1);
            Kind k;
            if (name.contains("netlib")) {
                continue; // the binding's own JNI shim
            } else if (path.contains("openblas")) {
                boolean serial = path.contains("openblas-serial");
                boolean threaded = name.startsWith("libopenblasp") || name.startsWith("libopenblaso")
                        || path.contains("openblas-pthread") || path.contains("openblas-openmp");
                k = serial && !threaded ? Kind.OPENBLAS_SERIAL : Kind.OPENBLAS_THREADED;
            } else if (name.startsWith("libmkl_")) {
                k = Kind.MKL;
            } else if (name.startsWith("libblis")) {
                k = Kind.BLIS;
            } else if (name.startsWith("libblas.") || name.startsWith("libcblas.")) {
                k = Kind.OTHER;
            } else {
                continue;
            }
            if (best.kind == Kind.UNKNOWN || k.ordinal() < best.kind.ordinal()) {
                best = new NativeLibrary(k, f, env);
            }
        }
        return best;
    }

    /**
     * Whether two threads may call the library at once: the builds with threads (their locks are compiled in),
     * MKL and BLIS. For the others {@link BlasMatOps} makes one call at a time.
     */
    boolean concurrentCallsSafe() {
        return kind == Kind.OPENBLAS_THREADED || kind == Kind.MKL || kind == Kind.BLIS;
    }

    /** Why this library must not be used, or null when it may. */
    String problem(boolean requireOptimized) {
        switch (kind) {
            case OPENBLAS_SERIAL, MKL, BLIS:
                return null;
            case OPENBLAS_THREADED: {
                for (String v : OPENBLAS_THREAD_VARIABLES) {
                    String value = env.apply(v);
                    if (value != null && !value.isBlank()) {
                        return value.trim().equals("1") ? null : "the OpenBLAS loaded (" + file + ") runs its own "
                                + "threads: " + v + "=" + value + ", expected 1. nnj splits each product over its "
                                + "own threads, and OpenBLAS threads would spin-wait beside them; set "
                                + "OPENBLAS_NUM_THREADS=1 (the nn launcher does)";
                    }
                }
                return "the OpenBLAS loaded (" + file + ") is built with threads and none of "
                        + String.join(", ", OPENBLAS_THREAD_VARIABLES) + " is set, so it would start one thread per "
                        + "core and spin-wait beside nnj's own; set OPENBLAS_NUM_THREADS=1 (the nn launcher does)";
            }
            case OTHER:
                return requireOptimized ? "the native BLAS loaded is " + file + ", not OpenBLAS, MKL or BLIS (Debian's "
                        + "reference libblas3 multiplies at 2-5 GFLOPS, about 30 times slower than the built-in "
                        + "kernels). Install OpenBLAS (apt-get install libopenblas0-pthread), point "
                        + "-Ddev.ludovic.netlib.blas.nativeLibPath at a libopenblas.so.0, or set "
                        + "require_optimized=false to use this one anyway" : null;
            default:
                return requireOptimized ? "cannot tell which native BLAS was loaded (no BLAS library among the files "
                        + "mapped into this process, or no /proc/self/maps on this system); set "
                        + "require_optimized=false to use it anyway" : null;
        }
    }

    /** For the log: the kind and the file. */
    String describe() {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + (file == null ? "" : " at " + file);
    }
}
