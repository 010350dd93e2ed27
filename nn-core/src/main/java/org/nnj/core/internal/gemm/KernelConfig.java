package org.nnj.core.internal.gemm;

import java.util.Objects;
import org.apiguardian.api.API;
import org.nnj.api.ConfigException;

/**
 * How the matrix multiply runs: which register tiles, block sizes, and which of its shortcuts it takes. Immutable;
 * one {@link Gemm} per configuration. None of these choices changes a result (every shortcut computes each element
 * with the same FMAs in the same order, and the k blocking, the one thing that would, is the same {@link #kc} for
 * every path), except {@link #simd} (the plain-Java kernels multiply and add instead of fusing). The defaults are
 * what the benchmarks in {@code docs/performance.md} measured fastest; a benchmark compares two configurations
 * under a JMH {@code @Param} (nn-benchmarks' {@code KernelChoiceBench}), a user sets one through the {@code cpu}
 * backend's parameters ({@link org.nnj.core.cpu.CpuBackend}).
 *
 * @param simd              use the Vector API kernels when the JVM has them (else the plain-Java 4 x 4 tiles)
 * @param largeRows         rows of the register tile of large products: 8, 6 or 4 (0: the machine's, from
 *                          {@link TileTable}: its vector registers, the JIT and the precision)
 * @param smallRows         rows of the tile of small products ({@link #smallSide}, {@link #narrowN}): 8, 6 or 4
 * @param smallSide         products with m or k at most this use the small tile
 * @param narrowN           products with n at most this use the small tile
 * @param kc                largest k block (the same for every path: it fixes the order of the additions)
 * @param mc                largest row block
 * @param nc                largest column block
 * @param directA           kernels that can read op(A) where it lies (unpacked) do so
 * @param directMaxPanels   ... when a row block meets at most this many column panels (4-row tile)
 * @param directMaxPanels6  the same for the 6- and 8-row tiles
 * @param fusedStore        full tiles without epilogue go from the registers to C (not through a buffer)
 * @param swap              {@code A * B^T} with few rows is computed as its transpose (B read in place)
 * @param swapMaxRows       ... when m is at most this
 * @param sharedPack        the parts of a product split by columns pack op(A) once, in shares
 * @param narrowTN          {@code A^T * B} with 5, 10 or 15 rows takes the in-place five-row tile
 * @param narrowRows        ... when m is at most this
 * @param vectorCopy        whole rows of op(B) panels are copied with vectors
 * @param parallelFlops     products of at least this many flops are split between threads
 * @param parallelGemv      matrix-vector products over at least this many elements of B are split
 * @param warmUpCalls       calls of the large tile on a long panel before its first use (-1: until compiled)
 * @param warmUpMillis      the longest that warm-up may take
 */
