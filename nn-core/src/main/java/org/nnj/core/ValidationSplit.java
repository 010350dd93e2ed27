package org.nnj.core;

import java.util.ArrayList;
import java.util.List;
import org.nnj.api.ConfigException;
import org.nnj.api.Mat;
import org.nnj.core.random.SplitMix;

/**
 * Holds out a fraction of the training rows for validation, by row index (nothing is copied). Stratified when
 * every target row is a class (one-hot, or 0/1 for one output): each class gives {@code round(fraction * count)}
 * of its rows, chosen by a seeded shuffle; otherwise a seeded random {@code round(fraction * n)} rows.
 */
final class ValidationSplit {
    private ValidationSplit() {
    }

    /** {@code {trainRows, validationRows}}, each sorted ascending. */
    static int[][] split(Mat targets, double fraction, long seed) {
        int n = targets.rows();
        List<List<Integer>> byClass = new ArrayList<>();
        boolean stratified = true;
        for (int r = 0; r < n && stratified; r++) {
            int c = Metrics.targetClass(targets, r);
            if (c < 0) {
                stratified = false;
                break;
            }
            while (byClass.size() <= c) {
                byClass.add(new ArrayList<>());
            }
            byClass.get(c).add(r);
        }
        if (!stratified) {
            byClass.clear();
            List<Integer> all = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                all.add(r);
            }
            byClass.add(all);
        }
        SplitMix rnd = new SplitMix(seed);
        boolean[] held = new boolean[n];
        int heldCount = 0;
        for (List<Integer> rows : byClass) {
            int take = (int) Math.round(fraction * rows.size());
            for (int i = rows.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                Integer t = rows.get(i);
                rows.set(i, rows.get(j));
                rows.set(j, t);
            }
            for (int i = 0; i < take; i++) {
                held[rows.get(i)] = true;
                heldCount++;
            }
        }
        if (heldCount == 0 || heldCount == n) {
            throw new ConfigException("training.validation_split", "a split of " + fraction + " of " + n
                    + " rows leaves " + (heldCount == 0 ? "no validation rows" : "no training rows"));
        }
        int[] train = new int[n - heldCount];
        int[] validation = new int[heldCount];
        int t = 0;
        int v = 0;
        for (int r = 0; r < n; r++) {
            if (held[r]) {
                validation[v++] = r;
            } else {
                train[t++] = r;
            }
        }
        return new int[][] {train, validation};
    }

}
