package org.nnj.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Telling the loaded BLAS from the mapped files (Debian's paths), and the thread settings it needs. */
class NativeLibraryTest {
    private static final String SHIM = "/tmp/jni-123/libnetlibblasjni.so";
    private static final String REFERENCE = "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0";
    private static final String SERIAL = "/usr/lib/x86_64-linux-gnu/openblas-serial/libopenblas-r0.3.21.so";
    private static final String PTHREAD = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0";

    private static NativeLibrary find(Map<String, String> env, String... files) {
        return NativeLibrary.find(List.of(files), env::get);
    }

    @Test
    void theReferenceBlasIsRefusedUnlessAllowed() {
        NativeLibrary lib = find(Map.of(), "/usr/lib/jvm/lib/libjava.so", SHIM, REFERENCE);
        assertEquals(NativeLibrary.Kind.OTHER, lib.kind());
        String problem = lib.problem(true);
        assertTrue(problem.contains(REFERENCE) && problem.contains("not OpenBLAS") && problem.contains(
                "require_optimized=false"), problem);
        assertNull(lib.problem(false));
        assertTrue(!lib.concurrentCallsSafe());
    }

    @Test
    void theSerialOpenBlasNeedsNoSetting() {
        NativeLibrary lib = find(Map.of(), SHIM, "/usr/lib/x86_64-linux-gnu/openblas-serial/libblas.so.3", SERIAL);
        assertEquals(NativeLibrary.Kind.OPENBLAS_SERIAL, lib.kind());
        assertNull(lib.problem(true));
        // Built without locks (as far as anyone can tell): one call at a time.
        assertTrue(!lib.concurrentCallsSafe());
    }

    @Test
    void aThreadedOpenBlasMustBeLimitedToOneThread() {
        String unset = find(Map.of(), PTHREAD).problem(true);
        assertTrue(unset.contains("OPENBLAS_NUM_THREADS=1") && unset.contains(PTHREAD), unset);
        String two = find(Map.of("OPENBLAS_NUM_THREADS", "2"), PTHREAD).problem(true);
        assertTrue(two.contains("OPENBLAS_NUM_THREADS=2, expected 1"), two);
        assertNull(find(Map.of("OPENBLAS_NUM_THREADS", "1"), PTHREAD).problem(true));
        assertTrue(find(Map.of("OPENBLAS_NUM_THREADS", "1"), PTHREAD).concurrentCallsSafe());
        // OpenBLAS reads the variables in order: the first one set decides.
        assertNull(find(Map.of("OMP_NUM_THREADS", "1"), PTHREAD).problem(true));
        String first = find(Map.of("OPENBLAS_NUM_THREADS", "4", "OMP_NUM_THREADS", "1"), PTHREAD).problem(true);
        assertTrue(first.contains("OPENBLAS_NUM_THREADS=4"), first);
        // Other distributions name the threaded builds libopenblasp / libopenblaso.
        assertEquals(NativeLibrary.Kind.OPENBLAS_THREADED,
                find(Map.of(), "/usr/lib64/libopenblasp-r0.3.26.so").kind());
        assertEquals(NativeLibrary.Kind.OPENBLAS_THREADED, find(Map.of(), "/opt/lib/libopenblas.so.0").kind());
    }

    @Test
    void openBlasWinsOverTheLibblasLinkThatLoadedIt() {
        // Debian's alternatives: libblas.so.3 in the openblas directory, then libopenblas itself.
        NativeLibrary lib = find(Map.of(), "/usr/lib/x86_64-linux-gnu/libgfortran.so.5", REFERENCE, SERIAL);
        assertEquals(NativeLibrary.Kind.OPENBLAS_SERIAL, lib.kind());
        assertEquals(SERIAL, lib.file());
    }

    @Test
    void noBlasAtAllIsUnknown() {
        NativeLibrary lib = find(Map.of(), SHIM, "/usr/lib/x86_64-linux-gnu/libc.so.6");
        assertEquals(NativeLibrary.Kind.UNKNOWN, lib.kind());
        assertTrue(lib.problem(true).contains("cannot tell which native BLAS"), lib.problem(true));
        assertNull(lib.problem(false));
    }

    @Test
    void thisProcessMapsItsOwnFiles() {
        // On Linux the JVM's own library is among them; elsewhere the set is empty and the kind unknown.
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertTrue(NativeLibrary.mappedFiles().stream().anyMatch(f -> f.contains("libjvm")),
                    "libjvm among the mapped files");
        }
    }
}
