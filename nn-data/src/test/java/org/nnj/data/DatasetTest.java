package org.nnj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnj.api.DataException;
import org.nnj.api.Mat;
import org.nnj.api.Precision;
import org.nnj.api.Shape;

class DatasetTest {
    static Dataset small() {
        Mat x = Mat.of(Precision.FLOAT32, new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
        return Dataset.classification(x, new int[] {0, 1, 1, 2}, List.of("a", "b", "c"), List.of("f1", "f2"), "s");
    }

    @Test
    void oneHotTargetsFromLabels() {
        Dataset d = small();
        assertEquals(Mat.of(Precision.FLOAT32, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}}),
                d.targets());
        assertArrayEquals(new int[] {1, 2, 1}, d.classCounts());
        assertEquals("s: classification, 4 rows x 2 features, 3 classes, float32", d.toString());
    }

    @Test
    void subsetCopiesRowsInTheGivenOrder() {
        Dataset d = small();
        Dataset s = d.subset(new int[] {3, 0, 3});
        assertArrayEquals(new int[] {2, 0, 2}, s.labels());
        assertEquals(Mat.of(Precision.FLOAT32, new double[][] {{7, 8}, {1, 2}, {7, 8}}), s.features());
        s.features().set(0, 0, 99);
        assertEquals(7.0, d.features().get(3, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> d.subset(new int[] {4}));
        assertEquals(0, d.subset(new int[0]).size());
    }

    @Test
    void precisionConversion() {
        Dataset d = small();
        assertSame(d, d.withPrecision(Precision.FLOAT32));
        Dataset d64 = d.withPrecision(Precision.FLOAT64);
        assertEquals(Precision.FLOAT64, d64.precision());
        assertEquals(Precision.FLOAT64, d64.targets().precision());
        assertEquals(8.0, d64.features().get(3, 1));
        assertArrayEquals(d.labels(), d64.labels());
    }

    @Test
    void featureCountCheckNamesBothCounts() {
        DataException e = assertThrows(DataException.class, () -> small().requireFeatureCount(784));
        assertEquals("s: expected 784 features per row (the input size), found 2", e.getMessage());
    }

    @Test
    void shapeCheckNamesTheFileTheInputShapeAndTheRowWidth() {
        assertEquals("s: expected 784 features per row (the input 1x28x28), found 2", assertThrows(
                DataException.class, () -> small().requireShape(Shape.image(1, 28, 28))).getMessage());
        assertEquals("s: expected 784 features per row (the input size), found 2", assertThrows(
                DataException.class, () -> small().requireShape(Shape.flat(784))).getMessage());
        small().requireShape(Shape.image(2, 1, 1));
        small().requireShape(Shape.flat(2));
        Dataset images = small().withSampleShape(Shape.image(1, 1, 2));
        images.requireShape(Shape.image(1, 1, 2));
        images.requireShape(Shape.flat(2));
        assertEquals("s: expected samples of 1x2x1 (the input), found images of 1x1x2", assertThrows(
                DataException.class, () -> images.requireShape(Shape.image(1, 2, 1))).getMessage());
        assertEquals("s: expected 4 features per row (the input 1x2x2), found 2 (images of 1x1x2)", assertThrows(
                DataException.class, () -> images.requireShape(Shape.image(1, 2, 2))).getMessage());
    }

    @Test
    void argumentsAreChecked() {
        Mat x = Mat.zeros(Precision.FLOAT32, 2, 2);
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(x, new int[] {0, 3}, List.of("a", "b"), List.of(), "s"));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(x, new int[] {0}, List.of("a", "b"), List.of(), "s"));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.regression(x, Mat.zeros(Precision.FLOAT64, 2, 1), List.of(), List.of(), "s"));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.unlabelled(x, List.of("only one"), "s"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Dataset.unlabelled(x, List.of(), "s").labels());
        assertTrue(e.getMessage().contains("unlabelled"));
    }
}
