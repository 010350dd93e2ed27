/**
 * The built-in cost functions. Every one follows the reduction fixed by {@link org.nnj.api.spi.Loss}: the
 * per-sample loss is summed over the outputs and averaged over the rows of the batch, and the gradient is that
 * of the batch mean, so it carries {@code 1/rows}. Values are accumulated in double in both precisions. One small
 * class per plugin, listed in {@code META-INF/services/org.nnj.api.spi.Loss} and checked by a test extending
 * {@code org.nnj.testkit.LossContract}.
 */
package org.nnj.losses;
