package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.ShapeException;

class ScalersTest {
    /** Column 0 is 1, 2, 3, 4; column 1 is constant 5. */
    private static Dataset train(Precision p) {
        Mat x = Mat.of(p, new double[][] {{1, 5}, {2, 5}, {3, 5}, {4, 5}});
        return Dataset.regression(x, Mat.zeros(p, 4, 1), List.of(), List.of(), "train");
    }

    @Test
    void minMaxFitsOnTrainingAndAppliesUnchangedElsewhere() {
        MinMaxScaler s = MinMaxScaler.fit(train(Precision.FLOAT64));
        assertArrayEquals(new double[] {1, 5}, s.min());
        assertArrayEquals(new double[] {4, 5}, s.max());
        Dataset scaled = s.transform(train(Precision.FLOAT64));
        assertEquals(Mat.of(Precision.FLOAT64, new double[][] {{0, 0}, {1.0 / 3, 0}, {2.0 / 3, 0}, {1, 0}}),
                scaled.features());
        Mat other = Mat.of(Precision.FLOAT32, new double[][] {{7, 6}});
        s.transformInPlace(other);
        assertEquals(2.0, other.get(0, 0), 1e-6); // outside the training range: not clipped
        assertEquals(1.0, other.get(0, 1), 1e-6); // constant column: shifted only
    }

    @Test
    void standardUsesPopulationStdAndLeavesConstantColumnsUndivided() {
        StandardScaler s = StandardScaler.fit(train(Precision.FLOAT32));
        assertArrayEquals(new double[] {2.5, 5}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(1.25), 0}, s.std(), 1e-12);
        Mat x = s.transform(train(Precision.FLOAT32)).features();
        assertEquals(-1.5 / Math.sqrt(1.25), x.get(0, 0), 1e-6);
        assertEquals(0.0, x.get(3, 1));
        assertTrue(Double.isFinite(x.get(2, 1)));
    }

    @Test
    void transformCopiesAndLeavesTheInputAlone() {
        Dataset t = train(Precision.FLOAT32);
        Dataset scaled = Scalers.fit("standard", t).transform(t);
        assertEquals(1.0, t.features().get(0, 0));
        assertSame(t.targets(), scaled.targets());
    }

    @Test
    void roundTripThroughSavedStatistics() {
        for (String name : Scalers.NAMES) {
            Scaler s = Scalers.fit(name, train(Precision.FLOAT64));
            assertEquals(name, s.name());
            Map<String, double[]> stats = s.statistics();
            Scaler back = Scalers.fromStatistics(name, stats);
            Mat a = Mat.of(Precision.FLOAT64, new double[][] {{0.3, 9}});
            Mat b = Mat.of(Precision.FLOAT64, new double[][] {{0.3, 9}});
            s.transformInPlace(a);
            back.transformInPlace(b);
            assertEquals(a, b);
        }
        assertEquals(List.of("min", "max"), List.copyOf(Scalers.fit("minmax", train(Precision.FLOAT32))
                .statistics().keySet()));
        assertEquals(List.of("mean", "std"), List.copyOf(Scalers.fit("standard", train(Precision.FLOAT32))
                .statistics().keySet()));
    }

    @Test
    void noneIsTheIdentity() {
        Dataset t = train(Precision.FLOAT32);
        assertSame(t, Scalers.none().transform(t));
        assertEquals("none", Scalers.none().name());
        assertTrue(Scalers.none().statistics().isEmpty());
    }

    @Test
    void errors() {
        ConfigException e = assertThrows(ConfigException.class, () -> Scalers.fit("zscore", train(Precision.FLOAT32)));
        assertEquals("scaler: unknown scaler \"zscore\"; known: minmax, none, standard", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MinMaxScaler.of(new double[] {2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> StandardScaler.of(new double[] {0}, new double[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> StandardScaler.of(new double[] {0, 1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> StandardScaler.of(new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Scalers.fromStatistics("minmax", Map.of("min",
                new double[] {0})));
        ShapeException s = assertThrows(ShapeException.class, () -> MinMaxScaler.fit(train(Precision.FLOAT32))
                .transformInPlace(Mat.zeros(Precision.FLOAT32, 1, 3)));
        assertTrue(s.getMessage().contains("expected a matrix with 2 columns"), s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MinMaxScaler.fit(train(Precision.FLOAT32)
                .subset(new int[0])));
    }
}