@API(status = API.Status.INTERNAL)
public record KernelConfig(boolean simd, int largeRows, int smallRows, int smallSide, int narrowN, int kc, int mc,
                           int nc, boolean directA, int directMaxPanels, int directMaxPanels6, boolean fusedStore,
                           boolean swap, int swapMaxRows, boolean sharedPack, boolean narrowTN, int narrowRows,
                           boolean vectorCopy, long parallelFlops, long parallelGemv, int warmUpCalls,
                           long warmUpMillis) {
    /** The configuration every network uses unless its {@code cpu} backend is given parameters. */
    public static final KernelConfig DEFAULT = new KernelConfig(true, 0, 4, 64, 16, 400, 144, 1024, true, 4, 0, true,
            true, 32, true, true, 15, true, 100_000L, 65_536L, -1, 3_000L);

    public KernelConfig {
        rows("largeRows", largeRows, true);
        rows("smallRows", smallRows, false);
        atLeast("smallSide", smallSide, 0);
        atLeast("narrowN", narrowN, 0);
        atLeast("kc", kc, 1);
        atLeast("mc", mc, 1);
        atLeast("nc", nc, 1);
        atLeast("directMaxPanels", directMaxPanels, 0);
        atLeast("directMaxPanels6", directMaxPanels6, 0);
        atLeast("swapMaxRows", swapMaxRows, 0);
        atLeast("narrowRows", narrowRows, 0);
        atLeast("parallelFlops", parallelFlops, 0);
        atLeast("parallelGemv", parallelGemv, 0);
        atLeast("warmUpCalls", warmUpCalls, -1);
        atLeast("warmUpMillis", warmUpMillis, 0);
    }

    private static void rows(String name, int rows, boolean zeroAllowed) {
        if (!(rows == 4 || rows == 6 || rows == 8 || zeroAllowed && rows == 0)) {
            throw new ConfigException(name, "must be 4, 6 or 8" + (zeroAllowed ? " (or 0 for the machine's)" : "")
                    + ", got " + rows);
        }
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new ConfigException(name, "must be at least " + min + ", got " + value);
        }
    }

    /**
     * The rows of the large products' tile this JVM gets for elements of {@code elementBytes} (4: float32, 8:
     * float64): {@link #largeRows}, or the machine's for 0.
     */
    public int largeTileRows(int elementBytes) {
        return largeRows != 0 ? largeRows : TileTable.machine().largeRows(elementBytes);
    }

    public KernelConfig withSimd(boolean v) {
        return new KernelConfig(v, largeRows, smallRows, smallSide, narrowN, kc, mc, nc, directA, directMaxPanels,
                directMaxPanels6, fusedStore, swap, swapMaxRows, sharedPack, narrowTN, narrowRows, vectorCopy,
                parallelFlops, parallelGemv, warmUpCalls, warmUpMillis);
    }

    /** Both tiles with {@code rows} rows (8, 6 or 4). */
    public KernelConfig withTileRows(int rows) {
        return new KernelConfig(simd, rows, rows, smallSide, narrowN, kc, mc, nc, directA, directMaxPanels,
                directMaxPanels6, fusedStore, swap, swapMaxRows, sharedPack, narrowTN, narrowRows, vectorCopy,
                parallelFlops, parallelGemv, warmUpCalls, warmUpMillis);
    }

    /** The large products' tile with {@code rows} rows (8, 6 or 4), the small products' as it is. */
    public KernelConfig withLargeRows(int rows) {
        return new KernelConfig(simd, rows, smallRows, smallSide, narrowN, kc, mc, nc, directA, directMaxPanels,
                directMaxPanels6, fusedStore, swap, swapMaxRows, sharedPack, narrowTN, narrowRows, vectorCopy,
                parallelFlops, parallelGemv, warmUpCalls, warmUpMillis);
    }

    public KernelConfig withSmallSide(int v) {
        return new KernelConfig(simd, largeRows, smallRows, v, narrowN, kc, mc, nc, directA, directMaxPanels,
                directMaxPanels6, fusedStore, swap, swapMaxRows, sharedPack, narrowTN, narrowRows, vectorCopy,
                parallelFlops, parallelGemv, warmUpCalls, warmUpMillis);
    }

    public KernelConfig withBlocks(int kcValue, int mcValue, int ncValue) {
        return new KernelConfig(simd, largeRows, smallRows, smallSide, narrowN, kcValue, mcValue, ncValue, directA,
                directMaxPanels, directMaxPanels6, fusedStore, swap, swapMaxRows, sharedPack, narrowTN, narrowRows,
                vectorCopy, parallelFlops, parallelGemv, warmUpCalls, warmUpMillis);
    }

    public KernelConfig withDirectA(boolean v, int maxPanels, int maxPanels6) {
        return new KernelConfig(simd, largeRows, smallRows, smallSide, narrowN, kc, mc, nc, v, maxPanels, maxPanels6,
                fusedStore, swap, swapMaxRows, sharedPack, narrowTN, narrowRows, vectorCopy, parallelFlops,
                parallelGemv, warmUpCalls, warmUpMillis);
    }

    public KernelConfig withFusedStore(boolean v) {
        return new KernelConfig(simd, largeRows, smallRows, smallSide, narrowN, kc, mc, nc, directA, directMaxPanels,
                directMaxPanels6, v, swap, swapMaxRows, sharedPack, narrowTN, narrowRows, vectorCopy,
                parallelFlops, parallelGemv, warmUpCalls, warmUpMillis);
    }

    public KernelConfig withSwap(boolean v) {
        return new KernelConfig(simd, largeRows, smallRows, smallSide, narrowN, kc, mc, nc, directA, directMaxPanels,
                directMaxPanels6, fusedStore, v, swapMaxRows, sharedPack, narrowTN, narrowRows, vectorCopy,
                parallelFlops, parallelGemv, warmUpCalls, warmUpMillis);
    }

    public KernelConfig withSharedPack(boolean v) {
        return new KernelConfig(simd, largeRows, smallRows, smallSide, narrowN, kc, mc, nc, directA, directMaxPanels,
                directMaxPanels6, fusedStore, swap, swapMaxRows, v, narrowTN, narrowRows, vectorCopy,
                parallelFlops, parallelGemv, warmUpCalls, warmUpMillis);
    }

    public KernelConfig withNarrowTN(boolean v) {
        return new KernelConfig(simd, largeRows, smallRows, smallSide, narrowN, kc, mc, nc, directA, directMaxPanels,
                directMaxPanels6, fusedStore, swap, swapMaxRows, sharedPack, v, narrowRows, vectorCopy,
                parallelFlops, parallelGemv, warmUpCalls, warmUpMillis);
    }

    public KernelConfig withVectorCopy(boolean v) {
        return new KernelConfig(simd, largeRows, smallRows, smallSide, narrowN, kc, mc, nc, directA, directMaxPanels,
                directMaxPanels6, fusedStore, swap, swapMaxRows, sharedPack, narrowTN, narrowRows, v,
                parallelFlops, parallelGemv, warmUpCalls, warmUpMillis);
    }

    public KernelConfig withParallel(long flops, long gemvElements) {
        return new KernelConfig(simd, largeRows, smallRows, smallSide, narrowN, kc, mc, nc, directA, directMaxPanels,
                directMaxPanels6, fusedStore, swap, swapMaxRows, sharedPack, narrowTN, narrowRows, vectorCopy,
                flops, gemvElements, warmUpCalls, warmUpMillis);
    }

    public KernelConfig withWarmUp(int calls, long millis) {
        return new KernelConfig(simd, largeRows, smallRows, smallSide, narrowN, kc, mc, nc, directA, directMaxPanels,
                directMaxPanels6, fusedStore, swap, swapMaxRows, sharedPack, narrowTN, narrowRows, vectorCopy,
                parallelFlops, parallelGemv, calls, millis);
    }

    /**
     * A named variant of {@link #DEFAULT}, for benchmarks ({@code @Param}) and the {@code cpu} backend's
     * {@code variant} parameter: {@code default}, {@code scalar}, {@code tile8}, {@code tile6}, {@code tile4}, {@code no-swap},
     * {@code no-shared-pack}, {@code no-narrow-tn}, {@code no-fused-store}, {@code no-direct-a},
     * {@code no-vector-copy}, {@code no-warm-up}.
     *
     * @throws ConfigException for another name, listing the known ones
     */
    public static KernelConfig variant(String name) {
        KernelConfig d = DEFAULT;
        switch (Objects.requireNonNull(name, "name")) {
            case "default":
                return d;
            case "scalar":
                return d.withSimd(false);
            case "tile8":
                return d.withTileRows(8);
            case "tile6":
                return d.withTileRows(6);
            case "tile4":
                return d.withTileRows(4);
            case "no-swap":
                return d.withSwap(false);
            case "no-shared-pack":
                return d.withSharedPack(false);
            case "no-narrow-tn":
                return d.withNarrowTN(false);
            case "no-fused-store":
                return d.withFusedStore(false);
            case "no-direct-a":
                return d.withDirectA(false, d.directMaxPanels, d.directMaxPanels6);
            case "no-vector-copy":
                return d.withVectorCopy(false);
            case "no-warm-up":
                return d.withWarmUp(0, d.warmUpMillis);
            default:
                throw new ConfigException("variant", "expected one of " + String.join(", ", VARIANTS) + ", got \""
                        + name + "\"");
        }
    }

    /** The names {@link #variant} knows. */
    public static final java.util.List<String> VARIANTS = java.util.List.of("default", "scalar", "tile8", "tile6", "tile4",
            "no-swap", "no-shared-pack", "no-narrow-tn", "no-fused-store", "no-direct-a", "no-vector-copy",
            "no-warm-up");
}
