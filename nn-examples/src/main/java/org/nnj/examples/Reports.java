package org.nnj.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.nnj.core.Evaluation;

/** Text reports of evaluations. */
final class Reports {
    private Reports() {
    }

    /** Classification metrics, or MSE/MAE/R^2 for regression. */
    static void evaluation(PrintStream out, Evaluation ev, List<String> classNames) {
        if (ev.isClassification()) {
            classification(out, ev, classNames);
        } else {
            out.printf(Locale.ROOT, "  %d samples, loss %.6f, MSE %.6f, MAE %.6f, R^2 %.4f%n", ev.samples(), ev.loss(),
                    ev.mse(), ev.mae(), ev.r2());
        }
    }

    /** Test accuracy, per-class precision/recall/F1 and the confusion matrix. */
    static void classification(PrintStream out, Evaluation ev, List<String> classNames) {
        out.printf(Locale.ROOT, "accuracy %.4f on %d samples, loss %.4f%n", ev.accuracy(), ev.samples(), ev.loss());
        if (!ev.isClassification()) {
            return;
        }
        int k = ev.confusion().length;
        int width = 8;
        for (int c = 0; c < k; c++) {
            width = Math.max(width, name(classNames, c).length());
        }
        out.printf(Locale.ROOT, "  %-" + width + "s  precision  recall     f1%n", "class");
        for (int c = 0; c < k; c++) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %9.3f  %6.3f  %5.3f%n", name(classNames, c), ev.precision(c),
                    ev.recall(c), ev.f1(c));
        }
        out.println("  confusion matrix (rows: actual, columns: predicted)");
        for (int a = 0; a < k; a++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s", name(classNames, a)));
            for (int p = 0; p < k; p++) {
                row.append(String.format(Locale.ROOT, " %5d", ev.confusion()[a][p]));
            }
            out.println(row);
        }
    }

    private static String name(List<String> names, int c) {
        return names != null && c < names.size() ? names.get(c) : Integer.toString(c);
    }
}
